// A stand-in for the WeChat client's logic layer, enough to run the built mini-program (miniprogram/dist/weapp)
// in Node: each bundle runs in one vm context with stub globals `wx`, `App`, `Page`, `Component`, `getApp`,
// `getCurrentPages` and `requirePlugin`, and a `require` over the output folder (WeChat's module system).
// `wx.request` goes over real HTTP to the test server; storage is in memory; navigation, toasts, modals
// and the like are recorded and succeed (modals are answered 取消; pickers, scanning and payments are
// cancelled; a navigation WeChat would refuse fails and is reported); layout queries get a fixed box and a
// canvas whose drawing calls do nothing. A page is opened as the
// client does: a page instance from its Page() options, then onLoad(query), onShow, onReady. Taro renders
// into its own virtual DOM and sends the tree with `this.setData`; the harness applies those paths to the
// page's data, so the test reads what the WXML templates would be given.
//
// Failures are collected, never swallowed: an exception in a lifecycle, a timer or a callback (what WeChat
// reports to App.onError), an unhandled promise rejection, console.error, a request that leaves the test
// server, and a call of a wx API the stub does not have (Taro prints 暂不支持 for it). The test decides what
// else fails a page (responses ≥ 400, an empty tree, a missing text).
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { inspect } from 'node:util';

export interface WeappOptions {
  /** The build output (the folder holding app.json). */
  dist: string;
  /** The test server's origin; requests to 127.0.0.1/localhost of the build's API base are sent there. */
  apiOrigin: string;
  /** What wx.login hands the app: a code the server's WeChat fake accepts. */
  loginCode(): string;
}

export interface AppJson {
  pages: string[];
  subPackages?: Array<{ root: string; pages: string[] }>;
  subpackages?: Array<{ root: string; pages: string[] }>;
  tabBar?: { list: Array<{ pagePath: string; text: string }> };
}

export interface ApiCall { api: string; args: unknown }
export interface RequestRecord { method: string; url: string; status: number; page: string | null }

type Data = Record<string, unknown>;
type Lifecycle = (this: PageInstance, ...args: unknown[]) => unknown;
export interface PageInstance {
  route: string;
  __route__: string;
  options: Record<string, string>;
  data: Data;
  setData(patch: Data, cb?: () => void): void;
  [key: string]: unknown;
}

export interface OpenedPage {
  route: string;
  instance: PageInstance;
  /** Every setData payload the page received, in order. */
  setDataCalls: Data[];
}

/** The app's pages: main package first, then each subpackage's, as app.json lists them. */
export function allPages(app: AppJson): string[] {
  const subs = app.subPackages ?? app.subpackages ?? [];
  return [...app.pages, ...subs.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
}

/** Sets `root.cn.[0].v`-style paths (what Taro sends) into an object, creating the containers on the way. */
export function applyPath(target: Data, key: string, value: unknown): void {
  const parts: Array<string | number> = [];
  for (const m of key.matchAll(/\[(\d+)\]|([^.[\]]+)/g)) parts.push(m[1] !== undefined ? Number(m[1]) : m[2]);
  let node: Record<string | number, unknown> = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = node[parts[i]];
    if (next === null || typeof next !== 'object') node[parts[i]] = typeof parts[i + 1] === 'number' ? [] : {};
    node = node[parts[i]] as Record<string | number, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

// Keys of Taro's serialized nodes that are not shown to the user (class, style, id, node name/type).
const HIDDEN_KEYS = new Set(['cl', 'st', 'sid', 'uid', 'nn', 'nt', 'id', 'src', 'class', 'style']);

/** The strings of a page's tree a person could read: texts and attributes such as placeholder or aria-label. */
export function visibleText(data: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown, key?: string) => {
    if (typeof v === 'string') {
      if (!key || !HIDDEN_KEYS.has(key)) out.push(v);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(data);
  return out.join(' ');
}

/** Counts the element nodes of the tree under root (what setData delivered). */
export function countNodes(data: unknown): number {
  let n = 0;
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Data;
      if ('nn' in o) n++;
      Object.values(o).forEach(walk);
    }
  };
  walk(data);
  return n;
}

// Node's own process object: under jest, `process` is a sandbox copy whose listeners never fire. (jest also
// fails the running test on an unhandled rejection by itself; this listener names the page in the report.)
const hostProcess = vm.runInThisContext('process') as NodeJS.Process;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const format = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.stack ?? a.message : inspect(a, { depth: 3 }))).join(' ');

