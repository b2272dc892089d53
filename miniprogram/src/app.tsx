import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { getState } from '@/store/app';
import { refreshMe } from '@/services/auth';
import './app.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // A stored token may have expired while the app was closed: check it once, quietly.
    if (getState().token) void refreshMe();
  });
  return children;
}

export default App;
