// One entry to every domain's policy table: `authorize(user, action, resource)` throws the rule's answer
// (403 that says why, or 404 where ids must not reveal existence); `can` asks without throwing.
import { calendarRules } from './calendar';
import { fileRules } from './files';
import { registrationRules } from './registration';
import { staffRules } from './staff';
import { supervisionRules } from './supervision';
import { tipoffRules } from './tipoff';
import { trainingRules } from './training';
import { programRules } from './programs';
import { actorOf, verdict, type Actor, type Rule } from './policy';

export const RULES = { ...registrationRules, ...supervisionRules, ...tipoffRules, ...fileRules, ...staffRules, ...calendarRules, ...trainingRules, ...programRules };

export type Action = keyof typeof RULES;
export type ResourceOf<A extends Action> = (typeof RULES)[A] extends Rule<infer R> ? R : never;
type UserLike = Actor | { _id: unknown; roles: readonly string[]; region?: string | null };

const toActor = (user: UserLike | null | undefined): Actor | null => (!user ? null : '_id' in user ? actorOf(user) : user);

export function can<A extends Action>(user: UserLike | null | undefined, action: A, resource: ResourceOf<A>): boolean {
  return verdict(RULES[action] as Rule<ResourceOf<A>>, toActor(user), resource) === null;
}

export function authorize<A extends Action>(user: UserLike | null | undefined, action: A, resource: ResourceOf<A>): void {
  const denied = verdict(RULES[action] as Rule<ResourceOf<A>>, toActor(user), resource);
  if (denied) throw denied;
}
