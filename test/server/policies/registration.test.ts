// policies/registration.ts as a table: every role × action × application inside or outside their region.
import { expectCovered, table } from './support';

const inside = { applicantId: 'owner', region: '450203001', siteCheck: { inspectorIds: ['inspector'] } };
const outside = { applicantId: 'owner', region: '450303001', siteCheck: { inspectorIds: ['otherInspector'] } };
const unscheduled = { applicantId: 'owner', region: '450203001', siteCheck: { inspectorIds: [] } };
const HIDDEN = '404 resource.not_found';
const FORBIDDEN = '403 auth.forbidden';
const OUT = '403 auth.out_of_region';
const NONSTAFF = { anonymous: FORBIDDEN, citizen: FORBIDDEN, owner: FORBIDDEN };

const TABLES = [
  ['read, in region', table('registration.read', inside, ['owner', 'inspector', 'countyAdmin', 'cityAdmin', 'provinceAdmin'], HIDDEN)],
  ['read, out of region', table('registration.read', outside, ['owner', 'otherInspector', 'otherCityAdmin', 'provinceAdmin'], HIDDEN)],
  ['edit (draft, submit)', table('registration.edit', inside, ['owner'], HIDDEN)],
  ['review, in region', table('registration.review', inside, ['inspector', 'countyAdmin', 'cityAdmin', 'provinceAdmin'], OUT, NONSTAFF)],
  ['review, out of region', table('registration.review', outside, ['otherInspector', 'otherCityAdmin', 'provinceAdmin'], OUT, NONSTAFF)],
  ['site-check result, scheduled inspector', table('registration.recordSiteCheck', inside, ['inspector', 'countyAdmin', 'cityAdmin', 'provinceAdmin'], OUT, NONSTAFF)],
  ['site-check result, nobody scheduled', table('registration.recordSiteCheck', unscheduled, ['countyAdmin', 'cityAdmin', 'provinceAdmin'], OUT, { ...NONSTAFF, inspector: FORBIDDEN })],
  ['site-check result, out of region', table('registration.recordSiteCheck', outside, ['otherInspector', 'otherCityAdmin', 'provinceAdmin'], OUT, NONSTAFF)],
  ['renewal / change / cancellation', table('registration.applyForWorkshop', { ownerId: 'owner' }, ['owner'], HIDDEN)],
  ['renewal of an unowned (black) workshop', table('registration.applyForWorkshop', { ownerId: null }, [], HIDDEN)],
  ['negative list of a county', table('registration.editNegativeList', { region: '450203' }, ['countyAdmin', 'cityAdmin', 'provinceAdmin'], OUT)],
  ['negative list of a city', table('registration.editNegativeList', { region: '4502' }, ['cityAdmin', 'provinceAdmin'], OUT)],
] as const;

describe.each(TABLES)('registration: %s', (_label, rows) => {
  it.each(rows.map((r) => [r.who, r.expected, r] as const))('%s → %s', (_who, expected, row) => {
    expect(row.got()).toBe(expected);
  });
});

it('covers every action of the registration table', () => expectCovered('registration', TABLES));
