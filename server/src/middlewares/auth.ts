import type { Middleware } from 'koa';
import { isValidObjectId } from 'mongoose';
import type { Role } from '@shared/domain/roles';
import { forbidden, unauthorized } from '../errors';
import type { AppContext } from '../http/types';
import { UserModel } from '../models/User';
import { verifyToken } from '../services/session';

/**
 * Reads a bearer token when one is sent. A bad token is remembered, not thrown, so public routes
 * still answer (an anonymous tip-off with a stale token must not fail); protected routes then say why.
 */
export function authenticate(): Middleware {
  return async (ctx, next) => {
    const c = ctx as unknown as AppContext;
    const header = ctx.get('Authorization');
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (m) {
      const check = verifyToken(c.services.config, m[1]);
      if (!check.ok) ctx.state.authError = check.reason;
      else if (isValidObjectId(check.userId)) {
        const user = await UserModel.findById(check.userId);
        if (!user) ctx.state.authError = 'invalid';
        else if (user.disabled) ctx.state.authError = 'disabled';
        else if ((user.sessionEpoch ?? 0) !== check.sessionEpoch) ctx.state.authError = 'revoked';
        else ctx.state.user = user;
      } else ctx.state.authError = 'invalid';
    }
    await next();
  };
}

export function requireUser(roles?: Role[]): Middleware {
  return async (ctx, next) => {
    const user = ctx.state.user;
    if (!user) {
      const reason = ctx.state.authError as string | undefined;
      if (reason === 'expired') throw unauthorized('auth.token_expired');
      if (reason === 'disabled') throw forbidden('auth.account_disabled');
      if (reason === 'revoked') throw unauthorized('auth.token_invalid', '您已退出登录，请重新登录');
      throw unauthorized(reason ? 'auth.token_invalid' : 'auth.required');
    }
    if (roles && !roles.some((r) => user.roles.includes(r))) throw forbidden();
    await next();
  };
}
