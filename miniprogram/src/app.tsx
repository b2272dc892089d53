import type { PropsWithChildren } from 'react';
import Taro, { useLaunch, usePageNotFound } from '@tarojs/taro';
import { ROUTES } from '@/constants/routes';
import { getState } from '@/store/app';
import { refreshMe } from '@/services/auth';
import { refreshUnread } from '@/services/messages';
import './app.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // A stored token may have expired while the app was closed: check it once, quietly.
    if (getState().token) void refreshMe();
    // The 我的 tab's unread badge (mini-program) from the first screen on.
    if (getState().token) void refreshUnread();
  });
  // An unknown address (an old link, a typo, a page that was removed) lands on the 404 page, which
  // offers a way home. WeChat calls this for a missing page; Taro's H5 router for an unknown path.
  usePageNotFound((res) => {
    const path = String(res?.path ?? '').replace(/^\//, '');
    if (`/${path}` === ROUTES.notFound) return;
    void Taro.redirectTo({ url: `${ROUTES.notFound}?path=${encodeURIComponent(`/${path}`)}` });
  });
  return children;
}

export default App;
