// The 报名 form on a session: the shared schema's checks, a confirmation before sending, and the three
// results (报名成功 / 候补第N位 / 待支付; paying is tested in pay.test.tsx).
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import SessionPage from '@/packages/training/session/index';
import { validateBooking } from '@/packages/training/lib/booking';
import { reloadState, setSession } from '@/store/app';
import { callsOf, mockResponder, resetTaro, setPages, type RequestCall } from '../support/taro';
import { booking, json, owner, path, session } from './fixtures';

const T = Taro as unknown as Record<string, unknown>;
let confirmAnswer = true;
const modals: Array<{ title: string; content: string }> = [];
beforeEach(() => {
  resetTaro();
  reloadState();
  setPages([{ route: 'packages/training/session/index', options: { id: 's1' } }]);
  confirmAnswer = true;
  modals.length = 0;
  T.showModal = (o: { title: string; content: string }) => { modals.push(o); return Promise.resolve({ confirm: confirmAnswer, cancel: !confirmAnswer }); };
});
afterEach(() => { delete T.showModal; });

const workshops = [{ workshop: { id: 'a'.repeat(24), name: '鱼峰李记螺蛳粉作坊' } }, { workshop: { id: 'b'.repeat(24), name: '天马米粉坊' } }];
function server(over: { s?: Parameters<typeof session>[0]; booked?: Parameters<typeof booking>[0]; mine?: unknown[] } = {}) {
  const posts: RequestCall[] = [];
  mockResponder((req) => {
    const p = path(req.url);
    if (p === '/sessions/s1' && req.method === 'GET') return json({ data: session(over.s) });
    if (p === '/workshops/mine') return json({ data: over.mine ?? workshops });
    if (p === '/sessions/s1/bookings' && req.method === 'POST') { posts.push(req); return json({ data: booking(over.booked) }, 201); }
    return json({ error: { code: 'route.not_found' } }, 404);
  });
  return posts;
}

describe('validateBooking (the shared BookBody rules)', () => {
  test('every field is required', () => {
    expect(validateBooking({ workshopId: '', name: ' ', phone: '' })).toEqual({ workshopId: '请选择报名的作坊', name: '请填写参训人员姓名', phone: '请填写参训人员手机号' });
  });
  test('a phone that is not 11 digits gets the schema\'s message; a good form passes', () => {
    expect(validateBooking({ workshopId: 'a'.repeat(24), name: '李秀英', phone: '1381234' })).toEqual({ phone: '请输入11位手机号' });
    expect(validateBooking({ workshopId: 'a'.repeat(24), name: '李秀英', phone: '13812345678' })).toEqual({});
  });
  test('a name longer than 30 characters is refused', () => {
    expect(Object.keys(validateBooking({ workshopId: 'a'.repeat(24), name: '李'.repeat(31), phone: '13812345678' }))).toEqual(['name']);
  });
});

test('a guest sees the session and 登录后报名, no form', async () => {
  server();
  render(<SessionPage />);
  expect(await screen.findByText('食品安全法规第1讲')).toBeTruthy();
  expect(screen.getByRole('button', { name: '登录后报名' })).toBeTruthy();
  expect(screen.queryByTestId('book-form')).toBeNull();
});

test('errors show under the fields and nothing is sent; a cancelled confirmation sends nothing', async () => {
  setSession('tok', owner);
  const posts = server();
  render(<SessionPage />);
  fireEvent.click(await screen.findByRole('button', { name: '提交报名' }));
  expect(await screen.findByText('请选择报名的作坊')).toBeTruthy();
  expect(screen.getByText('请填写参训人员姓名')).toBeTruthy();
  expect(screen.getByText('请填写参训人员手机号')).toBeTruthy();
  fireEvent.click(screen.getByRole('radio', { name: '天马米粉坊' }));
  fireEvent.input(screen.getByLabelText('参训人员姓名'), { target: { value: '韦小红' } });
  fireEvent.input(screen.getByLabelText('参训人员手机号'), { target: { value: '1390000' } });
  fireEvent.click(screen.getByRole('button', { name: '提交报名' }));
  expect(await screen.findByText('请输入11位手机号')).toBeTruthy();
  expect(screen.queryByText('请选择报名的作坊')).toBeNull();
  fireEvent.input(screen.getByLabelText('参训人员手机号'), { target: { value: '13900001111' } });
  confirmAnswer = false;
  fireEvent.click(screen.getByRole('button', { name: '提交报名' }));
  await waitFor(() => expect(modals).toHaveLength(1));
  expect(modals[0].content).toContain('天马米粉坊');
  expect(posts).toHaveLength(0);
});

