import Taro from '@tarojs/taro';

// Storage keys are namespaced so a shared WebView origin or devtools session never mixes apps.
export const STORAGE_KEYS = {
  token: 'xzf.token',
  user: 'xzf.user',
  largeText: 'xzf.largeText',
  returnTo: 'xzf.returnTo',
} as const;

export function readStorage<T>(key: string): T | null {
  try {
    const value = Taro.getStorageSync(key);
    return value === '' || value === undefined || value === null ? null : (value as T);
  } catch {
    return null;
  }
}

export function writeStorage(key: string, value: unknown): void {
  try {
    if (value === null || value === undefined) Taro.removeStorageSync(key);
    else Taro.setStorageSync(key, value);
  } catch {
    // Storage full or unavailable (private mode): the session simply lasts for this run.
  }
}
