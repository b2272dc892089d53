import type { ReactNode } from 'react';
import ActionButton from '@/components/ActionButton';
import EmptyState, { type EmptyStateProps } from '@/components/EmptyState';
import type { PagedList as List } from '@/hooks/usePagedList';

export interface PagedListProps<T> {
  /** What usePagedList returned. */
  list: List<T>;
  /** The empty list: title, description, actions. */
  empty: Pick<EmptyStateProps, 'title' | 'description' | 'actions'>;
  /** Shown while page 1 loads with no rows yet; the EmptyState spinner when absent (null: nothing). */
  loading?: ReactNode;
  /** Title for a failed load (the problem's own when absent). */
  errorTitle?: string;
  /** Shown under the last page (e.g. 已显示全部). */
  end?: ReactNode;
  /** The rows: while ready, and while page 1 reloads (the old rows, stale). */
  children: (items: T[]) => ReactNode;
}

/**
 * The body of a paged list page: loading, a failure with 重试 (or 登录), the empty list, the rows, and
 * 加载更多 with its own failure. Pages keep their header, filters and row layout.
 */
export default function PagedList<T>({ list, empty, loading, errorTitle, end, children }: PagedListProps<T>) {
  const { items, total, state, more, hasMore, loadMore, retry } = list;
  const showing = items.length > 0 && (state.status === 'ready' || state.status === 'loading');
  return (
    <>
      {state.status === 'loading' && !items.length ? (loading === undefined ? <EmptyState status='loading' /> : loading) : null}
      {state.status !== 'loading' && state.status !== 'ready' ? (
        <EmptyState problem={state} title={state.status === 'error' ? errorTitle : undefined} onRetry={retry} />
      ) : null}
      {state.status === 'ready' && !items.length ? <EmptyState status='empty' {...empty} /> : null}
      {showing ? children(items) : null}
      {hasMore ? (
        <ActionButton block onClick={loadMore} disabled={more === 'loading'}>
          {more === 'loading' ? '加载中…' : more === 'error' ? '加载失败，点此重试' : `加载更多（已显示 ${items.length} / ${total}）`}
        </ActionButton>
      ) : state.status === 'ready' && items.length ? end ?? null : null}
    </>
  );
}
