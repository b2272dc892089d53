// Default resolution (jest, type checking). Taro picks TextBox.weapp.tsx / TextBox.h5.tsx per platform.
export { default } from './TextBox.h5';
export type { TextBoxProps } from './TextBox.h5';
