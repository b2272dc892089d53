// Default resolution (jest, type checking). Taro picks media.weapp.ts / media.h5.ts per platform.
export { pickMedia, mediaHint, mediaLabel } from './media.h5';
