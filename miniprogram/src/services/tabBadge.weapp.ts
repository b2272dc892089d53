import Taro from '@tarojs/taro';

/** Index of 我的 in app.config.ts's tab bar. */
const MINE_TAB = 3;

/** The unread count as the 我的 tab's badge (99+ above 99); none at 0. Off a tab page WeChat refuses: ignored. */
export function showUnreadBadge(unread: number): void {
  const done = unread > 0
    ? Taro.setTabBarBadge({ index: MINE_TAB, text: unread > 99 ? '99+' : String(unread) })
    : Taro.removeTabBarBadge({ index: MINE_TAB });
  void Promise.resolve(done).catch(() => undefined);
}
