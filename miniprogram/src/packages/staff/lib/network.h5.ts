/** H5: the browser's online event. Returns a function that stops listening. */
export function onBackOnline(fn: () => void): () => void {
  if (typeof window === 'undefined') return () => undefined;
  window.addEventListener('online', fn);
  return () => window.removeEventListener('online', fn);
}
