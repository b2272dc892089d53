import { ApiError } from '@/services/request';

/** Where a page that loads data is: the one union every page switches on. */
export type PageStatus = 'loading' | 'missing' | 'error' | 'forbidden' | 'ready';

/** Why a page has nothing to show, in words for the reader. */
export interface PageProblem {
  status: 'missing' | 'forbidden' | 'error';
  title: string;
  message: string;
  /** The error code (e.g. network.error, auth.forbidden), for pages that tell cases apart. */
  code: string;
  /** Logging in may help (401). */
  login?: boolean;
}

/**
 * What a failed load means to the reader. Only a 404 says "not found" and only a 401/403 says
 * "no permission": a network failure or a server error never does, it says so and offers 重试.
 */
export function problemOf(e: unknown): PageProblem {
  if (!(e instanceof ApiError)) return { status: 'error', title: '加载失败', message: '页面出了点问题，请重试。', code: 'client.error' };
  if (e.status === 404) return { status: 'missing', title: '内容不存在', message: '链接可能有误，或内容已被删除。', code: e.code };
  if (e.status === 401) return { status: 'forbidden', title: '请先登录', message: '登录后才能查看此内容。', code: e.code, login: true };
  if (e.status === 403) return { status: 'forbidden', title: '无权查看', message: e.message || '您没有查看此内容的权限。', code: e.code };
  if (e.status === 0) return { status: 'error', title: '网络不稳定', message: '网络连接失败或超时，请检查网络后重试。', code: e.code };
  if (e.status >= 500 || e.code === 'response.invalid') return { status: 'error', title: '服务暂时不可用', message: '服务暂时不可用，请稍后重试。', code: e.code };
  return { status: 'error', title: '加载失败', message: e.message || '加载失败，请稍后重试。', code: e.code };
}

/** A loader's way to say "there is nothing at this address" without asking the server (e.g. a malformed id). */
export function notFound(): ApiError {
  return new ApiError('resource.not_found', '内容不存在', 404);
}
