// Default resolution (type checking). Taro picks exportFile.weapp.ts / exportFile.h5.ts per platform.
export { downloadExport } from './exportFile.h5';
