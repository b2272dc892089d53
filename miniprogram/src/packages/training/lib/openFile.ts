// Default resolution (jest, type checking). Taro picks openFile.weapp.ts / openFile.h5.ts per platform.
export { openFile } from './openFile.h5';
