import Taro from '@tarojs/taro';
import { ROUTES, isTabRoute } from '@/constants/routes';
import { STORAGE_KEYS, readStorage, writeStorage } from '@/store/storage';

// Query keys the platforms add themselves; they must not end up in the remembered URL.
const INTERNAL_PARAMS = new Set(['stamp', '$taroTimestamp', '__key_']);

interface PageLike {
  route?: string;
  path?: string;
  options?: Record<string, string | undefined>;
}

function normalize(route: string): string {
  const path = route.split('?')[0];
  return path.startsWith('/') ? path : `/${path}`;
}

/** The URL of the page on top of the stack, with its query, or null. */
export function currentPageUrl(): string | null {
  const pages = Taro.getCurrentPages() as PageLike[];
  const page = pages[pages.length - 1];
  const route = page?.route ?? page?.path;
  if (!route) return null;
  const query = Object.entries(page.options ?? {})
    .filter(([k, v]) => v !== undefined && !INTERNAL_PARAMS.has(k))
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return query ? `${normalize(route)}?${query}` : normalize(route);
}

/** Open a page whatever its kind: tab pages need switchTab. */
export function go(url: string): void {
  if (isTabRoute(url)) void Taro.switchTab({ url: url.split('?')[0] });
  else void Taro.navigateTo({ url });
}

let redirecting = false;

/**
 * Open the login page and remember where the user was, so login can bring them back.
 * Several requests failing with 401 at once must open the login page only once.
 */
export function redirectToLogin(returnTo: string | null = currentPageUrl()): void {
  if (returnTo && normalize(returnTo) === ROUTES.login) return;
  if (redirecting) return;
  redirecting = true;
  setTimeout(() => {
    redirecting = false;
  }, 1000);
  writeStorage(STORAGE_KEYS.returnTo, returnTo);
  void Taro.navigateTo({ url: ROUTES.login });
}

/**
 * After a successful login: back to the remembered page, else to 我的. Waits a moment so the
 * 登录成功 toast is seen and the login page's own entry transition has ended (the H5 router loses
 * the previous page when navigateBack starts during that transition).
 */
export function returnAfterLogin(delayMs = 600): void {
  if (delayMs > 0) {
    setTimeout(() => returnAfterLogin(0), delayMs);
    return;
  }
  const target = readStorage<string>(STORAGE_KEYS.returnTo) ?? ROUTES.mine;
  writeStorage(STORAGE_KEYS.returnTo, null);
  const pages = Taro.getCurrentPages() as PageLike[];
  const previous = pages[pages.length - 2];
  const previousRoute = previous?.route ?? previous?.path;
  if (previousRoute && normalize(previousRoute) === normalize(target)) {
    // The page that sent us here is still below us: go back so it refreshes instead of stacking a copy.
    void Taro.navigateBack({ delta: 1 });
  } else if (isTabRoute(target)) {
    void Taro.switchTab({ url: target.split('?')[0] });
  } else {
    void Taro.redirectTo({ url: target });
  }
}

/** Test hook: forget a pending redirect. */
export function resetNavigationState(): void {
  redirecting = false;
}
