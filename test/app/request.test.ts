import { ERROR_MESSAGES } from '@shared/domain/errors';
import { ROUTES } from '@/constants/routes';
import { api, ApiError, request } from '@/services/request';
import { resetNavigationState, returnAfterLogin } from '@/services/navigation';
import { getState, reloadState, setSession } from '@/store/app';
import { STORAGE_KEYS } from '@/store/storage';
import { callsOf, mockResponder, resetTaro, setPages, storage, type RequestCall } from './support/taro';

const user = { id: 'u1', name: '张三', roles: ['owner' as const], region: { code: '450203', name: '鱼峰区' }, phone: '138****0000' };
const fast = { retryDelay: 1 };

beforeEach(() => {
  resetTaro();
  reloadState();
  resetNavigationState();
});

test('sends the bearer token when logged in, and none when not', async () => {
  const seen: RequestCall[] = [];
  mockResponder((req) => {
    seen.push(req);
    return { statusCode: 200, data: { ok: true } };
  });
  await api.get('/health');
  setSession('tok-1', user);
  await api.get('/me');
  expect(seen[0].header?.Authorization).toBeUndefined();
  expect(seen[1].header?.Authorization).toBe('Bearer tok-1');
  expect(seen[1].url).toBe('/api/v1/me');
});

test('builds the query string and leaves out empty values', async () => {
  mockResponder(() => ({ statusCode: 200, data: { data: [] } }));
  await api.get('/regions', { parent: '45', empty: '', missing: undefined });
  expect((callsOf('request')[0] as RequestCall).url).toBe('/api/v1/regions?parent=45');
});

test('401 clears the session, opens login and remembers the page for the way back', async () => {
  setSession('expired', user);
  setPages([{ route: 'pages/home/index' }, { route: 'packages/registration/index/index', options: { id: 'r 1' } }]);
  mockResponder(() => ({ statusCode: 401, data: { error: { code: 'auth.token_expired', message: '登录已过期，请重新登录' } } }));

  await expect(api.get('/registrations/mine')).rejects.toMatchObject({ status: 401, code: 'auth.token_expired' });

  expect(getState().token).toBeNull();
  expect(storage.has(STORAGE_KEYS.token)).toBe(false);
  expect(callsOf('navigateTo')).toEqual([{ url: ROUTES.login }]);
  expect(storage.get(STORAGE_KEYS.returnTo)).toBe('/packages/registration/index/index?id=r%201');
  expect(callsOf('showToast')).toEqual([expect.objectContaining({ title: '登录已过期，请重新登录', icon: 'none' })]);
});

test('401 on the login page itself does not open login again', async () => {
  setPages([{ route: 'pages/login/index' }]);
  mockResponder(() => ({ statusCode: 401, data: { error: { code: 'auth.required', message: '请先登录' } } }));
  await expect(api.get('/me')).rejects.toBeInstanceOf(ApiError);
  expect(callsOf('navigateTo')).toEqual([]);
});

test('errors show the server message, else the shared Chinese text for the code', async () => {
  mockResponder(() => ({ statusCode: 409, data: { error: { code: 'state.conflict', message: '申请已提交，不能修改' } } }));
  await expect(api.post('/x', {})).rejects.toMatchObject({ message: '申请已提交，不能修改' });

  mockResponder(() => ({ statusCode: 429, data: { error: { code: 'rate.limited' } } }));
  await expect(api.post('/x', {})).rejects.toMatchObject({ message: ERROR_MESSAGES['rate.limited'] });

  mockResponder(() => ({ statusCode: 502, data: '<html>Bad gateway</html>' }));
  await expect(api.post('/x', {})).rejects.toMatchObject({ code: 'server.error', message: '系统繁忙，请稍后再试' });

  expect(callsOf('showToast').map((t) => (t as { title: string }).title)).toEqual([
    '申请已提交，不能修改',
    '操作过于频繁，请稍后再试',
    '系统繁忙，请稍后再试',
  ]);
});

test('toast: false keeps errors silent for the caller to handle', async () => {
  mockResponder(() => ({ statusCode: 404, data: { error: { code: 'resource.not_found', message: '未找到相关内容' } } }));
  await expect(api.get('/x', undefined, { toast: false, ...fast })).rejects.toMatchObject({ status: 404 });
  expect(callsOf('showToast')).toEqual([]);
});

