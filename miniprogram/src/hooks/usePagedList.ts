import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { problemOf, type PageProblem } from './pageProblem';
import { useLatestGuard } from './useLatestGuard';

/** The first page's state; later pages have their own `more` state so a failure there keeps the list. */
export type ListState = { status: 'loading' } | { status: 'ready' } | PageProblem;

export interface PagedListOptions {
  /** Start again at page 1 when any of these change (filters). */
  deps?: readonly unknown[];
  /** Reload page 1 on every show instead of on mount only. */
  onShow?: boolean;
  /** Reload page 1 on pull-down; the page config also needs `enablePullDownRefresh: true`. */
  pullDownRefresh?: boolean;
  /** False while the page cannot load yet (e.g. not logged in). */
  enabled?: boolean;
}

/**
 * A list paged by the server: page 1 whenever `deps` change, the next page on reaching the bottom or
 * `loadMore()`. Only the answer to the latest request reaches the screen (a newer filter wins), and
 * nothing is set after the page is gone. While page 1 reloads, the old rows stay (marked stale by
 * `status === 'loading'`).
 */
export function usePagedList<T>(fetchPage: (page: number) => Promise<{ data: T[]; total: number }>, options: PagedListOptions = {}) {
  const { deps = [], onShow = false, pullDownRefresh = false, enabled = true } = options;
  const [items, setItems] = useState<T[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(0);
  const [state, setState] = useState<ListState>({ status: 'loading' });
  const [more, setMore] = useState<'idle' | 'loading' | 'error'>('idle');
  const fetcher = useRef(fetchPage);
  fetcher.current = fetchPage;
  const guard = useLatestGuard();
  const enabledRef = useRef(enabled);
  enabledRef.current = enabled;

  const fetchAt = useCallback(async (p: number): Promise<void> => {
    if (!enabledRef.current) return;
    if (p === 1) setState({ status: 'loading' });
    else setMore('loading');
    const current = guard.begin();
    try {
      const res = await fetcher.current(p);
      if (!current()) return;
      const rows = res.data ?? [];
      setItems((prev) => (p === 1 ? rows : [...prev, ...rows]));
      setTotal(res.total ?? rows.length);
      setPage(p);
      setState({ status: 'ready' });
      setMore('idle');
    } catch (e) {
      if (!current()) return;
      if (p === 1) setState(problemOf(e));
      else setMore('error');
    }
  }, []);

  const first = useRef(true);
  useEffect(() => {
    const wasFirst = first.current;
    first.current = false;
    if (onShow && wasFirst) return; // useDidShow makes the first load
    void fetchAt(1);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, enabled]);

  useDidShow(() => {
    if (onShow) void fetchAt(1);
  });

  usePullDownRefresh(() => {
    if (!pullDownRefresh) return;
    void fetchAt(1).finally(() => Taro.stopPullDownRefresh());
  });

  const hasMore = state.status === 'ready' && items.length < total;
  const loadMore = () => {
    if (hasMore && more !== 'loading') void fetchAt(page + 1);
  };
  useReachBottom(loadMore);

  return {
    items,
    total,
    state,
    more,
    hasMore,
    loadMore,
    /** Page 1 again (filters unchanged). */
    reload: () => fetchAt(1),
    /** After an error: the page that failed (the next one, or the first). */
    retry: () => void fetchAt(more === 'error' && items.length ? page + 1 : 1),
    /** Replace the rows shown (e.g. after an action removed one), without a request. */
    setItems,
  };
}

/** What usePagedList returns (components/PagedList renders it). */
export type PagedList<T> = ReturnType<typeof usePagedList<T>>;
