// Who may do what, as tables (the shape of outline/outline server/policies): each domain file maps an
// action to a rule, a rule is a list of checks read in order, and the first check that fails decides the
// answer — a 403 that says why, or a 404 where an id must not reveal that the record exists.
// Handlers and commands call `authorize(user, action, resource)` once (policies/index.ts).
import type { AppError } from '../errors';

/** What a policy knows about the acting user. */
export interface Actor {
  id: string;
  roles: readonly string[];
  region: string | null;
}

/** A check of a rule and the error its failure answers with. */
export interface Check<R> {
  test: (actor: Actor | null, resource: R) => boolean;
  deny: () => AppError;
}

export type Rule<R> = readonly Check<R>[];

export const check = <R>(test: (actor: Actor | null, resource: R) => boolean, deny: () => AppError): Check<R> => ({ test, deny });

/** A rule: allowed when every check passes, in order. */
export const allow = <R>(...checks: Check<R>[]): Rule<R> => checks;

/** The error of the first failing check, or null when the rule allows. */
export function verdict<R>(rule: Rule<R>, actor: Actor | null, resource: R): AppError | null {
  for (const c of rule) if (!c.test(actor, resource)) return c.deny();
  return null;
}

export function actorOf(user: { _id: unknown; roles: readonly string[]; region?: string | null }): Actor {
  return { id: String(user._id), roles: user.roles, region: user.region ?? null };
}
