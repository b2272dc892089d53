// Default resolution (jest, type checking). Taro picks TextArea.weapp.tsx / TextArea.h5.tsx per platform.
export { default } from './TextArea.h5';
export type { TextAreaProps } from './TextArea.h5';