test('a free session: confirm, then 报名成功 with a link to 我的培训', async () => {
  setSession('tok', owner);
  const posts = server();
  render(<SessionPage />);
  await screen.findByTestId('book-form');
  fireEvent.click(screen.getByRole('radio', { name: '鱼峰李记螺蛳粉作坊' }));
  fireEvent.input(screen.getByLabelText('参训人员姓名'), { target: { value: ' 李秀英 ' } });
  fireEvent.input(screen.getByLabelText('参训人员手机号'), { target: { value: '13812345678' } });
  fireEvent.click(screen.getByRole('button', { name: '提交报名' }));
  expect(await screen.findByText('报名成功')).toBeTruthy();
  expect(modals[0]).toMatchObject({ title: '确认报名' });
  expect(posts[0].data).toEqual({ workshopId: 'a'.repeat(24), attendee: { name: '李秀英', phone: '13812345678' } });
  expect(screen.getByText(/138\*\*\*\*5678/)).toBeTruthy();
  fireEvent.click(screen.getByRole('button', { name: '查看我的培训' }));
  expect(callsOf('redirectTo')).toContainEqual({ url: '/packages/training/mine/index' });
});

test('a full session offers the waitlist and shows 候补第N位', async () => {
  setSession('tok', owner);
  server({ s: { seatsLeft: 0 }, booked: { status: 'waitlisted', statusLabel: '候补中', waitlistPosition: 3 }, mine: [workshops[0]] });
  render(<SessionPage />);
  expect(await screen.findByText('名额已满：加入候补')).toBeTruthy();
  // The only workshop is chosen already.
  fireEvent.input(screen.getByLabelText('参训人员姓名'), { target: { value: '李秀英' } });
  fireEvent.input(screen.getByLabelText('参训人员手机号'), { target: { value: '13812345678' } });
  fireEvent.click(screen.getByRole('button', { name: '加入候补' }));
  expect(await screen.findByText('候补第3位')).toBeTruthy();
  expect(modals[0].title).toBe('确认加入候补');
});

test('a paid session shows 待支付 with the hold deadline; once the hold is over, no pay button', async () => {
  setSession('tok', owner);
  server({ s: { feeFen: 5000, feeLabel: '¥50.00' }, booked: { status: 'held', statusLabel: '待支付', holdUntil: '2020-11-30T02:15:00.000Z' }, mine: [workshops[0]] });
  render(<SessionPage />);
  await screen.findByTestId('book-form');
  fireEvent.input(screen.getByLabelText('参训人员姓名'), { target: { value: '李秀英' } });
  fireEvent.input(screen.getByLabelText('参训人员手机号'), { target: { value: '13812345678' } });
  fireEvent.click(screen.getByRole('button', { name: '报名（¥50.00）' }));
  expect(await screen.findByText('待支付')).toBeTruthy();
  expect(screen.getByText(/座位保留至 2020-11-30 10:15/)).toBeTruthy();
  expect(screen.getByTestId('hold-over')).toBeTruthy();
  expect(screen.queryByRole('button', { name: /支付/ })).toBeNull();
});

test('an owner without a workshop is sent to registration; a closed session has no form', async () => {
  setSession('tok', owner);
  server({ mine: [] });
  const { unmount } = render(<SessionPage />);
  expect(await screen.findByTestId('no-workshop')).toBeTruthy();
  unmount();
  server({ s: { status: 'finished', statusLabel: '已结束', signupOpen: false } });
  render(<SessionPage />);
  expect((await screen.findByTestId('signup-closed')).textContent).toContain('已结束');
});
