// Default resolution (jest, type checking). Taro picks LoginPanel.weapp.tsx / LoginPanel.h5.tsx per platform.
export { default } from './LoginPanel.h5';
