// The 消息 page (issue 15 point 2): unread first, each message opens its page and is marked read,
// 全部标为已读, and the loading failure / empty states; 我的 shows the unread count with a link here.
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Messages from '@/packages/messages/index';
import Mine from '@/pages/mine';
import { ROUTES } from '@/constants/routes';
import { resetNavigationState } from '@/services/navigation';
import { reloadState, setSession } from '@/store/app';
import { callsOf, mockResponder, resetTaro, setPages, type RequestCall } from './support/taro';

const owner = { id: 'u1', name: '李四', roles: ['owner'], region: null, phone: '139****1234' };
const msg = (n: number, over: Record<string, unknown> = {}) => ({
  id: `m${n}`, title: n === 1 ? '申请需要补正' : `消息${n}`, body: n === 1 ? '请补正：加工场所' : `正文${n}`,
  page: n === 1 ? 'packages/registration/detail/index?id=r1' : null, read: false, createdAt: '2026-11-30T02:00:00.000Z', ...over,
});
const path = (req: RequestCall) => new URL(req.url, 'http://x').pathname.replace(/^.*\/api\/v1/, '');
const query = (req: RequestCall) => ({ ...Object.fromEntries(new URL(req.url, 'http://x').searchParams), ...((req.method ?? 'GET') === 'GET' ? (req.data as object) : {}) }) as Record<string, unknown>;

beforeEach(() => {
  resetTaro();
  reloadState();
  resetNavigationState();
  setPages([{ route: 'packages/messages/index/index', options: {} }]);
});

test('not logged in: asks to log in and sends no request', () => {
  render(<Messages />);
  expect(screen.getByText('请先登录')).toBeTruthy();
  expect(callsOf('request')).toEqual([]);
});

test('unread messages first; opening one marks it read and opens its page', async () => {
  setSession('tok', owner as never);
  let read = false;
  mockResponder((req) => {
    const p = path(req);
    if (p === '/messages' && query(req).status === 'unread') return { statusCode: 200, data: { data: read ? [] : [msg(1)], total: read ? 0 : 1, page: 1, pageSize: 20, unread: read ? 0 : 1 } };
    if (p === '/messages/m1/read') { read = true; return { statusCode: 200, data: { data: msg(1, { read: true }) } }; }
    if (p === '/messages/unread-count') return { statusCode: 200, data: { unread: read ? 0 : 1 } };
    return { statusCode: 404, data: {} };
  });
  render(<Messages />);
  expect(await screen.findByText('申请需要补正')).toBeTruthy();
  expect(screen.getByText('请补正：加工场所')).toBeTruthy();
  expect(screen.getByRole('heading', { name: '消息（1 条未读）' })).toBeTruthy();
  fireEvent.click(screen.getByRole('link', { name: /申请需要补正/ }));
  await waitFor(() => expect(callsOf('navigateTo')).toEqual([{ url: '/packages/registration/detail/index?id=r1' }]));
  const posts = (callsOf('request') as RequestCall[]).filter((r) => r.method === 'POST').map(path);
  expect(posts).toEqual(['/messages/m1/read']);
  // Gone from the unread list, and the count with it.
  expect(screen.queryByText('申请需要补正')).toBeNull();
  expect(screen.getByRole('heading', { name: '消息' })).toBeTruthy();
});

test('全部 shows read ones too; 全部标为已读 marks them all', async () => {
  setSession('tok', owner as never);
  let unread = 2;
  mockResponder((req) => {
    const p = path(req);
    if (p === '/messages') {
      const rows = [msg(2, { read: unread === 0 }), msg(3, { read: true })];
      return { statusCode: 200, data: { data: query(req).status === 'unread' ? rows.filter((r) => !r.read) : rows, total: 2, page: 1, pageSize: 20, unread } };
    }
    if (p === '/messages/read-all') { unread = 0; return { statusCode: 200, data: { updated: 1, unread: 0 } }; }
    if (p === '/messages/unread-count') return { statusCode: 200, data: { unread } };
    return { statusCode: 404, data: {} };
  });
  render(<Messages />);
  expect(await screen.findByText('消息2')).toBeTruthy();
  fireEvent.click(screen.getByRole('radio', { name: '全部' }));
  expect(await screen.findByText('消息3')).toBeTruthy();
  expect(screen.getByText(/· 已读/)).toBeTruthy();
  fireEvent.click(screen.getByRole('button', { name: '全部标为已读' }));
  await waitFor(() => expect(screen.queryByRole('button', { name: '全部标为已读' })).toBeNull());
  expect((callsOf('request') as RequestCall[]).some((r) => path(r) === '/messages/read-all' && r.method === 'POST')).toBe(true);
  expect(screen.getAllByText(/· 已读/)).toHaveLength(2);
});

test('a failed load offers 重试; an empty unread list says so and offers all messages', async () => {
  setSession('tok', owner as never);
  let down = true;
  mockResponder((req) => {
    if (down) return { statusCode: 503, data: {} };
    if (path(req) === '/messages') return { statusCode: 200, data: { data: [], total: 0, page: 1, pageSize: 20, unread: 0 } };
    return { statusCode: 200, data: { unread: 0 } };
  });
  render(<Messages />);
  expect((await screen.findByRole('alert', {}, { timeout: 5000 })).textContent).toBe('消息加载失败');
  down = false;
  fireEvent.click(screen.getByRole('button', { name: '重试' }));
  expect(await screen.findByText('没有未读消息')).toBeTruthy();
  expect(screen.getByRole('button', { name: '查看全部消息' })).toBeTruthy();
});

test('我的 shows the unread count on 消息, which opens the message centre', async () => {
  setSession('tok', owner as never);
  setPages([{ route: 'pages/mine/index', options: {} }]);
  mockResponder((req) => (path(req) === '/messages/unread-count' ? { statusCode: 200, data: { unread: 3 } } : { statusCode: 200, data: { user: owner } }));
  render(<Mine />);
  expect(await screen.findByText('3 条未读：补正、整改等需要您处理的事项')).toBeTruthy();
  fireEvent.click(screen.getByRole('link', { name: /消息/ }));
  expect(callsOf('navigateTo')).toEqual([{ url: ROUTES.messages }]);
});
