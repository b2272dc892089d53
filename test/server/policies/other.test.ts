// The smaller tables as tables: files (policies/files.ts), staff invitations (policies/staff.ts), the
// national holiday calendar (policies/calendar.ts), the audit trail, and the jurisdiction check they are built from.
import { inJurisdiction, regionScope } from '../../../server/src/policies/jurisdiction';
import { ACTORS, expectCovered, table } from './support';

const FILES = [
  ['read a public file', table('file.read', { ownerId: 'citizen', public: true, purpose: 'registration' }, ['anonymous', 'citizen', 'owner', 'inspector', 'otherInspector', 'countyAdmin', 'cityAdmin', 'otherCityAdmin', 'provinceAdmin'], '404 file.not_found')],
  ['read a private registration photo attached to an application of 450203', table('file.read', { ownerId: 'owner', public: false, purpose: 'registration', links: [{ region: '450203001', viewerId: 'owner' }] }, ['owner', 'inspector', 'countyAdmin', 'cityAdmin', 'provinceAdmin'], '404 file.not_found')],
  ['read a private photo attached to nothing yet (the uploader alone)', table('file.read', { ownerId: 'owner', public: false, purpose: 'registration', links: [] }, ['owner'], '404 file.not_found')],
  ['read a file written before links existed (not migrated: the uploader alone)', table('file.read', { ownerId: 'owner', public: false, purpose: 'registration' }, ['owner'], '404 file.not_found')],
  ['read tip-off evidence of 450203', table('file.read', { ownerId: 'anon:x', public: false, purpose: 'tipoff', links: [{ region: '450203001', viewerId: null }] }, ['inspector', 'countyAdmin', 'cityAdmin', 'provinceAdmin'], '404 file.not_found')],
  ['read tip-off evidence of 450303 (another city)', table('file.read', { ownerId: 'anon:x', public: false, purpose: 'tipoff', links: [{ region: '450303001', viewerId: null }] }, ['otherInspector', 'otherCityAdmin', 'provinceAdmin'], '404 file.not_found')],
  ['read an inspection photo shown to the workshop\'s owner', table('file.read', { ownerId: 'inspector', public: false, purpose: 'inspection', links: [{ region: '450203001', viewerId: 'owner' }] }, ['owner', 'inspector', 'countyAdmin', 'cityAdmin', 'provinceAdmin'], '404 file.not_found')],
  ['read a file attached to records of two regions', table('file.read', { ownerId: 'citizen', public: false, purpose: 'registration', links: [{ region: '450203001' }, { region: '450303' }] }, ['citizen', 'inspector', 'otherInspector', 'countyAdmin', 'cityAdmin', 'otherCityAdmin', 'provinceAdmin'], '404 file.not_found')],
  ['upload tip-off evidence', table('file.upload', { purpose: 'tipoff' }, ['citizen', 'owner', 'inspector', 'otherInspector', 'countyAdmin', 'cityAdmin', 'otherCityAdmin', 'provinceAdmin'], '403 file.purpose_forbidden')],
  ['upload an inspection photo', table('file.upload', { purpose: 'inspection' }, ['inspector', 'otherInspector', 'countyAdmin', 'cityAdmin', 'otherCityAdmin', 'provinceAdmin'], '403 file.purpose_forbidden')],
] as const;

