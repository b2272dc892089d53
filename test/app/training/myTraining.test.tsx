// 我的培训: each state of a booking in its own section, the check-in QR, 确认参加, 取消报名 with a
// confirmation, and certificates linking to the verify page.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import MyTraining, { groupBookings } from '@/packages/training/mine/index';
import { qrRows } from '@/packages/training/components/QrCode';
import { reloadState, setSession } from '@/store/app';
import { callsOf, mockResponder, resetTaro, setPages, type RequestCall } from '../support/taro';
import { booking, json, owner, path, session } from './fixtures';

const T = Taro as unknown as Record<string, unknown>;
let confirmAnswer = true;
beforeEach(() => {
  resetTaro();
  reloadState();
  setPages([{ route: 'packages/training/mine/index', options: {} }]);
  confirmAnswer = true;
  T.showModal = () => Promise.resolve({ confirm: confirmAnswer, cancel: !confirmAnswer });
});
afterEach(() => { delete T.showModal; });

const finished = session({ id: 's0', status: 'finished', statusLabel: '已结束', signupOpen: false, course: { id: 'c0', title: '标签标识规范', category: 'labeling', categoryLabel: '标签标识', hours: 3 } });
const all = () => [
  booking({ id: 'b1', checkInCode: 'AB12CD34EF56', canCancel: true }),
  booking({ id: 'b2', status: 'waitlisted', statusLabel: '候补中', waitlistPosition: 2, canCancel: true, session: session({ id: 's2', seatsLeft: 0, course: { id: 'c2', title: '添加剂使用', category: 'additives', categoryLabel: '食品添加剂', hours: 2 } }) }),
  booking({ id: 'b3', status: 'offered', statusLabel: '候补递补待确认', offerUntil: '2026-12-01T02:00:00.000Z', canAcceptOffer: true, canCancel: true, session: session({ id: 's3', course: { id: 'c3', title: '操作规范', category: 'practice', categoryLabel: '操作规范', hours: 2 } }) }),
  booking({ id: 'b4', status: 'attended', statusLabel: '已参训', certificateNo: 'PX2026000001', session: finished }),
  booking({ id: 'b5', status: 'cancelled', statusLabel: '已取消', session: session({ id: 's5', course: { id: 'c5', title: '已取消的课', category: 'other', categoryLabel: '其他', hours: 1 } }) }),
];

function server(list = all()) {
  const posts: RequestCall[] = [];
  mockResponder((req) => {
    const p = path(req.url);
    if (p === '/bookings/mine') return json({ data: list });
    if (req.method === 'POST') {
      posts.push(req);
      const id = p.split('/')[2];
      const b = list.find((x) => x.id === id)!;
      if (p.endsWith('/cancel')) Object.assign(b, { status: 'cancelled', statusLabel: '已取消', canCancel: false, checkInCode: null });
      if (p.endsWith('/accept-offer')) Object.assign(b, { status: 'confirmed', statusLabel: '报名成功', canAcceptOffer: false, offerUntil: null, checkInCode: 'ZZ12CD34EF56' });
      return json({ data: b });
    }
    return json({ error: { code: 'route.not_found' } }, 404);
  });
  return posts;
}
const section = (key: string) => document.querySelector(`[data-section="${key}"]`) as HTMLElement | null;

test('groups: offers, upcoming, waitlisted, certificates, history', () => {
  const g = groupBookings(all());
  expect(Object.fromEntries(Object.entries(g).map(([k, v]) => [k, v.map((b) => b.id)]))).toEqual({
    offers: ['b3'], held: [], upcoming: ['b1'], waitlisted: ['b2'], certificates: ['b4'], history: ['b4', 'b5'],
  });
});

test('a guest is asked to log in; nothing is requested', async () => {
  server();
  render(<MyTraining />);
  expect(screen.getByText('登录后查看我的培训')).toBeTruthy();
  expect(callsOf('request')).toHaveLength(0);
});

test('an owner with no bookings is pointed to the courses', async () => {
  setSession('tok', owner);
  server([]);
  render(<MyTraining />);
  fireEvent.click(await screen.findByRole('button', { name: '浏览课程' }));
  expect(callsOf('navigateTo')).toContainEqual({ url: '/packages/training/index/index' });
});

