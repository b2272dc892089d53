// H5 portal: a desktop browser pays by scanning the Native QR code with WeChat; a phone browser is sent to
// WeChat Pay's H5 page (h5_url), which returns to `redirect_url` (this page) after paying.
import type { PayChannel } from '@shared/domain/trainingPayment';
import type { PayStartView } from '@shared/schemas/trainingPayment';

/** 'shown': the QR code is for the page to show; 'left': the browser is on WeChat Pay's page now. */
export type PayOutcome = 'paid' | 'cancelled' | 'failed' | 'shown' | 'left';

const PHONE = /Android|iPhone|iPad|iPod|Mobile|HarmonyOS|MicroMessenger/i;

export function payChannelHere(userAgent = typeof navigator === 'undefined' ? '' : navigator.userAgent): PayChannel {
  return PHONE.test(userAgent) ? 'h5' : 'native';
}

export async function startPayment(start: Pick<PayStartView, 'channel' | 'codeUrl' | 'h5Url' | 'requestPayment'>, go: (url: string) => void = (u) => window.location.assign(u)): Promise<PayOutcome> {
  if (start.channel === 'native' && start.codeUrl) return 'shown';
  if (start.channel === 'h5' && start.h5Url) {
    const back = typeof window === 'undefined' ? '' : window.location.href;
    go(back ? `${start.h5Url}&redirect_url=${encodeURIComponent(back)}` : start.h5Url);
    return 'left';
  }
  return 'failed';
}
