// Default resolution (jest, type checking). Taro picks screen.weapp.ts / screen.h5.ts per platform.
export { keepScreenOn } from './screen.h5';
