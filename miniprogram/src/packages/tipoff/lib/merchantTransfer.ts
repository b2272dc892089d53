// Default resolution (jest, type checking). Taro picks merchantTransfer.weapp.ts / merchantTransfer.h5.ts per platform.
export { canConfirmHere, requestMerchantTransfer } from './merchantTransfer.h5';
export type { MerchantTransferResult } from './merchantTransfer.h5';