export class Weapp {
  readonly dist: string;
  readonly app: AppJson;
  /** Failures, each prefixed with the page open at the time. */
  errors: string[] = [];
  warnings: string[] = [];
  calls: ApiCall[] = [];
  requests: RequestRecord[] = [];
  storage = new Map<string, unknown>();
  appInstance: Record<string, unknown> | null = null;

  private readonly opts: WeappOptions;
  private readonly context: vm.Context;
  private readonly modules = new Map<string, { exports: unknown }>();
  private readonly pageOptions = new Map<string, Record<string, unknown>>();
  private loadingRoute: string | null = null;
  private stack: OpenedPage[] = [];
  private current: OpenedPage | null = null;
  private inflight = 0;
  private lastActivity = Date.now();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly intervals = new Set<NodeJS.Timeout>();
  private readonly onRejection = (reason: unknown) => this.fail('unhandled rejection', reason);
  private webviewId = 1;
  private readonly ctxJson: JSON;

  /**
   * A copy made in the app's realm: objects handed to the app must pass its `instanceof Array` and
   * plain-object checks, as the client's own objects would.
   */
  private toCtx<T>(value: T): T {
    return value === undefined ? value : this.ctxJson.parse(JSON.stringify(value));
  }

  constructor(opts: WeappOptions) {
    this.opts = opts;
    this.dist = path.resolve(opts.dist);
    this.app = JSON.parse(fs.readFileSync(path.join(this.dist, 'app.json'), 'utf8'));
    this.context = vm.createContext(this.globals(), { name: 'weapp' });
    this.ctxJson = vm.runInContext('JSON', this.context) as JSON;
    hostProcess.on('unhandledRejection', this.onRejection);
  }

  /** Where a failure happened: the page open at the time (or the app). */
  private where(): string {
    return this.current?.route ?? 'app';
  }

  fail(what: string, detail: unknown): void {
    const text = `[${this.where()}] ${what}: ${detail instanceof Error ? detail.stack ?? detail.message : format([detail])}`;
    this.errors.push(text);
  }

  /** Runs a callback of the app the way the WeChat client does: a throw is reported, not propagated. */
  private guard<A extends unknown[]>(what: string, fn: ((...a: A) => unknown) | undefined, ...args: A): unknown {
    return this.guardOn(undefined, what, fn, ...args);
  }

  /** The same, with `this` (App and Page lifecycles run on their instance). */
  private guardOn<A extends unknown[]>(self: unknown, what: string, fn: ((...a: A) => unknown) | undefined, ...args: A): unknown {
    if (typeof fn !== 'function') return undefined;
    try {
      return fn.apply(self, args);
    } catch (e) {
      this.fail(what, e);
      return undefined;
    }
  }

  private touch(): void {
    this.lastActivity = Date.now();
  }

