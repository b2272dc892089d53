// Default resolution (jest, type checking). Taro picks the .weapp.ts / .h5.ts file per platform.
export { applyRootLargeText } from './rootLargeText.h5';
