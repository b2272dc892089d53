import { readStorage, writeStorage } from '@/store/storage';

// Pages of the public credit subpackage (信用公示).
export const CREDIT_ROUTES = {
  workshop: '/packages/credit/workshop/index',
  black: '/packages/credit/black/index',
  verify: '/packages/credit/verify/index',
  mine: '/packages/credit/mine/index',
  draws: '/packages/credit/draws/index',
  drawDetail: '/packages/credit/draws/detail/index',
} as const;

const PENDING_SEARCH = 'xzf.pendingSearch';

/** Tabs take no query string (switchTab): a keyword for the 查询 tab travels through storage. */
export function setPendingSearch(q: string): void {
  writeStorage(PENDING_SEARCH, q);
}

export function takePendingSearch(): string | null {
  const q = readStorage<string>(PENDING_SEARCH);
  if (q !== null) writeStorage(PENDING_SEARCH, null);
  return q;
}
