// Default resolution (type checking, jest). Taro picks network.weapp.ts / network.h5.ts per platform.
export { onBackOnline } from './network.h5';
