// Default resolution (jest, type checking). Taro picks pay.weapp.ts / pay.h5.ts per platform.
export { payChannelHere, startPayment } from './pay.h5';
export type { PayOutcome } from './pay.h5';
