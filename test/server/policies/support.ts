// Policy tables are tested as tables: every role × action × resource (inside or outside the region) →
// "allow", or the status and code of the refusal. Pure functions, no app needed.
import { AppError } from '../../../server/src/errors';
import { authorize, can, RULES, type Action, type ResourceOf } from '../../../server/src/policies';
import type { Actor } from '../../../server/src/policies/policy';

const actor = (id: string, roles: string[], region: string | null): Actor => ({ id, roles: ['citizen', ...roles], region });

/** The cast of every table: ids are what resources point at (applicantId, ownerId, handlerId…). */
export const ACTORS = {
  anonymous: null,
  citizen: actor('citizen', [], null),
  owner: actor('owner', ['owner'], null),
  inspector: actor('inspector', ['inspector'], '450203'),
  otherInspector: actor('otherInspector', ['inspector'], '450303'),
  countyAdmin: actor('countyAdmin', ['admin'], '450203'),
  cityAdmin: actor('cityAdmin', ['admin'], '4502'),
  otherCityAdmin: actor('otherCityAdmin', ['admin'], '4503'),
  provinceAdmin: actor('provinceAdmin', ['admin'], '45'),
} as const;
export type Who = keyof typeof ACTORS;
export const EVERYONE = Object.keys(ACTORS) as Who[];

/** "allow", or "<status> <code>" of the refusal; `can` must agree with `authorize`. */
export function decide<A extends Action>(action: A, who: Who, resource: ResourceOf<A>): string {
  const a = ACTORS[who];
  let outcome = 'allow';
  try {
    authorize(a, action, resource);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    outcome = `${e.status} ${e.code}`;
  }
  expect(can(a, action, resource)).toBe(outcome === 'allow');
  return outcome;
}

/**
 * One table per (action, resource): the expected outcome for every actor. Actors left out are expected to
 * be refused with `otherwise`, so a rule that lets a new role in fails the table.
 */
export function table<A extends Action>(action: A, resource: ResourceOf<A>, allowed: Who[], otherwise: string, special: Partial<Record<Who, string>> = {}) {
  return EVERYONE.map((who) => [who, special[who] ?? (allowed.includes(who) ? 'allow' : otherwise)] as const).map(([who, expected]) => ({ action, who, expected, got: () => decide(action, who, resource) }));
}

/** Each action of a domain's table appears in at least one test table. */
export function expectCovered(prefix: string, tables: readonly (readonly [string, readonly { action: Action }[]])[]) {
  const tested = new Set(tables.flatMap(([, rows]) => rows.map((r) => r.action)));
  expect(actionsOf(prefix).filter((a) => !tested.has(a))).toEqual([]);
}

/** The actions of a domain's table, so a test can check it covered them all. */
export const actionsOf = (prefix: string) => (Object.keys(RULES) as Action[]).filter((a) => a.startsWith(`${prefix}.`)).sort();
