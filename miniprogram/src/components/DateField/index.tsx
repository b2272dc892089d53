// Default resolution (jest, type checking). Taro picks DateField.weapp.tsx / DateField.h5.tsx per platform.
export { default } from './DateField.h5';
export type { DateFieldProps } from './DateField.h5';