  private later(fn: () => void, ms = 0): void {
    this.touch();
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.touch();
      this.guard('callback', fn);
    }, ms);
    this.timers.add(t);
  }

  // ---- the globals of WeChat's logic layer -------------------------------------------------------------
  private globals(): Data {
    const self = this;
    const consoleStub = {
      log: () => undefined,
      info: () => undefined,
      debug: () => undefined,
      time: () => undefined,
      timeEnd: () => undefined,
      warn: (...a: unknown[]) => {
        const text = `[${self.where()}] ${format(a)}`;
        self.warnings.push(text);
        // Taro's stand-in for a wx API this client does not have.
        if (/暂不支持/.test(text)) self.errors.push(`${text} (a wx API missing from the stub or from WeChat)`);
      },
      error: (...a: unknown[]) => self.fail('console.error', format(a)),
    };
    const timers = {
      setTimeout: (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
        const t = setTimeout(() => {
          self.timers.delete(t);
          self.touch();
          self.guard('timer', fn, ...args);
        }, ms);
        if (!ms || ms < 1000) self.touch(); // work about to happen (React's scheduler, a retry's backoff)
        self.timers.add(t);
        return t;
      },
      clearTimeout: (t: NodeJS.Timeout) => {
        self.timers.delete(t);
        clearTimeout(t);
      },
      setInterval: (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
        const t = setInterval(() => self.guard('interval', fn, ...args), ms);
        self.intervals.add(t);
        return t;
      },
      clearInterval: (t: NodeJS.Timeout) => {
        self.intervals.delete(t);
        clearInterval(t);
      },
    };
    return {
      console: consoleStub,
      ...timers,
      wx: this.wx(),
      App: (options: Record<string, unknown>) => {
        this.appInstance = options;
      },
      Page: (options: Record<string, unknown>) => {
        if (!this.loadingRoute) throw new Error('Page() called outside a page file');
        this.pageOptions.set(this.loadingRoute, options);
      },
      Component: () => undefined, // comp.js: Taro's recursive template component (data stays on the page)
      Behavior: (b: unknown) => b,
      getApp: () => this.appInstance,
      getCurrentPages: () => this.stack.map((p) => p.instance),
      requirePlugin: (name: string) => {
        throw new Error(`requirePlugin(${name}): no plugins in this app`);
      },
    };
  }

  private record(api: string, args: unknown): void {
    this.calls.push({ api, args });
  }

  /** A wx API that records its call and completes with `result` (or fails with `fail`). */
  private api(name: string, result: (args: Data) => Data = () => ({}), fail?: string): (args?: Data) => unknown {
    return (args: Data = {}) => {
      this.record(name, args);
      this.later(() => {
        if (fail) {
          const res = this.toCtx({ errMsg: `${name}:fail ${fail}` });
          this.guard(`${name} fail`, args.fail as never, res);
          this.guard(`${name} complete`, args.complete as never, res);
        } else {
          const res = this.toCtx({ errMsg: `${name}:ok`, ...result(args) });
          this.guard(`${name} success`, args.success as never, res);
          this.guard(`${name} complete`, args.complete as never, res);
        }
      });
      return undefined;
    };
  }

  private wx(): Data {
    const self = this;
    const systemInfo = {
      brand: 'devtools', model: 'iPhone 12', pixelRatio: 3, screenWidth: 390, screenHeight: 844, windowWidth: 390,
      windowHeight: 750, statusBarHeight: 47, language: 'zh_CN', version: '8.0.50', system: 'iOS 16.0', platform: 'devtools',
      SDKVersion: '3.4.0', fontSizeSetting: 16, safeArea: { top: 47, left: 0, right: 390, bottom: 810, width: 390, height: 763 },
      theme: 'light', enableDebug: false,
    };
    // Layout queries answer with one 375×240 box per select(): real sizes need the rendering layer. A canvas
    // node draws nothing (every 2D context method is a no-op), so charts run but their drawing is not checked.
    const selectorQuery = () => {
      const q: Data = {};
      let selected = 0;
      const chain = () => q;
      Object.assign(q, {
        in: chain, boundingClientRect: chain, scrollOffset: chain, fields: chain, node: chain, context: chain,
        select: () => { selected++; return q; },
        selectAll: () => { selected++; return q; },
        selectViewport: () => { selected++; return q; },
        exec: (cb?: (r: unknown[]) => void) => self.later(() => cb?.(Array.from({ length: selected }, () => layoutBox()))),
      });
      return q;
    };
    const context2d = (): unknown => new Proxy({}, {
      get: (target: Record<string | symbol, unknown>, key) => {
        if (key in target) return target[key];
        if (key === 'measureText') return (t: string) => ({ width: String(t).length * 7 });
        if (key === 'createLinearGradient' || key === 'createRadialGradient' || key === 'createPattern') return () => ({ addColorStop: () => undefined });
        if (key === 'getImageData') return () => ({ data: new Uint8ClampedArray(4), width: 1, height: 1 });
        if (key === 'then') return undefined; // not a promise
        return () => undefined;
      },
      set: (target: Record<string | symbol, unknown>, key, value) => { target[key] = value; return true; },
    });
    const canvas = () => ({
      width: 375, height: 240, getContext: () => context2d(), createImage: () => ({}), createPath2D: () => context2d(),
      requestAnimationFrame: (fn: () => void) => setTimeout(() => self.guard('canvas frame', fn), 16),
      cancelAnimationFrame: (t: NodeJS.Timeout) => clearTimeout(t),
      toDataURL: () => 'data:image/png;base64,',
    });
    const layoutBox = () => ({ id: '', dataset: {}, left: 0, top: 0, right: 375, bottom: 240, width: 375, height: 240, scrollLeft: 0, scrollTop: 0, node: canvas(), context: context2d() });
    // Routing is recorded, not performed (the test opens pages itself), but a target WeChat would refuse is
    // refused here too, and reported: a page missing from app.json, navigateTo a tab page, switchTab to another.
    const nav = (name: string) => (args: Data = {}) => {
      const problem = name === 'navigateBack' ? null : this.routeProblem(name, String(args.url ?? ''));
      if (!problem) return this.api(name)(args);
      this.fail(name, `${problem}: ${String(args.url)}`);
      return this.api(name, undefined, problem)(args);
    };
    const cancelled = (name: string) => this.api(name, undefined, 'cancel');
    return {
      // network
      request: (args: Data) => this.request(args),
      downloadFile: this.api('downloadFile', () => ({ tempFilePath: 'wxfile://tmp/download', statusCode: 200 })),
      uploadFile: this.api('uploadFile', undefined, 'no file in the smoke test'),
      getNetworkType: this.api('getNetworkType', () => ({ networkType: 'wifi' })),
      onNetworkStatusChange: (cb: unknown) => this.record('onNetworkStatusChange', cb),
      offNetworkStatusChange: (cb: unknown) => this.record('offNetworkStatusChange', cb),
      // storage (synchronous and asynchronous forms)
      getStorageSync: (key: string) => (this.storage.has(key) ? this.toCtx(this.storage.get(key)) : ''),
      setStorageSync: (key: string, value: unknown) => {
        this.storage.set(key, structuredClone(value));
      },
      removeStorageSync: (key: string) => {
        this.storage.delete(key);
      },
      clearStorageSync: () => this.storage.clear(),
      getStorageInfoSync: () => ({ keys: [...this.storage.keys()], currentSize: 0, limitSize: 10240 }),
      getStorage: (args: Data) => (this.storage.has(String(args.key))
        ? this.api('getStorage', () => ({ data: this.storage.get(String(args.key)) }))(args)
        : this.api('getStorage', undefined, 'data not found')(args)),
      setStorage: (args: Data) => {
        this.storage.set(String(args.key), structuredClone(args.data));
        return this.api('setStorage')(args);
      },
      removeStorage: (args: Data) => {
        this.storage.delete(String(args.key));
        return this.api('removeStorage')(args);
      },
      // sign-in
      login: this.api('login', () => ({ code: this.opts.loginCode() })),
      checkSession: this.api('checkSession'),
      getSetting: this.api('getSetting', () => ({ authSetting: {} })),
      authorize: cancelled('authorize'),
      requestSubscribeMessage: this.api('requestSubscribeMessage', (a) => Object.fromEntries(((a.tmplIds as string[]) ?? []).map((t) => [t, 'reject']))),
      // interface
      showToast: this.api('showToast'),
      hideToast: this.api('hideToast'),
      showLoading: this.api('showLoading'),
      hideLoading: this.api('hideLoading'),
      // A smoke test must not confirm anything by accident: every modal is answered 取消.
      showModal: this.api('showModal', () => ({ confirm: false, cancel: true })),
      showActionSheet: cancelled('showActionSheet'),
      setNavigationBarTitle: this.api('setNavigationBarTitle'),
      setNavigationBarColor: this.api('setNavigationBarColor'),
      showNavigationBarLoading: this.api('showNavigationBarLoading'),
      hideNavigationBarLoading: this.api('hideNavigationBarLoading'),
      startPullDownRefresh: this.api('startPullDownRefresh'),
      stopPullDownRefresh: this.api('stopPullDownRefresh'),
      pageScrollTo: this.api('pageScrollTo'),
      setTabBarBadge: this.api('setTabBarBadge'),
      removeTabBarBadge: this.api('removeTabBarBadge'),
      showTabBarRedDot: this.api('showTabBarRedDot'),
      hideTabBarRedDot: this.api('hideTabBarRedDot'),
      setBackgroundColor: this.api('setBackgroundColor'),
      setKeepScreenOn: this.api('setKeepScreenOn'),
      setClipboardData: this.api('setClipboardData'),
      makePhoneCall: this.api('makePhoneCall'),
      previewImage: this.api('previewImage'),
      openDocument: this.api('openDocument'),
      // routing: recorded, the page stack is the test's
      navigateTo: nav('navigateTo'),
      redirectTo: nav('redirectTo'),
      switchTab: nav('switchTab'),
      reLaunch: nav('reLaunch'),
      navigateBack: nav('navigateBack'),
      // device pickers, location, scanning, payment: the person cancels
      chooseImage: cancelled('chooseImage'),
      chooseMedia: cancelled('chooseMedia'),
      chooseMessageFile: cancelled('chooseMessageFile'),
      chooseLocation: cancelled('chooseLocation'),
      getLocation: cancelled('getLocation'),
      scanCode: cancelled('scanCode'),
      requestPayment: cancelled('requestPayment'),
      // environment
      canIUse: () => true,
      nextTick: (fn: () => void) => this.later(fn),
      getSystemInfoSync: () => ({ ...systemInfo }),
      getSystemInfo: this.api('getSystemInfo', () => ({ ...systemInfo })),
      getWindowInfo: () => ({ ...systemInfo }),
      getDeviceInfo: () => ({ ...systemInfo }),
      getAppBaseInfo: () => ({ ...systemInfo }),
      getSystemSetting: () => ({ bluetoothEnabled: false, locationEnabled: false, wifiEnabled: true, deviceOrientation: 'portrait' }),
      getAppAuthorizeSetting: () => ({}),
      getMenuButtonBoundingClientRect: () => ({ width: 87, height: 32, top: 51, right: 381, bottom: 83, left: 294 }),
      getAccountInfoSync: () => ({ miniProgram: { appId: 'touristappid', envVersion: 'develop', version: '' } }),
      getLaunchOptionsSync: () => ({ path: 'pages/home/index', query: {}, scene: 1001 }),
      getEnterOptionsSync: () => ({ path: 'pages/home/index', query: {}, scene: 1001 }),
      createSelectorQuery: selectorQuery,
      createCanvasContext: () => context2d(),
      createOffscreenCanvas: () => canvas(),
      canvasToTempFilePath: this.api('canvasToTempFilePath', () => ({ tempFilePath: 'wxfile://tmp/canvas.png' })),
      createIntersectionObserver: () => ({ relativeTo() { return this; }, relativeToViewport() { return this; }, observe: () => undefined, disconnect: () => undefined }),
      getUpdateManager: () => ({ onCheckForUpdate: () => undefined, onUpdateReady: () => undefined, onUpdateFailed: () => undefined, applyUpdate: () => undefined }),
      onAppShow: () => undefined,
      offAppShow: () => undefined,
      onAppHide: () => undefined,
      offAppHide: () => undefined,
      onError: () => undefined,
      onUnhandledRejection: () => undefined,
      onMemoryWarning: () => undefined,
      reportAnalytics: () => undefined,
      env: { USER_DATA_PATH: 'wxfile://usr' },
    };
  }

  /** Why WeChat would refuse this navigation, or null. */
  private routeProblem(api: string, url: string): string | null {
    const route = url.split('?')[0].replace(/^\//, '');
    const tabs = (this.app.tabBar?.list ?? []).map((t) => t.pagePath);
    if (!allPages(this.app).includes(route)) return `page "${route}" is not found`;
    if (api === 'switchTab' && !tabs.includes(route)) return 'can not switch to no-tabBar page';
    if ((api === 'navigateTo' || api === 'redirectTo') && tabs.includes(route)) return `can not ${api} a tabbar page`;
    return null;
  }

  /** wx.request over real HTTP: the build's API base (127.0.0.1:3000) is rewritten to the test server. */
  private request(args: Data): { abort(): void } {
    const controller = new AbortController();
    const method = String(args.method ?? 'GET').toUpperCase();
    const page = this.current?.route ?? null;
    let url = new URL(String(args.url));
    if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
      this.fail('request outside the test server', String(args.url));
      this.later(() => {
        const res = this.toCtx({ errMsg: 'request:fail url not in domain list' });
        this.guard('request fail', args.fail as never, res);
        this.guard('request complete', args.complete as never, res);
      });
      return { abort: () => undefined };
    }
    url = new URL(url.pathname + url.search, this.opts.apiOrigin);
    const header = { ...((args.header as Record<string, string>) ?? {}) };
    let body: string | undefined;
    if (args.data !== undefined && args.data !== null) {
      if (method === 'GET') {
        for (const [k, v] of Object.entries(args.data as Data)) url.searchParams.set(k, String(v));
      } else body = typeof args.data === 'string' ? args.data : JSON.stringify(args.data);
    }
    this.record('request', { method, url: url.pathname + url.search });
    this.inflight++;
    this.touch();
    fetch(url, { method, headers: header, body, signal: controller.signal })
      .then(async (r) => {
        const text = await r.text();
        let data: unknown = text;
        if ((args.dataType ?? 'json') === 'json') {
          try {
            data = this.ctxJson.parse(text);
          } catch {
            // WeChat hands over the text when it is not JSON
          }
        }
        this.requests.push({ method, url: url.pathname + url.search, status: r.status, page });
        const res = this.toCtx({ errMsg: 'request:ok', statusCode: r.status, header: headersOf(r.headers) }) as Data;
        res.data = data;
        this.guard('request success', args.success as never, res);
        this.guard('request complete', args.complete as never, res);
      })
      .catch((e: Error) => {
        this.requests.push({ method, url: url.pathname + url.search, status: 0, page });
        const res = this.toCtx({ errMsg: `request:fail ${e.message}` });
        this.guard('request fail', args.fail as never, res);
        this.guard('request complete', args.complete as never, res);
      })
      .finally(() => {
        this.inflight--;
        this.touch();
      });
    return { abort: () => controller.abort() };
  }

  // ---- WeChat's module system over the output folder -----------------------------------------------------
  private requireFrom(dir: string) {
    return (request: string) => this.load(path.resolve(dir, request));
  }

  private load(file: string): unknown {
    let full = file.endsWith('.js') ? file : `${file}.js`;
    if (!full.startsWith(this.dist + path.sep)) throw new Error(`require outside the bundle: ${file}`);
    const cached = this.modules.get(full);
    if (cached) return cached.exports;
    if (!fs.existsSync(full) && fs.existsSync(path.join(file, 'index.js'))) full = path.join(file, 'index.js');
    const module = { exports: {} as unknown };
    this.modules.set(full, module);
    const code = fs.readFileSync(full, 'utf8');
    const fn = vm.runInContext(`(function (require, module, exports) {${code}\n})`, this.context, { filename: full });
    fn(this.requireFrom(path.dirname(full)), module, module.exports);
    return module.exports;
  }

  /** Loads app.js (and with it runtime, taro, vendors, common) and starts the app as the client does. */
  async launch(): Promise<void> {
    this.guard('app.js', () => this.load(path.join(this.dist, 'app.js')));
    if (!this.appInstance) throw new Error(`app.js did not call App(): ${this.errors.join('\n')}`);
    const launch = this.toCtx({ path: 'pages/home/index', query: {}, scene: 1001, referrerInfo: {} });
    this.guardOn(this.appInstance, 'App.onLaunch', this.appInstance.onLaunch as never, launch);
    this.guardOn(this.appInstance, 'App.onShow', this.appInstance.onShow as never, launch);
    await this.settle();
  }

  /** Loads a page's file (WeChat does so on first visit; a subpackage page requires its sub-vendors). */
  private pageConfig(route: string): Record<string, unknown> {
    const known = this.pageOptions.get(route);
    if (known) return known;
    this.loadingRoute = route;
    try {
      this.load(path.join(this.dist, `${route}.js`));
    } finally {
      this.loadingRoute = null;
    }
    const options = this.pageOptions.get(route);
    if (!options) throw new Error(`${route}.js did not call Page()`);
    return options;
  }

  /** Opens a page as navigateTo would, on top of an empty stack: onLoad(query), onShow, onReady; then waits. */
  async open(route: string, query: Record<string, string> = {}): Promise<OpenedPage> {
    const previous = this.current;
    const options = (() => {
      try {
        return this.pageConfig(route);
      } catch (e) {
        this.current = { route, instance: null as never, setDataCalls: [] };
        this.fail('page file', e);
        this.current = previous;
        return null;
      }
    })();
    const setDataCalls: Data[] = [];
    const instance = { ...(options ?? {}) } as PageInstance;
    const opened: OpenedPage = { route, instance, setDataCalls };
    Object.assign(instance, {
      route,
      __route__: route,
      __webviewId__: this.webviewId++,
      options: { ...query },
      data: structuredClone((options?.data as Data) ?? {}),
      setData: (patch: Data, cb?: () => void) => {
        setDataCalls.push(patch);
        this.touch();
        for (const [k, v] of Object.entries(patch)) applyPath(instance.data, k, v === undefined ? undefined : structuredClone(v));
        if (cb) this.later(cb);
      },
      selectComponent: () => null,
      selectAllComponents: () => [],
      createSelectorQuery: () => (this.context.wx as { createSelectorQuery(): unknown }).createSelectorQuery(),
      getOpenerEventChannel: () => ({ emit: () => undefined, on: () => undefined, once: () => undefined, off: () => undefined }),
      getTabBar: () => null,
    });
    this.current = opened;
    this.touch();
    if (!options) return opened;
    this.stack = [opened];
    this.guardOn(instance, 'onLoad', instance.onLoad as Lifecycle | undefined, this.toCtx(query));
    this.guardOn(instance, 'onShow', instance.onShow as Lifecycle | undefined);
    this.guardOn(instance, 'onReady', instance.onReady as Lifecycle | undefined);
    await this.settle();
    return opened;
  }

  /** Closes a page as navigateBack would (React unmounts it). */
  async close(page: OpenedPage): Promise<void> {
    this.guardOn(page.instance, 'onHide', page.instance.onHide as Lifecycle | undefined);
    this.guardOn(page.instance, 'onUnload', page.instance.onUnload as Lifecycle | undefined);
    await this.settle();
    this.stack = this.stack.filter((p) => p !== page);
    this.current = this.stack[this.stack.length - 1] ?? null;
  }

  /**
   * Taps the innermost element whose own text is `text` (Taro's event handler `eh`, as the template's bindtap
   * calls it; the tap bubbles up through Taro's DOM to the handler React registered).
   */
  async tap(page: OpenedPage, text: string): Promise<void> {
    const sid = findSid(page.instance.data, text);
    if (!sid) throw new Error(`${page.route}: nothing to tap with the text ${text}; the page shows: ${visibleText(page.instance.data).slice(0, 400)}`);
    const target = { id: sid, dataset: { sid }, offsetLeft: 0, offsetTop: 0 };
    const event = { type: 'tap', timeStamp: Date.now(), target, currentTarget: target, detail: { x: 0, y: 0 }, touches: [], changedTouches: [] };
    this.guardOn(page.instance, 'tap', page.instance.eh as Lifecycle | undefined, this.toCtx(event));
    await this.settle();
  }

  /** Waits until nothing happened for a while: no request in flight, no setData, for `quiet` ms. */
  async settle(quiet = 200, max = 15_000): Promise<void> {
    const start = Date.now();
    for (;;) {
      await sleep(25);
      if (this.inflight === 0 && Date.now() - this.lastActivity >= quiet) return;
      if (Date.now() - start > max) {
        this.fail('settle', `still busy after ${max} ms (${this.inflight} requests in flight)`);
        return;
      }
    }
  }

  /** Takes the failures collected so far (and forgets them). */
  takeErrors(): string[] {
    const e = this.errors;
    this.errors = [];
    return e;
  }

  dispose(): void {
    hostProcess.off('unhandledRejection', this.onRejection);
    for (const t of this.timers) clearTimeout(t);
    for (const t of this.intervals) clearInterval(t);
    this.timers.clear();
    this.intervals.clear();
  }
}

/** The sid of the innermost node that has a text child equal to `text` (after trimming). */
function findSid(data: unknown, text: string): string | null {
  let found: string | null = null;
  const walk = (node: unknown): void => {
    if (found || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const o = node as Data;
    const children = Array.isArray(o.cn) ? (o.cn as Data[]) : [];
    for (const c of children) walk(c);
    if (!found && typeof o.sid === 'string' && children.some((c) => c && typeof c.v === 'string' && c.v.trim() === text)) found = o.sid;
    if (!found) for (const [k, v] of Object.entries(o)) if (k !== 'cn' && v && typeof v === 'object') walk(v);
  };
  walk(data);
  return found;
}

function headersOf(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    out[key] = value;
  });
  return out;
}
