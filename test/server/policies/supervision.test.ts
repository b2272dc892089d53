// policies/supervision.ts as a table: every role × action × record inside or outside their region.
import { expectCovered, table } from './support';

const workshop = { ownerId: 'owner', region: '450203001' };
const elsewhere = { ownerId: 'owner', region: '450303001' };
const OUT = '403 auth.out_of_region';
const FORBIDDEN = '403 auth.forbidden';
const NOT_ADMIN = { anonymous: FORBIDDEN, citizen: FORBIDDEN, owner: FORBIDDEN, inspector: FORBIDDEN, otherInspector: FORBIDDEN };

const TABLES = [
  ['record on a workshop, in region', table('supervision.record', workshop, ['inspector', 'countyAdmin', 'cityAdmin', 'provinceAdmin'], OUT)],
  ['record on a workshop, out of region', table('supervision.record', elsewhere, ['otherInspector', 'otherCityAdmin', 'provinceAdmin'], OUT)],
  ['read a workshop\'s records', table('supervision.read', workshop, ['owner', 'inspector', 'countyAdmin', 'cityAdmin', 'provinceAdmin'], '404 resource.not_found')],
  ['read records of another region', table('supervision.read', elsewhere, ['owner', 'otherInspector', 'otherCityAdmin', 'provinceAdmin'], '404 resource.not_found')],
  ['read a black workshop\'s records (no owner)', table('supervision.read', { ownerId: null, region: '450203001' }, ['inspector', 'countyAdmin', 'cityAdmin', 'provinceAdmin'], '404 resource.not_found')],
  ['owner acts (self-check, rectification, repair)', table('supervision.ownerAct', workshop, ['owner'], '404 resource.not_found')],
  ['review a credit repair, in region', table('supervision.reviewRepair', workshop, ['countyAdmin', 'cityAdmin', 'provinceAdmin'], OUT, NOT_ADMIN)],
  ['review a credit repair, out of region', table('supervision.reviewRepair', elsewhere, ['otherCityAdmin', 'provinceAdmin'], OUT, NOT_ADMIN)],
  ['双随机 draw of a city', table('supervision.draw', { region: '4502' }, ['cityAdmin', 'provinceAdmin'], OUT, NOT_ADMIN)],
  ['双随机 draw of a county', table('supervision.draw', { region: '450203' }, ['countyAdmin', 'cityAdmin', 'provinceAdmin'], OUT, NOT_ADMIN)],
] as const;

describe.each(TABLES)('supervision: %s', (_label, rows) => {
  it.each(rows.map((r) => [r.who, r.expected, r] as const))('%s → %s', (_who, expected, row) => {
    expect(row.got()).toBe(expected);
  });
});

it('covers every action of the supervision table', () => expectCovered('supervision', TABLES));
