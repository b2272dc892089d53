// Default resolution (type checking, unit tests). Taro picks tabBadge.weapp.ts / tabBadge.h5.ts per platform.
export { showUnreadBadge } from './tabBadge.h5';
