// The reward's 待确认收款 step: a transfer bill waits for the reporter's confirmation in WeChat. On H5 the track
// page says where that happens; in the mini-program the page asks our API for the bill's package and hands
// it to wx.requestMerchantTransfer.
import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import TipoffTrack from '@/packages/tipoff/track/index';
import { H5_HINT } from '@/packages/tipoff/components/RewardConfirm';
import { requestMerchantTransfer } from '@/packages/tipoff/lib/merchantTransfer.weapp';
import { reloadState } from '@/store/app';
import { mockResponder, resetTaro, setPages } from './support/taro';

beforeEach(() => {
  resetTaro();
  reloadState();
});

const track = (status: string, statusLabel: string) => ({
  receiptCode: 'ABC123', kind: 'unlicensed', kindLabel: '无证生产', status: 'closed', statusLabel: '已办结', submittedAt: '2026-11-01T02:00:00.000Z',
  regionName: '广西壮族自治区柳州市鱼峰区', office: null, anonymous: true, reportCount: 1,
  deadlines: { accept: { due: '2026-11-10', estimated: false, overdue: false, metAt: '2026-11-02T02:00:00.000Z' }, close: null, extended: false, extensionReason: null },
  declineReason: null, outcome: { result: 'confirmed', resultLabel: '查实', publicReason: '查实', closedAt: '2026-11-05T02:00:00.000Z' },
  reward: { status, statusLabel, amountFen: 20_000, levelLabel: '三级奖励', needsClaim: false, paidAt: null },
  rating: null, canRate: false, timeline: [],
});

test('H5: a reward waiting for confirmation shows 待确认收款 and says the confirmation happens in the WeChat mini-program', async () => {
  setPages([{ route: 'packages/tipoff/track/index', options: {} }]);
  mockResponder((req) => (req.url.includes('/tipoffs/track') ? { statusCode: 200, data: track('confirming', '待确认收款') } : { statusCode: 404, data: {} }));
  render(<TipoffTrack />);
  fireEvent.input(screen.getByLabelText('回执码'), { target: { value: 'ABC123' } });
  fireEvent.input(screen.getByLabelText('查询凭证'), { target: { value: 'TOKEN1234567890' } });
  fireEvent.click(screen.getByRole('button', { name: '查询' }));
  expect(await screen.findByText('待确认收款')).toBeTruthy();
  expect(screen.getByText(H5_HINT)).toBeTruthy();
  expect(H5_HINT).toContain('微信中打开本平台小程序');
  expect(screen.queryByRole('button', { name: '确认收款' })).toBeNull();
  expect(screen.getByRole('button', { name: '刷新发放状态' })).toBeTruthy();
});

test('H5: a paid reward shows no confirmation step', async () => {
  setPages([{ route: 'packages/tipoff/track/index', options: {} }]);
  mockResponder(() => ({ statusCode: 200, data: { ...track('paid', '已发放'), reward: { ...track('paid', '已发放').reward, paidAt: '2026-11-06T02:00:00.000Z' } } }));
  render(<TipoffTrack />);
  fireEvent.input(screen.getByLabelText('回执码'), { target: { value: 'ABC123' } });
  fireEvent.input(screen.getByLabelText('查询凭证'), { target: { value: 'TOKEN1234567890' } });
  fireEvent.click(screen.getByRole('button', { name: '查询' }));
  expect(await screen.findByText('已发放')).toBeTruthy();
  expect(screen.queryByText(H5_HINT)).toBeNull();
});

describe('weapp: wx.requestMerchantTransfer', () => {
  const T = Taro as unknown as Record<string, unknown>;
  afterEach(() => { delete T.requestMerchantTransfer; delete T.canIUse; });
  const p = { mchId: '1900000109', appId: 'wx0000000000000000', package: 'ABBQO+oYAAAB==' };

  test('passes mchId, appId and package as given by the API; success and a cancel are told apart', async () => {
    const seen: unknown[] = [];
    T.canIUse = (name: string) => name === 'requestMerchantTransfer';
    T.requestMerchantTransfer = (o: { success: () => void }) => { seen.push(o); o.success(); };
    expect(await requestMerchantTransfer(p)).toBe('confirmed');
    expect(seen).toEqual([expect.objectContaining(p)]);
    T.requestMerchantTransfer = (o: { fail: (e: { errMsg: string }) => void }) => o.fail({ errMsg: 'requestMerchantTransfer:fail cancel' });
    expect(await requestMerchantTransfer(p)).toBe('cancelled');
    T.requestMerchantTransfer = (o: { fail: (e: { errMsg: string }) => void }) => o.fail({ errMsg: 'requestMerchantTransfer:fail package信息有误' });
    expect(await requestMerchantTransfer(p)).toBe('failed');
  });

  test('an old WeChat without the API: unsupported', async () => {
    T.canIUse = () => false;
    expect(await requestMerchantTransfer(p)).toBe('unsupported');
  });
});
