// policies/tipoff.ts as a table: every role × action × case or reward inside or outside their region.
import { expectCovered, table } from './support';

const OUT = '403 auth.out_of_region';
const FORBIDDEN = '403 auth.forbidden';
const NONSTAFF = { anonymous: FORBIDDEN, citizen: FORBIDDEN, owner: FORBIDDEN };
const IDENTITY = '403 tipoff.identity_forbidden';
const NOT_ADMIN = '403 auth.forbidden'; // "奖励须由本辖区管理员审批"
const SECOND = '403 tipoff.reward_second_person';

const TABLES = [
  ['handle a case, in region', table('tipoff.handle', { region: '450203001' }, ['inspector', 'countyAdmin', 'cityAdmin', 'provinceAdmin'], OUT, NONSTAFF)],
  ['handle a case, out of region', table('tipoff.handle', { region: '450303001' }, ['otherInspector', 'otherCityAdmin', 'provinceAdmin'], OUT, NONSTAFF)],
  ['reporter identity, the handler accepted it', table('tipoff.viewIdentity', { region: '450203001', handlerId: 'inspector' }, ['inspector', 'countyAdmin', 'cityAdmin', 'provinceAdmin'], OUT, NONSTAFF)],
  ['reporter identity, a colleague handles it', table('tipoff.viewIdentity', { region: '450203001', handlerId: 'someoneElse' }, ['countyAdmin', 'cityAdmin', 'provinceAdmin'], OUT, { ...NONSTAFF, inspector: IDENTITY })],
  ['reporter identity, not yet accepted', table('tipoff.viewIdentity', { region: '450203001', handlerId: null }, ['countyAdmin', 'cityAdmin', 'provinceAdmin'], OUT, { ...NONSTAFF, inspector: IDENTITY })],
  ['reporter identity, out of region', table('tipoff.viewIdentity', { region: '450303001', handlerId: 'otherInspector' }, ['otherInspector', 'otherCityAdmin', 'provinceAdmin'], OUT, NONSTAFF)],
  ['decide a reward an inspector proposed', table('tipoff.decideReward', { region: '450203001', proposerId: 'inspector' }, ['countyAdmin', 'cityAdmin', 'provinceAdmin'], OUT,
    { anonymous: NOT_ADMIN, citizen: NOT_ADMIN, owner: NOT_ADMIN, inspector: NOT_ADMIN, otherInspector: NOT_ADMIN })],
  ['decide a reward the city admin proposed', table('tipoff.decideReward', { region: '450203001', proposerId: 'cityAdmin' }, ['countyAdmin', 'provinceAdmin'], OUT,
    { anonymous: NOT_ADMIN, citizen: NOT_ADMIN, owner: NOT_ADMIN, inspector: NOT_ADMIN, otherInspector: NOT_ADMIN, cityAdmin: SECOND })],
] as const;

describe.each(TABLES)('tipoff: %s', (_label, rows) => {
  it.each(rows.map((r) => [r.who, r.expected, r] as const))('%s → %s', (_who, expected, row) => {
    expect(row.got()).toBe(expected);
  });
});

it('covers every action of the tip-off table', () => expectCovered('tipoff', TABLES));
