import type { AppContext } from '../../http/types';
import type { UserDoc } from '../../models/User';
import { presentUser } from '../../presenters/user';
import { issueToken } from '../../services/session';

/** The answer of every sign-in: a token of the user's current session epoch, and the user. */
export function sessionBody(ctx: AppContext, user: UserDoc) {
  const { token, expiresAt } = issueToken(ctx.services.config, String(user._id), user.sessionEpoch ?? 0);
  return { token, expiresAt: expiresAt.toISOString(), user: presentUser(user, (c) => ctx.services.regions.name(c)) };
}
