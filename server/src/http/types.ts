import type { ParameterizedContext } from 'koa';
import type { Logger } from 'pino';
import type { UserDoc } from '../models/User';
import type { Services } from '../services';

export interface AppState {
  requestId: string;
  log: Logger;
  user?: UserDoc;
}

export interface Input<P = unknown, Q = unknown, B = unknown> {
  params: P;
  query: Q;
  body: B;
}

export type AppContext = ParameterizedContext<AppState> & { services: Services; input: Input<any, any, any> };
export type ApiContext<P, Q, B> = Omit<AppContext, 'input'> & { input: Input<P, Q, B> };
