// Globals provided at build time (config/index.ts defineConstants) and asset modules.
declare const __API_BASE__: string;

declare module '*.scss';
declare module '*.css';
declare module '*.png' {
  const src: string;
  export default src;
}

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV?: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd' | 'rn' | 'harmony';
  }
}
