import { useEffect, useRef, useState } from 'react';
import { useReachBottom } from '@tarojs/taro';
import { ApiError } from '@/services/request';

export type Load = 'loading' | 'error' | 'done';

/**
 * A public list paged by the server: page 1 again whenever `deps` change, the next page on reaching the
 * bottom, and late answers to an earlier request dropped (a newer filter wins).
 */
export function usePagedList<T>(fetchPage: (page: number) => Promise<{ data: T[]; total: number }>, deps: unknown[]) {
  const [items, setItems] = useState<T[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [load, setLoad] = useState<Load>('loading');
  const [message, setMessage] = useState('');
  const seq = useRef(0);

  const fetchAt = async (p: number) => {
    const id = ++seq.current;
    setLoad('loading');
    try {
      const res = await fetchPage(p);
      if (id !== seq.current) return;
      setItems((prev) => (p === 1 ? res.data : [...prev, ...res.data]));
      setTotal(res.total);
      setPage(p);
      setLoad('done');
    } catch (e) {
      if (id !== seq.current) return;
      setMessage(e instanceof ApiError ? e.message : '加载失败，请稍后再试');
      setLoad('error');
    }
  };
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => { void fetchAt(1); }, deps);

  const hasMore = items.length < total;
  const more = () => { if (load === 'done' && hasMore) void fetchAt(page + 1); };
  useReachBottom(more);

  return {
    items, total, load, message, hasMore, more,
    /** After an error: the page that failed (the next one, or the first). */
    retry: () => void fetchAt(items.length ? page + 1 : 1),
  };
}
