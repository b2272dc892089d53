// The one page pattern: usePageData / usePagedList (stale answers dropped, nothing set after unmount),
// EmptyState (a network error or a 5xx never says "not found" or "no permission"), the 404 page, and
// the public credit file rendering a record that lacks optional arrays.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import App from '@/app';
import EmptyState from '@/components/EmptyState';
import Field from '@/components/Field';
import { ROUTES } from '@/constants/routes';
import { notFound, problemOf } from '@/hooks/pageProblem';
import { usePageData } from '@/hooks/usePageData';
import { usePagedList } from '@/hooks/usePagedList';
import WorkshopCredit from '@/packages/credit/workshop';
import NotFound from '@/pages/not-found';
import { ApiError } from '@/services/request';
import { reloadState } from '@/store/app';
import { callsOf, mockResponder, pageNotFound, pullDown, reachBottom, resetTaro, setPages, type RequestCall } from './support/taro';

beforeEach(() => {
  resetTaro();
  reloadState();
});

/** A promise the test settles by hand, to order answers as a slow network would. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const NOT_FOUND_WORDS = /不存在|未找到|无权/;

describe('problemOf: what a failed load means to the reader', () => {
  test.each([
    ['network error', new ApiError('network.error', '网络连接失败', 0), 'error', '网络不稳定'],
    ['timeout', new ApiError('network.timeout', '网络请求超时', 0), 'error', '网络不稳定'],
    ['500', new ApiError('server.error', '服务器开小差了', 500), 'error', '服务暂时不可用'],
    ['503', new ApiError('http.503', '服务器开小差了', 503), 'error', '服务暂时不可用'],
    ['invalid response', new ApiError('response.invalid', '服务返回的数据有误', 200), 'error', '服务暂时不可用'],
    ['a thrown bug', new TypeError('x is undefined'), 'error', '加载失败'],
  ])('%s is an error with 重试, never "not found" or "no permission"', (_name, e, status, title) => {
    const p = problemOf(e);
    expect(p.status).toBe(status);
    expect(p.title).toBe(title);
    expect(`${p.title}${p.message}`).not.toMatch(NOT_FOUND_WORDS);
  });

  test('only a 404 is "missing", only 401/403 are "forbidden"', () => {
    expect(problemOf(new ApiError('resource.not_found', '不存在', 404))).toMatchObject({ status: 'missing', title: '内容不存在' });
    expect(problemOf(notFound())).toMatchObject({ status: 'missing' });
    expect(problemOf(new ApiError('auth.forbidden', '不在您的辖区', 403))).toMatchObject({ status: 'forbidden', title: '无权查看', message: '不在您的辖区' });
    expect(problemOf(new ApiError('auth.required', '请先登录', 401))).toMatchObject({ status: 'forbidden', login: true });
    expect(problemOf(new ApiError('validation.failed', '编号格式不正确', 400))).toMatchObject({ status: 'error', message: '编号格式不正确' });
  });
});

describe('EmptyState', () => {
  test('an error offers 重试 and says what happened', () => {
    const retry = jest.fn();
    render(<EmptyState problem={problemOf(new ApiError('network.error', 'x', 0))} onRetry={retry} />);
    expect(screen.getByRole('alert').textContent).toBe('网络不稳定');
    expect(document.body.textContent).not.toMatch(NOT_FOUND_WORDS);
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });

  test('no permission after a 401 offers 登录; not found offers no 重试', () => {
    const { unmount } = render(<EmptyState problem={problemOf(new ApiError('auth.required', 'x', 401))} onRetry={jest.fn()} />);
    expect(screen.getByRole('button', { name: '登录' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: '重试' })).toBeNull();
    unmount();
    render(<EmptyState problem={problemOf(notFound())} onRetry={jest.fn()} />);
    expect(screen.getByRole('alert').textContent).toBe('内容不存在');
    expect(screen.queryByRole('button')).toBeNull();
  });

  test('loading and empty are polite status messages with their own actions', () => {
    const clear = jest.fn();
    render(<EmptyState status='empty' title='没有找到相关作坊' actions={[{ text: '清除全部条件', onClick: clear }]} />);
    expect(screen.getByRole('status').textContent).toBe('没有找到相关作坊');
    fireEvent.click(screen.getByRole('button', { name: '清除全部条件' }));
    expect(clear).toHaveBeenCalled();
    expect(document.querySelector('[data-status=empty] .empty-state__image--empty')).toBeTruthy();
  });
});

function DataProbe({ load, onShow }: { load: () => Promise<string>; onShow?: boolean }) {
  const { state, reload, retry } = usePageData(load, { onShow, pullDownRefresh: true });
  return (
    <div>
      <span data-testid='state'>{state.status === 'ready' ? `ready:${state.data}` : state.status}</span>
      <button type='button' onClick={() => void reload()}>reload</button>
      <button type='button' onClick={() => void retry()}>retry</button>
    </div>
  );
}
const shownState = () => screen.getByTestId('state').textContent;

describe('usePageData', () => {
  test('a slower earlier answer never overwrites a newer one', async () => {
    const answers = [deferred<string>(), deferred<string>()];
    let n = 0;
    render(<DataProbe load={() => answers[n++].promise} />);
    expect(shownState()).toBe('loading');
    fireEvent.click(screen.getByText('retry')); // a second request while the first is under way
    await act(async () => answers[1].resolve('new'));
    expect(shownState()).toBe('ready:new');
    await act(async () => answers[0].resolve('old'));
    expect(shownState()).toBe('ready:new');
  });

  test('404 → missing, 403 → forbidden, network → error; retry recovers', async () => {
    const next: Array<() => Promise<string>> = [
      () => Promise.reject(new ApiError('resource.not_found', 'x', 404)),
      () => Promise.reject(new ApiError('auth.forbidden', 'x', 403)),
      () => Promise.reject(new ApiError('network.error', 'x', 0)),
      () => Promise.resolve('ok'),
    ];
    render(<DataProbe load={() => next.shift()!()} />);
    await waitFor(() => expect(shownState()).toBe('missing'));
    fireEvent.click(screen.getByText('retry'));
    await waitFor(() => expect(shownState()).toBe('forbidden'));
    fireEvent.click(screen.getByText('retry'));
    await waitFor(() => expect(shownState()).toBe('error'));
    fireEvent.click(screen.getByText('retry'));
    await waitFor(() => expect(shownState()).toBe('ready:ok'));
  });

  test('a reload keeps the page on screen; a failed refresh keeps it and says so in a toast', async () => {
    const second = deferred<string>();
    const loads = [() => Promise.resolve('first'), () => second.promise];
    render(<DataProbe load={() => loads.shift()!()} />);
    await waitFor(() => expect(shownState()).toBe('ready:first'));
    fireEvent.click(screen.getByText('reload'));
    expect(shownState()).toBe('ready:first');
    await act(async () => second.reject(new ApiError('server.error', 'x', 500)));
    expect(shownState()).toBe('ready:first');
    expect(callsOf('showToast')).toEqual([expect.objectContaining({ title: '刷新失败：服务暂时不可用，请稍后重试。' })]);
  });

  test('pull-down reloads and then stops the refresh indicator', async () => {
    let n = 0;
    render(<DataProbe load={() => Promise.resolve(`v${++n}`)} />);
    await waitFor(() => expect(shownState()).toBe('ready:v1'));
    act(() => pullDown());
    await waitFor(() => expect(shownState()).toBe('ready:v2'));
    expect(callsOf('stopPullDownRefresh')).toHaveLength(1);
  });

  test('a page that is gone sets nothing: its late answer and its failed refresh are dropped', async () => {
    const late = deferred<string>();
    const loads = [() => Promise.resolve('first'), () => late.promise];
    const { unmount } = render(<DataProbe load={() => loads.shift()!()} />);
    await waitFor(() => expect(shownState()).toBe('ready:first'));
    fireEvent.click(screen.getByText('reload'));
    unmount();
    await act(async () => late.reject(new ApiError('server.error', 'x', 500)));
    expect(callsOf('showToast')).toEqual([]);
  });
});

function ListProbe({ fetchPage, filter }: { fetchPage: (filter: string, page: number) => Promise<{ data: string[]; total: number }>; filter: string }) {
  const list = usePagedList((page) => fetchPage(filter, page), { deps: [filter] });
  return (
    <div>
      <span data-testid='list'>{list.state.status}:{list.items.join(',')}:{list.more}</span>
      <button type='button' onClick={list.loadMore}>more</button>
    </div>
  );
}
const shownList = () => screen.getByTestId('list').textContent;

describe('usePagedList', () => {
  test('a newer filter wins over a late answer to the older one; pages append', async () => {
    const slow = deferred<{ data: string[]; total: number }>();
    const fetchPage = jest.fn((filter: string, page: number) =>
      filter === 'a' ? slow.promise : Promise.resolve({ data: [`${filter}${page}`], total: 2 }));
    const { rerender } = render(<ListProbe fetchPage={fetchPage} filter='a' />);
    rerender(<ListProbe fetchPage={fetchPage} filter='b' />);
    await waitFor(() => expect(shownList()).toBe('ready:b1:idle'));
    await act(async () => slow.resolve({ data: ['a1'], total: 1 }));
    expect(shownList()).toBe('ready:b1:idle');
    act(() => reachBottom());
    await waitFor(() => expect(shownList()).toBe('ready:b1,b2:idle'));
    fireEvent.click(screen.getByText('more')); // all 2 shown: nothing more to ask
    expect(fetchPage).toHaveBeenCalledTimes(3);
  });

  test('a failed next page keeps the rows and can be asked again', async () => {
    let failNext = true;
    const fetchPage = (_f: string, page: number) =>
      page === 2 && failNext ? Promise.reject(new ApiError('network.error', 'x', 0)) : Promise.resolve({ data: [`r${page}`], total: 2 });
    render(<ListProbe fetchPage={fetchPage} filter='x' />);
    await waitFor(() => expect(shownList()).toBe('ready:r1:idle'));
    fireEvent.click(screen.getByText('more'));
    await waitFor(() => expect(shownList()).toBe('ready:r1:error'));
    failNext = false;
    fireEvent.click(screen.getByText('more'));
    await waitFor(() => expect(shownList()).toBe('ready:r1,r2:idle'));
  });
});

describe('the public credit file', () => {
  const ID = 'a'.repeat(24);
  const detail = {
    id: ID, name: '李记螺蛳粉', region: { code: '450203', name: '广西壮族自治区柳州市鱼峰区' }, categories: [{ code: 'rice_noodle', name: '米面制品' }],
    status: 'registered', statusLabel: '已登记', certificateStatus: 'valid', riskGrade: null, lastInspectionAt: null,
    ownerName: '李*', address: '柳石路188号', products: ['螺蛳粉'], certificate: null, risk: null, latestInspection: null,
  };
  const open = (respond: (req: RequestCall) => { statusCode: number; data: unknown }) => {
    setPages([{ route: 'packages/credit/workshop/index', options: { id: ID } }]);
    mockResponder(respond);
    render(<WorkshopCredit />);
  };

  test('a newly approved workshop without badges (and without a timeline array) still renders', async () => {
    open((req) => (req.url.endsWith('/timeline') ? { statusCode: 200, data: {} } : { statusCode: 200, data: detail }));
    expect(await screen.findByRole('heading', { name: '李记螺蛳粉' })).toBeTruthy();
    expect(document.body.textContent).toContain('米面制品');
    expect(document.body.textContent).toContain('暂无公开记录');
    expect(document.querySelectorAll('.tag--award')).toHaveLength(0);
  });

  test('a 404 says the file was not found', async () => {
    open(() => ({ statusCode: 404, data: { error: { code: 'workshop.not_found', message: '作坊不存在' } } }));
    expect((await screen.findByRole('alert')).textContent).toBe('未找到该作坊的公开档案');
  });

  test('a 5xx says the service is unavailable and offers 重试, which loads the file', async () => {
    let down = true;
    open((req) => (down ? { statusCode: 503, data: {} } : req.url.endsWith('/timeline') ? { statusCode: 200, data: { data: [] } } : { statusCode: 200, data: { ...detail, badges: ['非遗'] } }));
    expect((await screen.findByRole('alert', {}, { timeout: 5000 })).textContent).toBe('服务暂时不可用');
    expect(document.body.textContent).not.toMatch(NOT_FOUND_WORDS);
    down = false;
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    expect(await screen.findByRole('heading', { name: '李记螺蛳粉' })).toBeTruthy();
    expect(screen.getByText('非遗')).toBeTruthy();
  });

  test('a network failure says the network is unstable, never "not found"', async () => {
    open(() => {
      throw { errMsg: 'request:fail' };
    });
    expect((await screen.findByRole('alert', {}, { timeout: 5000 })).textContent).toBe('网络不稳定');
    expect(document.body.textContent).not.toMatch(NOT_FOUND_WORDS);
    expect(screen.getByRole('button', { name: '重试' })).toBeTruthy();
  });
});

describe('an unknown address', () => {
  test('the app sends it to the 404 page, which offers a way home', () => {
    render(<App><div /></App>);
    act(() => pageNotFound('/pages/nope/index'));
    expect(callsOf('redirectTo')).toEqual([{ url: `${ROUTES.notFound}?path=${encodeURIComponent('/pages/nope/index')}` }]);

    setPages([{ route: 'pages/not-found/index', options: { path: '/pages/nope/index' } }]);
    render(<NotFound />);
    expect(screen.getByRole('alert').textContent).toBe('页面不存在');
    expect(screen.getByText('访问的地址：/pages/nope/index')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '返回首页' }));
    expect(callsOf('switchTab')).toEqual([{ url: ROUTES.home }]);
  });
});

describe('long text fields', () => {
  test('multiline is a labelled text area with a character counter', () => {
    const onInput = jest.fn();
    render(<Field label='整改说明' value='已清洁' maxlength={500} multiline onInput={onInput} />);
    const box = screen.getByRole('textbox', { name: '整改说明' });
    expect(box.tagName).toBe('TEXTAREA');
    expect(box.getAttribute('maxlength')).toBe('500');
    expect(screen.getByText('3/500')).toBeTruthy();
    fireEvent.change(box, { target: { value: '已清洁消毒' } });
    expect(onInput).toHaveBeenCalledWith('已清洁消毒');
  });
});
