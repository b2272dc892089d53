// The trainer's session desk: check-in by list on a weak network (queued with its scanId, shown as
// 待上传, sent again with the same scanId when back), and 结束培训 only after a confirmation.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import RosterPage from '@/packages/training/desk/roster/index';
import { reloadState, setSession } from '@/store/app';
import { mockResponder, resetTaro, setPages, type RequestCall } from '../support/taro';
import { json, owner, path, session } from './fixtures';

const T = Taro as unknown as Record<string, unknown>;
let confirmAnswer = true;
beforeEach(() => {
  resetTaro();
  reloadState();
  setSession('tok', { ...owner, roles: ['trainer'] });
  setPages([{ route: 'packages/training/desk/roster/index', options: { id: 's1' } }]);
  confirmAnswer = true;
  T.showModal = () => Promise.resolve({ confirm: confirmAnswer, cancel: !confirmAnswer });
});
afterEach(() => { delete T.showModal; });

const BOOKING = 'b'.repeat(24);
function server() {
  const state = { online: false, attended: false, finished: false };
  const posts: RequestCall[] = [];
  mockResponder((req) => {
    const p = path(req.url);
    if (p === '/sessions/s1/roster') {
      const s = session(state.finished ? { status: 'finished', statusLabel: '已结束', signupOpen: false } : {});
      return json({ data: {
        session: s, counts: state.attended ? { attended: 1 } : { confirmed: 1 },
        entries: [{ id: BOOKING, workshop: { id: 'w1', name: '鱼峰李记螺蛳粉作坊' }, attendee: { name: '李秀英', phoneMasked: '138****5678' },
          status: state.attended ? 'attended' : 'confirmed', statusLabel: state.attended ? '已签到' : '报名成功', waitlistPosition: null,
          checkedInAt: state.attended ? '2026-12-10T01:05:00.000Z' : null, certificateNo: state.finished ? 'PX2026000009' : null }],
      } });
    }
    if (req.method === 'POST') {
      if (!state.online) throw { errMsg: 'request:fail' };
      posts.push(req);
      if (p === '/sessions/s1/check-ins') {
        state.attended = true;
        const scans = (req.data as { scans: Array<{ scanId: string }> }).scans;
        return json({ data: scans.map((s) => ({ scanId: s.scanId, result: 'attended', bookingId: BOOKING, attendeeName: '李*英', replayed: false })) });
      }
      if (p === '/sessions/s1/finish') { state.finished = true; return json({ data: session({ status: 'finished', statusLabel: '已结束', signupOpen: false }) }); }
    }
    return json({ error: { code: 'route.not_found' } }, 404);
  });
  return { state, posts };
}

test('offline check-in by list is kept, shown as 待上传, and sent with the same scanId when back', async () => {
  const { state, posts } = server();
  render(<RosterPage />);
  const row = await screen.findByText('李秀英 · 138****5678');
  const entry = row.closest('[data-entry]') as HTMLElement;
  fireEvent.click(within(entry).getByRole('button', { name: '为李秀英签到' }));
  expect(await within(entry).findByText('已签到（待上传）')).toBeTruthy();
  expect(screen.getByTestId('pending-scans').textContent).toContain('1 条签到待上传');
  const queued = (Taro.getStorageSync('xzf.training.scans.s1') as Array<{ scanId: string; bookingId: string }>);
  expect(queued).toEqual([expect.objectContaining({ bookingId: BOOKING })]);

  state.online = true;
  fireEvent.click(screen.getByRole('button', { name: '立即上传' }));
  expect(await within(entry).findByText('已签到')).toBeTruthy();
  expect(posts).toHaveLength(1);
  expect((posts[0].data as { scans: Array<{ scanId: string }> }).scans.map((s) => s.scanId)).toEqual([queued[0].scanId]);
  await waitFor(() => expect(screen.queryByTestId('pending-scans')).toBeNull());
});

test('结束培训 asks first, then the session is finished and certificates show', async () => {
  const { state, posts } = server();
  state.online = true;
  state.attended = true;
  render(<RosterPage />);
  await screen.findByText('李秀英 · 138****5678');
  confirmAnswer = false;
  fireEvent.click(screen.getByRole('button', { name: '结束培训' }));
  await new Promise((r) => setTimeout(r, 50));
  expect(posts).toHaveLength(0);
  confirmAnswer = true;
  fireEvent.click(screen.getByRole('button', { name: '结束培训' }));
  expect(await screen.findByText('证书 PX2026000009')).toBeTruthy();
  expect(posts.map((p) => path(p.url))).toEqual(['/sessions/s1/finish']);
  expect(screen.queryByRole('button', { name: '结束培训' })).toBeNull();
});

test('an owner is not let in', async () => {
  server();
  setSession('tok', owner);
  render(<RosterPage />);
  expect(screen.getByText('无权使用讲师工作台')).toBeTruthy();
});
