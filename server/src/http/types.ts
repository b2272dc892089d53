import type { ParameterizedContext } from 'koa';
import type { Logger } from 'pino';
import type { UserDoc } from '../models/User';
import type { Services } from '../services';

export interface AppState {
  requestId: string;
  log: Logger;
  user?: UserDoc;
  /** Why a sent token was not accepted (middlewares/auth.ts), for the 401 message. */
  authError?: string;
}

export interface Input<P = unknown, Q = unknown, B = unknown> {
  params: P;
  query: Q;
  body: B;
}

/** The Koa context of this app; `I` is what the route's schemas parsed (http/api.ts). */
export type AppContext<I extends Input<unknown, unknown, unknown> = Input<unknown, unknown, unknown>> = ParameterizedContext<AppState> & { services: Services; input: I };
/** A route handler's context: `input` typed by the route's params, query and body schemas. */
export type ApiContext<P, Q, B> = AppContext<Input<P, Q, B>>;
