import Taro from '@tarojs/taro';
import { ERROR_MESSAGES } from '@shared/domain/errors';
import { getState, clearSession } from '@/store/app';
import { redirectToLogin } from './navigation';

/** Set at build time (config/index.ts): relative on H5 (same origin as the server), absolute in weapp. */
export const API_BASE: string = typeof __API_BASE__ === 'string' ? __API_BASE__ : '/api/v1';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions<T> {
  method?: Method;
  /** JSON body for POST/PUT/PATCH. */
  data?: unknown;
  /** Query string parameters; undefined values are left out. */
  params?: Record<string, string | number | boolean | undefined | null>;
  /** Show a toast with the Chinese message on failure (default true). */
  toast?: boolean;
  /** On 401 clear the session and open the login page, remembering this page (default true). */
  authRedirect?: boolean;
  /** Show a blocking loading indicator with this title (true → 加载中). */
  loading?: boolean | string;
  /** Retries for GET on network errors and 5xx (default 2). Ignored for other methods: not idempotent. */
  retries?: number;
  /** First backoff delay in ms; doubles on each retry. */
  retryDelay?: number;
  /** Ask caches to revalidate (ETag → 304 stays cheap): for views that must show the current record. */
  revalidate?: boolean;
  /** Optional runtime check of the response, e.g. a shared zod schema (imported by the caller). */
  schema?: { parse(data: unknown): T };
  /** Extra request headers (e.g. X-Device-Id for per-device rate limits). */
  headers?: Record<string, string>;
}

/** Messages for failures that never reach the server. */
export const CLIENT_MESSAGES = {
  'network.error': '网络连接失败，请检查网络后重试',
  'network.timeout': '网络请求超时，请稍后再试',
  'response.invalid': '服务返回的数据有误，请稍后再试',
} as const;

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details?: unknown;
  readonly requestId?: string;

  constructor(code: string, message: string, status: number, details?: unknown, requestId?: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
    this.requestId = requestId;
  }
}

const AUTH_CODES = new Set(['auth.required', 'auth.token_invalid', 'auth.token_expired']);

/** The Chinese text for an error code: the server's own message first, then the shared table. */
export function messageFor(code: string, serverMessage?: string, status = 0): string {
  if (serverMessage) return serverMessage;
  const known = (ERROR_MESSAGES as Record<string, string>)[code] ?? (CLIENT_MESSAGES as Record<string, string>)[code];
  if (known) return known;
  if (status === 401) return ERROR_MESSAGES['auth.required'];
  if (status === 403) return ERROR_MESSAGES['auth.forbidden'];
  if (status === 404) return ERROR_MESSAGES['resource.not_found'];
  if (status === 429) return ERROR_MESSAGES['rate.limited'];
  return ERROR_MESSAGES['server.error'];
}

function buildUrl(path: string, params?: RequestOptions<unknown>['params']): string {
  const url = /^https?:\/\//.test(path) ? path : `${API_BASE}${path.startsWith('/') ? '' : '/'}${path}`;
  if (!params) return url;
  const query = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return query ? `${url}${url.includes('?') ? '&' : '?'}${query}` : url;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface RawResponse {
  statusCode: number;
  data: unknown;
}

/** Taro.request rejects on transport failure; some platforms also reject with an HTTP response attached. */
function asHttpResponse(err: unknown): RawResponse | null {
  const e = err as { statusCode?: number; status?: number; data?: unknown } | null;
  const status = e?.statusCode ?? e?.status;
  return typeof status === 'number' && status > 0 ? { statusCode: status, data: e?.data } : null;
}

function toApiError(res: RawResponse): ApiError {
  const body = (typeof res.data === 'string' ? safeJson(res.data) : res.data) as
    | { error?: { code?: string; message?: string; details?: unknown; requestId?: string } }
    | undefined;
  const err = body?.error;
  const code = err?.code ?? (res.statusCode >= 500 ? 'server.error' : `http.${res.statusCode}`);
  return new ApiError(code, messageFor(code, err?.message, res.statusCode), res.statusCode, err?.details, err?.requestId);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function showError(err: unknown): void {
  const message = err instanceof ApiError ? err.message : ERROR_MESSAGES['server.error'];
  void Taro.showToast({ title: message, icon: 'none', duration: 2500 });
}

export async function request<T = unknown>(path: string, options: RequestOptions<T> = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const retries = method === 'GET' ? Math.max(0, options.retries ?? 2) : 0;
  const retryDelay = options.retryDelay ?? 400;
  const { token } = getState();
  const header: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) header.Authorization = `Bearer ${token}`;
  if (options.revalidate) header['Cache-Control'] = 'max-age=0';
  if (options.headers) Object.assign(header, options.headers);
  const url = buildUrl(path, options.params);

  let loadingShown = false;
  const hideLoading = () => {
    if (loadingShown) Taro.hideLoading();
    loadingShown = false;
  };
  if (options.loading) {
    loadingShown = true;
    void Taro.showLoading({ title: typeof options.loading === 'string' ? options.loading : '加载中', mask: true });
  }
  try {
    for (let attempt = 0; ; attempt++) {
      let res: RawResponse;
      try {
        const r = await Taro.request({ url, method, data: options.data as never, header, timeout: 15000, dataType: 'json' });
        res = { statusCode: r.statusCode, data: r.data };
      } catch (err) {
        const http = asHttpResponse(err);
        if (!http) {
          if (attempt < retries) {
            await sleep(retryDelay * 2 ** attempt);
            continue;
          }
          const msg = String((err as { errMsg?: string })?.errMsg ?? '');
          const code = /timeout/i.test(msg) ? 'network.timeout' : 'network.error';
          throw new ApiError(code, messageFor(code), 0);
        }
        res = http;
      }
      if (res.statusCode >= 500 && attempt < retries) {
        await sleep(retryDelay * 2 ** attempt);
        continue;
      }
      if (res.statusCode < 200 || res.statusCode >= 300) throw toApiError(res);
      const data = typeof res.data === 'string' && res.data !== '' ? safeJson(res.data) ?? res.data : res.data;
      if (!options.schema) return data as T;
      try {
        return options.schema.parse(data);
      } catch {
        throw new ApiError('response.invalid', messageFor('response.invalid'), res.statusCode);
      }
    }
  } catch (err) {
    const apiErr = err instanceof ApiError ? err : new ApiError('server.error', messageFor('server.error'), 0);
    // Hide before the toast: hideLoading closes a visible toast on some platforms.
    hideLoading();
    if (apiErr.status === 401 && (AUTH_CODES.has(apiErr.code) || apiErr.code.startsWith('http.'))) {
      clearSession();
      if (options.authRedirect !== false) redirectToLogin();
    }
    if (options.toast !== false) showError(apiErr);
    throw apiErr;
  } finally {
    hideLoading();
  }
}

export const api = {
  get: <T>(path: string, params?: RequestOptions<T>['params'], opts?: RequestOptions<T>) =>
    request<T>(path, { ...opts, method: 'GET', params }),
  post: <T>(path: string, data?: unknown, opts?: RequestOptions<T>) => request<T>(path, { ...opts, method: 'POST', data }),
  put: <T>(path: string, data?: unknown, opts?: RequestOptions<T>) => request<T>(path, { ...opts, method: 'PUT', data }),
  patch: <T>(path: string, data?: unknown, opts?: RequestOptions<T>) => request<T>(path, { ...opts, method: 'PATCH', data }),
  delete: <T>(path: string, opts?: RequestOptions<T>) => request<T>(path, { ...opts, method: 'DELETE' }),
};
