// Default resolution (jest, type checking). Taro picks a11y.weapp.ts / a11y.h5.ts per platform.
export { a11y } from './a11y.h5';
export type { A11yOptions, A11yProps } from './a11y.types';
