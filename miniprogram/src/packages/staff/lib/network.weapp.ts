import Taro from '@tarojs/taro';

/** WeChat: the network status callback (fires on every change; we act when connected). */
export function onBackOnline(fn: () => void): () => void {
  const listener = (res: { isConnected: boolean }) => {
    if (res.isConnected) fn();
  };
  Taro.onNetworkStatusChange(listener);
  return () => Taro.offNetworkStatusChange?.(listener);
}