test('every state in its section: the check-in QR and code, the waitlist position, the offer deadline, masked phones', async () => {
  setSession('tok', owner);
  server();
  render(<MyTraining />);
  await screen.findByText('即将参加');
  const up = within(section('upcoming')!);
  expect(up.getByRole('img', { name: /签到二维码/ }).getAttribute('data-qr')).toBe('AB12CD34EF56');
  expect(up.getByText('AB12CD34EF56')).toBeTruthy();
  expect(up.getAllByText(/138\*\*\*\*5678/).length).toBeGreaterThan(0);
  expect(within(section('waitlisted')!).getByText('候补第2位')).toBeTruthy();
  expect(within(section('offers')!).getByText(/请在 2026-12-01 10:00 前确认/)).toBeTruthy();
  expect(within(section('history')!).getByText('已取消')).toBeTruthy();
  expect(section('held')).toBeNull();
});

test('a QR of the code is a real QR matrix (version 1 with a quiet zone)', () => {
  const rows = qrRows('AB12CD34EF56');
  expect(rows).toHaveLength(25);
  expect(rows[2].slice(2, 9)).toEqual([true, true, true, true, true, true, true]); // the finder pattern's top edge
  expect(rows[0].some(Boolean)).toBe(false);
});

test('确认参加 accepts the offer and the booking moves to 即将参加 with its QR', async () => {
  setSession('tok', owner);
  const posts = server();
  render(<MyTraining />);
  fireEvent.click(await screen.findByRole('button', { name: '确认参加' }));
  await waitFor(() => expect(posts.map((p) => path(p.url))).toEqual(['/bookings/b3/accept-offer']));
  await waitFor(() => expect(section('offers')).toBeNull());
  expect(within(section('upcoming')!).getAllByRole('img').map((e) => e.getAttribute('data-qr'))).toContain('ZZ12CD34EF56');
});

test('取消报名 asks first: 再想想 sends nothing, 确定取消 cancels and the booking goes to history', async () => {
  setSession('tok', owner);
  const posts = server();
  render(<MyTraining />);
  await screen.findByText('即将参加');
  confirmAnswer = false;
  fireEvent.click(within(section('upcoming')!).getByRole('button', { name: '取消报名' }));
  await new Promise((r) => setTimeout(r, 50));
  expect(posts).toHaveLength(0);
  confirmAnswer = true;
  fireEvent.click(within(section('upcoming')!).getByRole('button', { name: '取消报名' }));
  await waitFor(() => expect(posts.map((p) => path(p.url))).toEqual(['/bookings/b1/cancel']));
  await waitFor(() => expect(section('upcoming')).toBeNull());
  expect(within(section('history')!).getAllByText('已取消')).toHaveLength(2);
});

test('a certificate opens the verify page with its number', async () => {
  setSession('tok', owner);
  server();
  render(<MyTraining />);
  fireEvent.click(within((await screen.findByText('培训证书')).parentElement!).getByRole('button', { name: '查看证书' }));
  expect(callsOf('navigateTo')).toContainEqual({ url: '/packages/training/verify/index?no=PX2026000001' });
});

test('a paid seat whose hold has run out shows the deadline, that it is over, and no pay button', async () => {
  setSession('tok', owner);
  server([booking({ id: 'b9', status: 'held', statusLabel: '待支付', holdUntil: '2020-11-30T02:15:00.000Z', canCancel: true, session: session({ feeFen: 5000, feeLabel: '¥50.00' }) })]);
  render(<MyTraining />);
  expect(await screen.findByText(/座位保留至 2020-11-30 10:15/)).toBeTruthy();
  expect(screen.getByTestId('hold-over').textContent).toContain('座位保留已超时');
  expect(screen.queryByRole('button', { name: /支付/ })).toBeNull();
});

test('a failed load offers 重试', async () => {
  setSession('tok', owner);
  let down = true;
  mockResponder((req) => (down ? json({}, 503) : json({ data: all() })));
  render(<MyTraining />);
  expect(await screen.findByRole('button', { name: '重试' }, { timeout: 5000 })).toBeTruthy();
  down = false;
  fireEvent.click(screen.getByRole('button', { name: '重试' }));
  expect(await screen.findByText('即将参加')).toBeTruthy();
});
