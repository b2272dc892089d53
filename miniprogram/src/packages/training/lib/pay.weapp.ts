// Mini-program: JSAPI payment, WeChat's own sheet opened with the parameters the server signed.
import Taro from '@tarojs/taro';
import type { PayChannel } from '@shared/domain/trainingPayment';
import type { PayStartView } from '@shared/schemas/trainingPayment';
import type { PayOutcome } from './pay.h5';

export type { PayOutcome };

export function payChannelHere(): PayChannel {
  return 'jsapi';
}

export async function startPayment(start: Pick<PayStartView, 'channel' | 'codeUrl' | 'h5Url' | 'requestPayment'>): Promise<PayOutcome> {
  const p = start.requestPayment;
  if (start.channel !== 'jsapi' || !p) return 'failed';
  try {
    await Taro.requestPayment({ timeStamp: p.timeStamp, nonceStr: p.nonceStr, package: p.package, signType: p.signType, paySign: p.paySign });
    // Success only means the payer finished on their side: the booking is confirmed by the server's notification.
    return 'paid';
  } catch (e) {
    return /cancel/i.test((e as { errMsg?: string })?.errMsg ?? '') ? 'cancelled' : 'failed';
  }
}
