// PagedList, the body every paged list page shares (draws, black list, search, staff queues, repairs),
// through a real page (双随机抽查公示): a failure offers 重试, an empty list says so, 加载更多 appends.
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import DrawList from '@/packages/credit/draws';
import { reloadState } from '@/store/app';
import { mockResponder, resetTaro, setPages, type RequestCall } from './support/taro';

beforeEach(() => {
  resetTaro();
  reloadState();
  setPages([{ route: 'packages/credit/draws/index', options: {} }]);
});

const row = (n: number) => ({
  id: `d${n}`, title: `第${n}批抽查`, region: { code: '450203', name: '鱼峰区' }, sharePercent: 5,
  periodStart: '2026-11-01', periodEnd: '2026-11-30', status: 'drawn', statusLabel: '已抽取', drawnAt: null, count: null,
});
const pageOf = (req: RequestCall) => Number((req.data as { page?: number })?.page ?? new URL(req.url, 'http://x').searchParams.get('page') ?? 1);

test('a failed first page says the service is unavailable and 重试 loads the list', async () => {
  let down = true;
  mockResponder(() => (down ? { statusCode: 503, data: {} } : { statusCode: 200, data: { data: [row(1)], total: 1 } }));
  render(<DrawList />);
  expect((await screen.findByRole('alert', {}, { timeout: 5000 })).textContent).toBe('服务暂时不可用');
  down = false;
  fireEvent.click(screen.getByRole('button', { name: '重试' }));
  expect(await screen.findByText('第1批抽查')).toBeTruthy();
  expect(screen.queryByRole('alert')).toBeNull();
});

test('an empty list shows its own empty state and no 加载更多', async () => {
  mockResponder(() => ({ statusCode: 200, data: { data: [], total: 0 } }));
  render(<DrawList />);
  expect(await screen.findByText('暂无双随机抽查任务')).toBeTruthy();
  expect(screen.queryByText(/加载更多/)).toBeNull();
});

test('加载更多 appends the next page and goes away when all are shown', async () => {
  mockResponder((req) => ({ statusCode: 200, data: { data: [row(pageOf(req))], total: 2 } }));
  render(<DrawList />);
  expect(await screen.findByText('第1批抽查')).toBeTruthy();
  fireEvent.click(screen.getByRole('button', { name: '加载更多（已显示 1 / 2）' }));
  expect(await screen.findByText('第2批抽查')).toBeTruthy();
  await waitFor(() => expect(screen.queryByText(/加载更多/)).toBeNull());
  expect(screen.getByText('共 2 项抽查任务')).toBeTruthy();
});
