// Default resolution (jest, type checking). Taro picks location.weapp.ts / location.h5.ts per platform.
export { canPickPoint, pickPoint, pickPointLabel } from './location.h5';
export type { PickedPoint } from './location.h5';
