// A recording stand-in for @tarojs/taro in jsdom: in-memory storage, a scripted `request`, and
// navigation/toast calls recorded so tests can assert what the user would have seen.
import { useEffect } from 'react';

export interface RequestCall {
  url: string;
  method?: string;
  data?: unknown;
  header?: Record<string, string>;
}
export type Responder = (req: RequestCall) => { statusCode: number; data: unknown } | Promise<{ statusCode: number; data: unknown }>;

interface PageEntry {
  route: string;
  options?: Record<string, string>;
}

const state = {
  storage: new Map<string, unknown>(),
  responder: (() => ({ statusCode: 404, data: { error: { code: 'route.not_found', message: '页面或接口不存在' } } })) as Responder,
  pages: [] as PageEntry[],
  loginCode: 'wx-code-1',
};

// Pull-down, reach-bottom and page-not-found handlers of the rendered page, for tests to fire.
const handlers = { pullDown: null as null | (() => void), reachBottom: null as null | (() => void), notFound: null as null | ((r: { path: string }) => void) };

/** Every Taro API call in order, e.g. { api: 'showToast', args: { title } }. */
export const calls: Array<{ api: string; args: unknown }> = [];
const record = (api: string, args?: unknown) => calls.push({ api, args });

export function callsOf(api: string): unknown[] {
  return calls.filter((c) => c.api === api).map((c) => c.args);
}

export function mockResponder(fn: Responder): void {
  state.responder = fn;
}

/** The page stack as getCurrentPages returns it (last = current). */
export function setPages(pages: PageEntry[]): void {
  state.pages = pages;
}

export function resetTaro(): void {
  state.storage.clear();
  state.pages = [];
  state.responder = () => ({ statusCode: 404, data: { error: { code: 'route.not_found', message: '页面或接口不存在' } } });
  calls.length = 0;
  handlers.pullDown = null;
  handlers.reachBottom = null;
  handlers.notFound = null;
}

export const storage = state.storage;

const Taro = {
  async request(opts: RequestCall) {
    record('request', opts);
    const res = await state.responder(opts);
    return { ...res, header: {}, errMsg: 'request:ok' };
  },
  getStorageSync(key: string) {
    return state.storage.has(key) ? state.storage.get(key) : '';
  },
  setStorageSync(key: string, value: unknown) {
    state.storage.set(key, value);
  },
  removeStorageSync(key: string) {
    state.storage.delete(key);
  },
  showToast(args: unknown) {
    record('showToast', args);
    return Promise.resolve();
  },
  makePhoneCall(args: unknown) {
    record('makePhoneCall', args);
    return Promise.resolve();
  },
  showLoading(args: unknown) {
    record('showLoading', args);
    return Promise.resolve();
  },
  hideLoading() {
    record('hideLoading');
  },
  navigateTo(args: { url: string }) {
    record('navigateTo', args);
    return Promise.resolve();
  },
  redirectTo(args: { url: string }) {
    record('redirectTo', args);
    return Promise.resolve();
  },
  switchTab(args: { url: string }) {
    record('switchTab', args);
    return Promise.resolve();
  },
  reLaunch(args: { url: string }) {
    record('reLaunch', args);
    return Promise.resolve();
  },
  navigateBack(args?: { delta?: number }) {
    record('navigateBack', args);
    return Promise.resolve();
  },
  getCurrentPages() {
    return state.pages;
  },
  login() {
    record('login');
    return Promise.resolve({ code: state.loginCode, errMsg: 'login:ok' });
  },
  stopPullDownRefresh() {
    record('stopPullDownRefresh');
  },
  setNavigationBarTitle(args: { title: string }) {
    record('setNavigationBarTitle', args);
    return Promise.resolve();
  },
  getCurrentInstance() {
    const page = state.pages[state.pages.length - 1];
    return { router: page ? { path: `/${page.route}`, params: page.options ?? {} } : null };
  },
};

export default Taro;

/** Page lifecycle hooks run once on mount, which is when a page is first shown. */
export function useDidShow(fn: () => void): void {
  useEffect(() => {
    fn();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}
export const useLaunch = useDidShow;
export const useLoad = useDidShow;
export function useDidHide(): void {}

export function usePullDownRefresh(fn: () => void): void {
  handlers.pullDown = fn;
}
export function useReachBottom(fn: () => void): void {
  handlers.reachBottom = fn;
}
export function usePageNotFound(fn: (r: { path: string }) => void): void {
  handlers.notFound = fn;
}
export const pullDown = () => handlers.pullDown?.();
export const reachBottom = () => handlers.reachBottom?.();
export const pageNotFound = (path: string) => handlers.notFound?.({ path });
export function useRouter() {
  return Taro.getCurrentInstance().router ?? { path: '', params: {} };
}
