// Default resolution (jest, type checking). Taro picks location.weapp.ts / location.h5.ts per platform.
export { canPickLocation, pickLocation } from './location.h5';
