// policies/training.ts as a table: the common cast plus two trainers (the support's cast has none), every
// action × course or session inside or outside a trainer's region.
import { AppError } from '../../../server/src/errors';
import { authorize, can, type Action, type ResourceOf } from '../../../server/src/policies';
import type { Actor } from '../../../server/src/policies/policy';
import { ACTORS, actionsOf } from './support';

const CAST: Record<string, Actor | null> = {
  ...ACTORS,
  trainer: { id: 'trainer', roles: ['citizen', 'trainer'], region: '450203' },
  otherTrainer: { id: 'otherTrainer', roles: ['citizen', 'trainer'], region: '450203' },
  cityTrainer: { id: 'cityTrainer', roles: ['citizen', 'trainer'], region: '4502' },
};
const WHO = Object.keys(CAST);

function decide<A extends Action>(action: A, who: string, resource: ResourceOf<A>): string {
  let outcome = 'allow';
  try {
    authorize(CAST[who], action, resource);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    outcome = `${e.status} ${e.code}`;
  }
  expect(can(CAST[who], action, resource)).toBe(outcome === 'allow');
  return outcome;
}

function table<A extends Action>(action: A, resource: ResourceOf<A>, allowed: string[], otherwise: string, special: Record<string, string> = {}) {
  return WHO.map((who) => ({ action, who, expected: special[who] ?? (allowed.includes(who) ? 'allow' : otherwise), got: () => decide(action, who, resource) }));
}

const NOT_TRAINER = '403 training.not_trainer';
const OUT = '403 auth.out_of_region';
const NOT_MINE = '403 training.not_course_trainer';
const course = { trainerId: 'trainer', region: '450203' };

const TABLES = [
  ['create a course in the county', table('training.createCourse', { region: '450203' }, ['trainer', 'otherTrainer', 'cityTrainer'], NOT_TRAINER)],
  ['create a course in another county', table('training.createCourse', { region: '450303' }, [], NOT_TRAINER, { trainer: OUT, otherTrainer: OUT, cityTrainer: OUT })],
  ['manage the trainer\'s course', table('training.manage', course, ['trainer', 'cityAdmin', 'countyAdmin', 'provinceAdmin'], NOT_MINE)],
  ['see a draft', table('training.readDraft', course, ['trainer', 'cityAdmin', 'countyAdmin', 'provinceAdmin'], '404 resource.not_found')],
  ['book for an owned workshop', table('training.book', { ownerId: 'owner' }, ['owner'], '403 training.not_workshop_owner')],
  ['act on an own booking', table('training.ownBooking', { ownerId: 'owner' }, ['owner'], '404 resource.not_found')],
] as const;

describe.each(TABLES)('training: %s', (_label, rows) => {
  it.each(rows.map((r) => [r.who, r.expected, r] as const))('%s → %s', (_who, expected, row) => {
    expect(row.got()).toBe(expected);
  });
});

it('covers every action of the training table', () => {
  const tested = new Set<string>(TABLES.flatMap(([, rows]) => rows.map((r) => r.action)));
  expect(actionsOf('training').filter((a) => !tested.has(a))).toEqual([]);
});
