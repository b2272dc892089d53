// Paying for a held booking: 去支付 with the time left of the hold; a desktop browser shows the Native QR code
// and reads the booking until the server confirmed it; a phone browser goes to WeChat Pay's H5 page; the
// mini-program opens Taro.requestPayment with the server's parameters; refunds are shown on the booking.
import { TextEncoder } from 'node:util';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import MyTraining from '@/packages/training/mine/index';
import SessionPage from '@/packages/training/session/index';
import { holdLeft } from '@/packages/training/components/PayPanel';
import { payChannelHere, startPayment } from '@/packages/training/lib/pay';
import * as weapp from '@/packages/training/lib/pay.weapp';
import { reloadState, setSession } from '@/store/app';
import { callsOf, mockResponder, resetTaro, setPages, type RequestCall } from '../support/taro';
import { booking, json, owner, path, session } from './fixtures';

// The QR encoder encodes a URL (byte mode) with TextEncoder, which browsers have and jsdom lacks.
(globalThis as { TextEncoder?: unknown }).TextEncoder ??= TextEncoder;
const T = Taro as unknown as Record<string, unknown>;
beforeEach(() => {
  resetTaro();
  reloadState();
  setPages([{ route: 'packages/training/mine/index', options: {} }]);
  T.showModal = () => Promise.resolve({ confirm: true, cancel: false });
});
afterEach(() => { delete T.showModal; delete T.requestPayment; });

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const paidSession = session({ feeFen: 5000, feeLabel: '50.00元' });
const held = () => booking({
  id: 'b9', status: 'held', statusLabel: '待支付', holdUntil: inMinutes(10), canCancel: true, canPay: true, session: paidSession,
  payment: { status: 'unpaid', statusLabel: '待支付', amountFen: 5000, refundFen: null, label: '待支付 ¥50.00' },
});
const confirmed = () => booking({
  id: 'b9', status: 'confirmed', statusLabel: '报名成功', checkInCode: 'AB12CD34EF56', canCancel: true, session: paidSession,
  payment: { status: 'paid', statusLabel: '已支付', amountFen: 5000, refundFen: null, label: '已支付 ¥50.00' },
});
const CODE_URL = 'weixin://wxpay/bizpayurl?pr=abcd1234';

/** The API as the server answers: /bookings/mine from `list()`, POST /bookings/b9/pay with what `start` says. */
function server(list: () => unknown[], start: Record<string, unknown> = { channel: 'native', codeUrl: CODE_URL, h5Url: null, requestPayment: null }) {
  const pays: RequestCall[] = [];
  mockResponder((req) => {
    const p = path(req.url);
    if (p === '/bookings/mine') return json({ data: list() });
    if (p === '/bookings/b9/pay' && req.method === 'POST') {
      pays.push(req);
      return json({ data: { booking: held(), expiresAt: held().holdUntil, ...start } });
    }
    if (p === '/sessions/s1') return json({ data: paidSession });
    if (p === '/workshops/mine') return json({ data: [{ workshop: { id: 'a'.repeat(24), name: '鱼峰李记螺蛳粉作坊' } }] });
    if (p === '/sessions/s1/bookings' && req.method === 'POST') return json({ data: held() }, 201);
    return json({ error: { code: 'route.not_found' } }, 404);
  });
  return pays;
}

test('holdLeft counts down in mm:ss and ends at the deadline', () => {
  const now = Date.parse('2026-11-30T02:00:00.000Z');
  expect(holdLeft('2026-11-30T02:01:30.000Z', now)).toBe('01:30');
  expect(holdLeft('2026-11-30T02:15:00.000Z', now)).toBe('15:00');
  expect(holdLeft('2026-11-30T02:00:00.000Z', now)).toBeNull();
  expect(holdLeft(null, now)).toBeNull();
});

test('我的培训 on a desktop browser: 去支付 with the countdown, the Native QR code, then 报名成功 once the server confirmed', async () => {
  setSession('tok', owner);
  let paid = false;
  const pays = server(() => [paid ? confirmed() : held()]);
  render(<MyTraining />);
  const card = within(await screen.findByTestId('pay-panel'));
  expect(card.getByTestId('hold-left').textContent).toMatch(/¥?50\.00.*请在 (09:5\d|10:00) 内完成支付/);
  fireEvent.click(card.getByRole('button', { name: '去支付' }));
  const qr = await screen.findByRole('img', { name: '微信支付二维码' });
  expect(qr.getAttribute('data-qr')).toBe(CODE_URL);
  expect(pays.map((r) => r.data)).toEqual([{ channel: 'native' }]);
  expect(screen.queryByRole('button', { name: '去支付' })).toBeNull();
  // The payer scans; the notification confirms the booking on the server; the page reads it again.
  paid = true;
  await waitFor(() => expect(callsOf('showToast')).toContainEqual(expect.objectContaining({ title: '支付成功' })), { timeout: 6000 });
  const up = await screen.findByText('即将参加');
  expect(up).toBeTruthy();
  expect(await screen.findByText('已支付 ¥50.00')).toBeTruthy();
  expect(screen.queryByTestId('pay-panel')).toBeNull();
}, 10_000);

