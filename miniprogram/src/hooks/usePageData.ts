import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { problemOf, type PageProblem } from './pageProblem';
import { useLatestGuard } from './useLatestGuard';

export type PageState<T> = { status: 'loading' } | { status: 'ready'; data: T } | PageProblem;

export interface PageDataOptions {
  /** Load again when any of these change (e.g. the id in the URL); the page shows loading meanwhile. */
  deps?: readonly unknown[];
  /** Load on every show (back from another page the record may have changed) instead of on mount only. */
  onShow?: boolean;
  /** Reload on pull-down; the page config also needs `enablePullDownRefresh: true`. */
  pullDownRefresh?: boolean;
  /** False while the page cannot load yet (e.g. not logged in): nothing is requested. */
  enabled?: boolean;
}

/**
 * A page's data: `loading → ready | missing | forbidden | error`, and `reload()`. Only the answer to the
 * latest request reaches the screen (a slow earlier answer is dropped), and nothing is set after the
 * page is gone. A reload of a page already shown keeps it on screen; if that refresh fails for a reason
 * other than 404/403, the page stays and a toast says why.
 */
export function usePageData<T>(load: () => Promise<T>, options: PageDataOptions = {}) {
  const { deps = [], onShow = false, pullDownRefresh = false, enabled = true } = options;
  const [state, setState] = useState<PageState<T>>({ status: 'loading' });
  const [refreshing, setRefreshing] = useState(false);
  const loader = useRef(load);
  loader.current = load;
  const guard = useLatestGuard();
  const shown = useRef<PageState<T>>(state);
  shown.current = state;
  const enabledRef = useRef(enabled);
  enabledRef.current = enabled;

  const run = useCallback(async (fresh: boolean): Promise<void> => {
    if (!enabledRef.current) return;
    const keep = !fresh && shown.current.status === 'ready';
    if (keep) setRefreshing(true);
    else setState({ status: 'loading' });
    const current = guard.begin();
    try {
      const data = await loader.current();
      if (current()) setState({ status: 'ready', data });
    } catch (e) {
      if (!current()) return;
      const p = problemOf(e);
      if (keep && p.status === 'error') void Taro.showToast({ title: `刷新失败：${p.message}`, icon: 'none', duration: 2500 });
      else setState(p);
    } finally {
      if (current()) setRefreshing(false);
    }
  }, []);

  // First load, and again whenever a dependency changes (a new subject: show loading, not the old one).
  const first = useRef(true);
  useEffect(() => {
    const wasFirst = first.current;
    first.current = false;
    if (onShow && wasFirst) return; // useDidShow makes the first load
    void run(true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, enabled]);

  const showCount = useRef(0);
  useDidShow(() => {
    if (!onShow) return;
    void run(showCount.current++ === 0);
  });

  usePullDownRefresh(() => {
    if (!pullDownRefresh) return;
    void run(false).finally(() => Taro.stopPullDownRefresh());
  });

  /** Load again; a page already shown stays on screen meanwhile. */
  const reload = useCallback(() => run(false), [run]);
  /** Start over from the loading state (e.g. 重试 after an error). */
  const retry = useCallback(() => run(true), [run]);
  /** Show data the page got otherwise (the answer to an action); a load still under way is dropped. */
  const setData = useCallback((data: T) => {
    guard.cancel();
    setRefreshing(false);
    setState({ status: 'ready', data });
  }, []);

  return { state, data: state.status === 'ready' ? state.data : null, refreshing, reload, retry, setData };
}
