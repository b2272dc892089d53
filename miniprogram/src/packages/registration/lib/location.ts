// Default resolution (jest, type checking). Taro picks location.weapp.ts / location.h5.ts per platform.
export { canPickLocation, LOCATION_ACTION, pickLocation } from './location.h5';