test('the booking result on the session page offers 去支付 right away', async () => {
  setSession('tok', owner);
  setPages([{ route: 'packages/training/session/index', options: { id: 's1' } }]);
  const pays = server(() => [held()]);
  render(<SessionPage />);
  await screen.findByTestId('book-form');
  fireEvent.input(screen.getByLabelText('参训人员姓名'), { target: { value: '李秀英' } });
  fireEvent.input(screen.getByLabelText('参训人员手机号'), { target: { value: '13812345678' } });
  fireEvent.click(screen.getByRole('button', { name: '报名（50.00元）' }));
  const result = within(await screen.findByTestId('book-result'));
  expect(result.getByText('待支付')).toBeTruthy();
  fireEvent.click(result.getByRole('button', { name: '去支付' }));
  expect((await screen.findByRole('img', { name: '微信支付二维码' })).getAttribute('data-qr')).toBe(CODE_URL);
  expect(pays).toHaveLength(1);
});

test('H5: a phone browser pays on WeChat Pay\'s H5 page, a desktop browser by the Native QR code', async () => {
  expect(payChannelHere('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148')).toBe('h5');
  expect(payChannelHere('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36')).toBe('h5');
  expect(payChannelHere('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120 Safari/537.36')).toBe('native');
  const went: string[] = [];
  const h5Url = 'https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx1';
  expect(await startPayment({ channel: 'h5', h5Url, codeUrl: null, requestPayment: null }, (u) => went.push(u))).toBe('left');
  expect(went).toEqual([`${h5Url}&redirect_url=${encodeURIComponent(window.location.href)}`]);
  expect(await startPayment({ channel: 'native', codeUrl: CODE_URL, h5Url: null, requestPayment: null }, (u) => went.push(u))).toBe('shown');
  expect(went).toHaveLength(1);
});

test('weapp: Taro.requestPayment with the server\'s parameters; a cancelled sheet is told apart from a failure', async () => {
  const params = { appId: 'wx-app', timeStamp: '1764468000', nonceStr: 'n1', package: 'prepay_id=wx1', signType: 'RSA' as const, paySign: 'c2ln' };
  const seen: unknown[] = [];
  let answer: 'ok' | 'cancel' | 'fail' = 'ok';
  T.requestPayment = (o: unknown) => {
    seen.push(o);
    return answer === 'ok' ? Promise.resolve({ errMsg: 'requestPayment:ok' }) : Promise.reject({ errMsg: `requestPayment:fail ${answer}` });
  };
  expect(weapp.payChannelHere()).toBe('jsapi');
  const start = { channel: 'jsapi' as const, requestPayment: params, codeUrl: null, h5Url: null };
  expect(await weapp.startPayment(start)).toBe('paid');
  expect(seen).toEqual([{ timeStamp: '1764468000', nonceStr: 'n1', package: 'prepay_id=wx1', signType: 'RSA', paySign: 'c2ln' }]);
  answer = 'cancel';
  expect(await weapp.startPayment(start)).toBe('cancelled');
  answer = 'fail';
  expect(await weapp.startPayment(start)).toBe('failed');
  expect(await weapp.startPayment({ ...start, requestPayment: null })).toBe('failed');
});

test('refund status on 我的培训: 退款中 and 已退款 with the amount, a rule without refund said so', async () => {
  setSession('tok', owner);
  const cancelled = (id: string, payment: Record<string, unknown>) => booking({
    id, status: 'cancelled', statusLabel: '已取消', session: session({ id: `s-${id}`, feeFen: 5000, feeLabel: '50.00元' }),
    payment: { statusLabel: '', amountFen: 5000, refundFen: null, ...payment } as never,
  });
  server(() => [
    cancelled('r1', { status: 'refunding', refundFen: 2500, label: '退款中 ¥25.00' }),
    cancelled('r2', { status: 'refunded', refundFen: 5000, label: '已退款 ¥50.00' }),
    cancelled('r3', { status: 'paid', label: '已支付 ¥50.00（按退款规则不退款）' }),
  ]);
  render(<MyTraining />);
  await screen.findByText('历史记录');
  const card = (id: string) => within(document.querySelector(`[data-booking="${id}"]`) as HTMLElement);
  expect(card('r1').getByText('退款中 ¥25.00')).toBeTruthy();
  expect(card('r2').getByText('已退款 ¥50.00')).toBeTruthy();
  expect(card('r3').getByText('已支付 ¥50.00（按退款规则不退款）')).toBeTruthy();
});
