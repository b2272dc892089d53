/**
 * H5: the tab bar and title bar live outside our pages, so large-text mode also marks <html>; app.scss
 * scales their labels from that class.
 */
export function applyRootLargeText(on: boolean): void {
  if (typeof document !== 'undefined') document.documentElement.classList.toggle('xzf-large', on);
}
