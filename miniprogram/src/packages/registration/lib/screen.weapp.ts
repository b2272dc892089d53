import Taro from '@tarojs/taro';

/** Keeps the phone awake while the certificate is shown at the counter. */
export function keepScreenOn(): void {
  Taro.setKeepScreenOn({ keepScreenOn: true }).catch(() => undefined);
}
