// The owner's 检查与整改 page (issue 15): samples of my products with the follow-up (后处理) and its
// deadline beside inspections, self-checks and penalties; the record a message links to is marked.
import { render, screen, within } from '@testing-library/react';
import MySupervision from '@/packages/credit/mine';
import { reloadState, setSession } from '@/store/app';
import { mockResponder, resetTaro, setPages, type RequestCall } from './support/taro';

const owner = { id: 'u1', name: '李四', roles: ['owner'], region: null, phone: '139****1234' };
const workshop = { id: 'w1', name: '鱼峰李记米粉作坊' };
const sample = (id: string, over: Record<string, unknown> = {}) => ({
  id, workshop: { id: 'w1', name: workshop.name }, product: '米粉', batch: '20261101', items: ['二氧化硫', '菌落总数'], sampledAt: '2026-11-20',
  lab: null, reportNo: null, result: 'fail', resultLabel: '不合格', failedItems: ['二氧化硫'], office: '柳州市鱼峰区市场监督管理局',
  followUp: { status: 'open', statusLabel: '后处理中', due: '2026-12-04', overdue: false, disposal: null, closedAt: null }, createdAt: '2026-11-20T02:00:00.000Z', ...over,
});
const path = (req: RequestCall) => new URL(req.url, 'http://x').pathname.replace(/^.*\/api\/v1/, '');

beforeEach(() => {
  resetTaro();
  reloadState();
  setSession('tok', owner as never);
});

test('lists samples with the follow-up deadline and the disposal of a closed one; the linked sample is marked', async () => {
  setPages([{ route: 'packages/credit/mine/index', options: { sample: 's1' } }]);
  mockResponder((req) => {
    const p = path(req);
    if (p === '/workshops/mine') return { statusCode: 200, data: { data: [{ workshop, certificate: null }] } };
    if (p === '/workshops/w1/samples') {
      return { statusCode: 200, data: { data: [sample('s1'), sample('s2', { followUp: { status: 'closed', statusLabel: '已完成后处理', due: '2026-10-10', overdue: false, disposal: '责令召回并停产整改', closedAt: '2026-10-08T02:00:00.000Z' } })], page: 1, pageSize: 100, total: 2 } };
    }
    return { statusCode: 200, data: { data: [], page: 1, pageSize: 100, total: 0 } };
  });
  const { container } = render(<MySupervision />);
  expect(await screen.findByRole('heading', { name: '监督抽检' })).toBeTruthy();
  const open = container.querySelector('[data-sample=s1]') as HTMLElement;
  expect(within(open).getByTestId('follow-up').textContent).toBe('后处理：后处理中，期限 2026-12-04');
  expect(within(open).getByText('• 不合格项目：二氧化硫')).toBeTruthy();
  expect(open.className).toContain('mysup__focus');
  const closed = container.querySelector('[data-sample=s2]') as HTMLElement;
  expect(within(closed).getByTestId('follow-up').textContent).toBe('后处理：已完成后处理');
  expect(within(closed).getByText(/处理结果：责令召回并停产整改/)).toBeTruthy();
  expect(closed.className).not.toContain('mysup__focus');
});

test('no samples: says so', async () => {
  setPages([{ route: 'packages/credit/mine/index', options: {} }]);
  mockResponder((req) => (path(req) === '/workshops/mine'
    ? { statusCode: 200, data: { data: [{ workshop, certificate: null }] } }
    : { statusCode: 200, data: { data: [], page: 1, pageSize: 100, total: 0 } }));
  render(<MySupervision />);
  expect(await screen.findByText('暂无抽检记录')).toBeTruthy();
});
