// 公示: each workshop with its dates and days left; an anonymous objection after confirming, with the
// receipt kept for 举报查询; a real-name one needs a login.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import ProgramNotice from '@/packages/programs/notice/index';
import { daysLeft, daysLeftText } from '@/packages/programs/lib/programFormat';
import { reloadState } from '@/store/app';
import { beijingToday } from '@/utils/time';
import { mockResponder, resetTaro, setPages, storage, type RequestCall } from '../support/taro';
import { json, path, PID } from './fixtures';

const T = Taro as unknown as Record<string, unknown>;
beforeEach(() => {
  resetTaro();
  reloadState();
  setPages([{ route: 'packages/programs/notice/index', options: { id: PID } }]);
  T.showModal = () => Promise.resolve({ confirm: true, cancel: false });
});
afterEach(() => { delete T.showModal; });

const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const APP = '9'.repeat(24);
function server() {
  const posts: RequestCall[] = [];
  const today = beijingToday();
  mockResponder((req) => {
    const p = path(req.url);
    if (p === `/programs/${PID}/notice`) {
      return json({
        data: {
          program: { id: PID, name: '广西食品小作坊示范单位', kindLabel: '食品小作坊示范单位', issuer: '广西壮族自治区市场监督管理局', noticeDays: 5 },
          entries: [{ applicationId: APP, workshop: { id: 'w9', name: '柳南老韦米粉坊', region: { code: '450204', name: '广西壮族自治区柳州市柳南区' } }, noticeFrom: addDays(today, -2), noticeUntil: addDays(today, 4) }],
          objectionHint: '',
        },
      });
    }
    if (p === `/applications/${APP}/objections`) {
      posts.push(req);
      return json({ receiptCode: 'JB20261201001', token: 'TOKEN-ONCE-123456', duplicate: false, acceptDue: '2026-12-08' }, 201);
    }
    return json({ error: { code: 'route.not_found' } }, 404);
  });
  return posts;
}

test('days left: the last day counts', () => {
  expect(daysLeft('2026-12-07', '2026-12-01')).toBe(7);
  expect(daysLeftText('2026-12-01', '2026-12-01')).toBe('今天截止');
  expect(daysLeftText('2026-11-30', '2026-12-01')).toBe('已截止');
});

test('each entry: workshop, region, dates to the day, days left', async () => {
  server();
  render(<ProgramNotice />);
  const entry = (await screen.findByText('柳南老韦米粉坊')).closest('[data-notice]') as HTMLElement;
  const today = beijingToday();
  expect(within(entry).getByText('广西壮族自治区柳州市柳南区')).toBeTruthy();
  expect(within(entry).getByText(`公示期：${addDays(today, -2)} 至 ${addDays(today, 4)}`)).toBeTruthy();
  expect(within(entry).getByTestId('days-left').textContent).toBe('还剩 5 天');
});

test('an anonymous objection: checked, confirmed, sent with the device id; the receipt shown and kept for 举报查询', async () => {
  const posts = server();
  render(<ProgramNotice />);
  fireEvent.click(await screen.findByRole('button', { name: '提出异议' }));
  fireEvent.click(screen.getByRole('button', { name: '提交异议' }));
  expect(await screen.findByText('请填写异议内容')).toBeTruthy();
  expect(screen.getByText('请阅读并同意举报须知')).toBeTruthy();
  expect(posts).toHaveLength(0);
  fireEvent.input(screen.getByLabelText('异议内容'), { target: { value: '该作坊上月使用过期原料' } });
  fireEvent.click(screen.getByRole('checkbox'));
  fireEvent.click(screen.getByRole('button', { name: '提交异议' }));
  await waitFor(() => expect(posts).toHaveLength(1));
  expect(posts[0].data).toEqual({ description: '该作坊上月使用过期原料', anonymous: true, consent: true });
  expect(posts[0].header?.['X-Device-Id']).toMatch(/^d/);
  const receipt = await screen.findByTestId('objection-receipt');
  expect(within(receipt).getByText('JB20261201001')).toBeTruthy();
  expect(within(receipt).getByText('TOKEN-ONCE-123456')).toBeTruthy();
  expect((storage.get('xzf.tipoffReceipts') as { code: string; token: string }[])[0]).toMatchObject({ code: 'JB20261201001', token: 'TOKEN-ONCE-123456' });
});

test('a real-name objection needs a login, a name and a valid phone', async () => {
  const posts = server();
  render(<ProgramNotice />);
  fireEvent.click(await screen.findByRole('button', { name: '提出异议' }));
  fireEvent.input(screen.getByLabelText('异议内容'), { target: { value: '原料来源不明' } });
  fireEvent.click(screen.getByRole('radio', { name: '实名' }));
  fireEvent.input(screen.getByLabelText('手机号'), { target: { value: '1380000' } });
  fireEvent.click(screen.getByRole('checkbox'));
  fireEvent.click(screen.getByRole('button', { name: '提交异议' }));
  expect(await screen.findByText('实名提出异议需要先登录；也可以选择匿名')).toBeTruthy();
  expect(screen.getByText('请填写姓名')).toBeTruthy();
  expect(screen.getByText('请输入11位手机号')).toBeTruthy();
  expect(posts).toHaveLength(0);
});
