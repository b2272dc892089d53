import type { Services } from '../services';

declare module 'koa' {
  interface DefaultContext {
    services: Services;
  }
}