test('GET is retried on network errors and 5xx, then succeeds', async () => {
  let n = 0;
  mockResponder(() => {
    n += 1;
    if (n === 1) throw { errMsg: 'request:fail net::ERR_CONNECTION_REFUSED' };
    if (n === 2) return { statusCode: 503, data: { error: { code: 'server.error', message: '系统繁忙，请稍后再试' } } };
    return { statusCode: 200, data: { ok: true } };
  });
  await expect(api.get('/health', undefined, fast)).resolves.toEqual({ ok: true });
  expect(callsOf('request')).toHaveLength(3);
  expect(callsOf('showToast')).toEqual([]);
});

test('GET gives up after 2 retries with a network message', async () => {
  mockResponder(() => {
    throw { errMsg: 'request:fail' };
  });
  await expect(api.get('/health', undefined, fast)).rejects.toMatchObject({ code: 'network.error', status: 0 });
  expect(callsOf('request')).toHaveLength(3);
  expect(callsOf('showToast')).toEqual([expect.objectContaining({ title: '网络连接失败，请检查网络后重试' })]);
});

test('POST is never retried (not idempotent), nor is a 4xx GET', async () => {
  mockResponder(() => ({ statusCode: 503, data: { error: { code: 'server.error', message: '系统繁忙，请稍后再试' } } }));
  await expect(request('/tipoffs', { method: 'POST', data: {}, retries: 5, ...fast })).rejects.toMatchObject({ status: 503 });
  expect(callsOf('request')).toHaveLength(1);

  mockResponder(() => ({ statusCode: 400, data: { error: { code: 'request.invalid', message: '填写的内容有误，请检查后再试' } } }));
  await expect(api.get('/x', undefined, fast)).rejects.toMatchObject({ status: 400 });
  expect(callsOf('request')).toHaveLength(2);
});

test('loading indicator is shown and hidden once, also on failure', async () => {
  mockResponder(() => ({ statusCode: 200, data: {} }));
  await api.post('/x', {}, { loading: '提交中' });
  mockResponder(() => ({ statusCode: 400, data: { error: { code: 'request.invalid' } } }));
  await expect(api.post('/x', {}, { loading: true })).rejects.toBeInstanceOf(ApiError);
  expect(callsOf('showLoading')).toEqual([
    { title: '提交中', mask: true },
    { title: '加载中', mask: true },
  ]);
  expect(callsOf('hideLoading')).toHaveLength(2);
});

test('a response schema rejects malformed data', async () => {
  mockResponder(() => ({ statusCode: 200, data: { nope: 1 } }));
  const schema = {
    parse(d: unknown) {
      if (!(d as { ok?: boolean }).ok) throw new Error('bad');
      return d as { ok: true };
    },
  };
  await expect(api.get('/health', undefined, { schema })).rejects.toMatchObject({ code: 'response.invalid' });
});

describe('returnAfterLogin', () => {
  test('goes back when the remembered page is right below the login page', () => {
    storage.set(STORAGE_KEYS.returnTo, '/pages/mine/index');
    setPages([{ route: 'pages/mine/index' }, { route: 'pages/login/index' }]);
    returnAfterLogin(0);
    expect(callsOf('navigateBack')).toEqual([{ delta: 1 }]);
    expect(storage.has(STORAGE_KEYS.returnTo)).toBe(false);
  });

  test('switches tab for a tab page, redirects for other pages, defaults to 我的', () => {
    setPages([{ route: 'pages/login/index' }]);
    storage.set(STORAGE_KEYS.returnTo, '/pages/report/index');
    returnAfterLogin(0);
    storage.set(STORAGE_KEYS.returnTo, '/packages/registration/index/index?id=1');
    returnAfterLogin(0);
    returnAfterLogin(0);
    expect(callsOf('switchTab')).toEqual([{ url: '/pages/report/index' }, { url: ROUTES.mine }]);
    expect(callsOf('redirectTo')).toEqual([{ url: '/packages/registration/index/index?id=1' }]);
  });
});
