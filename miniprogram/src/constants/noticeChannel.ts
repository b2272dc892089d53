// Default resolution (type checking, unit tests). Taro picks noticeChannel.weapp.ts / noticeChannel.h5.ts.
export { PROGRESS_NOTICE } from './noticeChannel.h5';
