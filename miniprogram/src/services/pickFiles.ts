// Default resolution (jest, type checking). Taro picks pickFiles.weapp.ts / pickFiles.h5.ts per platform.
export { pickFiles } from './pickFiles.h5';
export type { PickedFile } from './pickFiles.h5';
