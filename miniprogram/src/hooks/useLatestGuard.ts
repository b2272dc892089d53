import { useCallback, useEffect, useMemo, useRef } from 'react';

/**
 * Stale-answer guard shared by the page hooks: `begin()` starts a load and returns a check that stays true
 * only while that load is the newest one of a mounted page; `cancel()` makes every load in flight stale.
 */
export function useLatestGuard() {
  const seq = useRef(0);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  const begin = useCallback(() => {
    const id = ++seq.current;
    return () => alive.current && id === seq.current;
  }, []);
  const cancel = useCallback(() => {
    seq.current++;
  }, []);
  return useMemo(() => ({ begin, cancel }), [begin, cancel]);
}