const NOT_GRANTABLE = '403 staff.role_not_grantable';
const STAFF = [
  ['invite an inspector of a county', table('staff.invite', { role: 'inspector', region: '450203' }, ['countyAdmin', 'cityAdmin', 'provinceAdmin'], NOT_GRANTABLE)],
  ['invite a trainer of a city', table('staff.invite', { role: 'trainer', region: '4502' }, ['cityAdmin', 'provinceAdmin'], NOT_GRANTABLE)],
  ['invite an admin of a county (strictly below)', table('staff.invite', { role: 'admin', region: '450203' }, ['cityAdmin', 'provinceAdmin'], NOT_GRANTABLE)],
  ['invite an admin of a city', table('staff.invite', { role: 'admin', region: '4502' }, ['provinceAdmin'], NOT_GRANTABLE)],
  ['invite an admin of a province', table('staff.invite', { role: 'admin', region: '45' }, [], NOT_GRANTABLE)],
  ['disable or enable an inspector of a county', table('staff.manage', { role: 'inspector', region: '450203' }, ['countyAdmin', 'cityAdmin', 'provinceAdmin'], NOT_GRANTABLE)],
  ['manage the admin of a city (the province only)', table('staff.manage', { role: 'admin', region: '4502' }, ['provinceAdmin'], NOT_GRANTABLE)],
  ['move an inspector between two counties of the city', table('staff.manage', { role: 'inspector', region: '450203', to: '450204' }, ['cityAdmin', 'provinceAdmin'], NOT_GRANTABLE,
    { countyAdmin: '403 auth.out_of_region' })],
  ['move a county admin up to the city level', table('staff.manage', { role: 'admin', region: '450203', to: '4502' }, ['provinceAdmin'], NOT_GRANTABLE,
    { cityAdmin: '403 auth.out_of_region' })],
  ['list the staff accounts of my region', table('staff.list', null, ['countyAdmin', 'cityAdmin', 'otherCityAdmin', 'provinceAdmin'], '403 auth.forbidden')],
] as const;

const AUDIT = [
  ['read the audit trail of my region', table('audit.read', null, ['countyAdmin', 'cityAdmin', 'otherCityAdmin', 'provinceAdmin'], '403 auth.forbidden')],
] as const;

const NATIONAL = '403 auth.forbidden';
const CALENDAR = [
  ['replace a year of the national holiday calendar', table('calendar.editYear', { year: 2027 }, ['provinceAdmin'], NATIONAL)],
] as const;

describe.each([...FILES, ...STAFF, ...CALENDAR, ...AUDIT])('%s', (_label, rows) => {
  it.each(rows.map((r) => [r.who, r.expected, r] as const))('%s → %s', (_who, expected, row) => {
    expect(row.got()).toBe(expected);
  });
});

it('covers every action of the files, staff and calendar tables', () => {
  expectCovered('file', FILES);
  expectCovered('staff', STAFF);
  expectCovered('calendar', CALENDAR);
  expectCovered('audit', AUDIT);
});

describe('inJurisdiction', () => {
  it.each([
    ['inspector', '450203', true],
    ['inspector', '450203001', true],
    ['inspector', '450204', false],
    ['inspector', '4502', false],
    ['cityAdmin', '450203', true],
    ['cityAdmin', '450303', false],
    ['provinceAdmin', '450303101', true],
    ['owner', '450203', false],
    ['inspector', null, false],
  ] as const)('%s on %s → %s', (who, region, expected) => {
    expect(inJurisdiction(ACTORS[who], region)).toBe(expected);
  });
});

describe('regionScope: the one region filter of staff lists', () => {
  it('is the user\'s own region, or an asked region inside it; an escaped, anchored prefix', () => {
    expect(regionScope(ACTORS.cityAdmin)).toEqual({ code: '4502', filter: /^4502/ });
    expect(regionScope(ACTORS.cityAdmin, '450203')).toEqual({ code: '450203', filter: /^450203/ });
    expect(regionScope({ region: '45.0' }).filter.source).toBe('^45\\.0');
    expect(regionScope(ACTORS.cityAdmin).filter.test('450203001')).toBe(true);
    expect(regionScope(ACTORS.cityAdmin).filter.test('4503')).toBe(false);
  });

  it('refuses a region outside the user\'s own, and a user without a region, with 403 auth.out_of_region', () => {
    expect(() => regionScope(ACTORS.countyAdmin, '4502')).toThrow(expect.objectContaining({ status: 403, code: 'auth.out_of_region' }));
    expect(() => regionScope(ACTORS.cityAdmin, '4503')).toThrow(expect.objectContaining({ status: 403, code: 'auth.out_of_region' }));
    expect(() => regionScope(ACTORS.owner)).toThrow(expect.objectContaining({ status: 403, code: 'auth.out_of_region' }));
  });
});
