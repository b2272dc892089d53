import Taro from '@tarojs/taro';
import type { MerchantTransferResult } from './merchantTransfer.h5';

export type { MerchantTransferResult };

// WeChat: the payee confirms a transfer bill (商家转账) on WeChat Pay's page, opened with the bill's
// package_info (base library 3.3.0+). Taro 4.2 has no typing for it; its weapp runtime copies wx's API onto Taro.
type Call = (o: { mchId: string; appId: string; package: string; success: () => void; fail: (e: { errMsg?: string }) => void }) => void;

export const canConfirmHere = true;

export function requestMerchantTransfer(p: { mchId: string; appId: string; package: string }): Promise<MerchantTransferResult> {
  const call = (Taro as unknown as { requestMerchantTransfer?: Call }).requestMerchantTransfer;
  if (typeof call !== 'function' || !Taro.canIUse('requestMerchantTransfer')) return Promise.resolve('unsupported');
  return new Promise((resolve) => {
    // success only means the page was shown and closed: the result comes from the server (notification).
    call({ ...p, success: () => resolve('confirmed'), fail: (e) => resolve(/cancel/i.test(e?.errMsg ?? '') ? 'cancelled' : 'failed') });
  });
}
