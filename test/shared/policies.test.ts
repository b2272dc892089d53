// The jurisdiction and staff-granting rules as a table: pure functions, no app needed.
import { inJurisdiction, type Actor } from '../../server/src/policies/jurisdiction';
import { canGrantStaff } from '../../server/src/policies/staff';

const inspector = (region: string): Actor => ({ id: 'i', roles: ['citizen', 'inspector'], region });
const admin = (region: string): Actor => ({ id: 'a', roles: ['citizen', 'admin'], region });
const owner: Actor = { id: 'o', roles: ['citizen', 'owner'], region: null };

describe('inJurisdiction', () => {
  it.each([
    [inspector('450203'), '450203', true],
    [inspector('450203'), '450203001', true],
    [inspector('450203'), '450204', false],
    [inspector('450203'), '4502', false],
    [admin('4502'), '450203', true],
    [admin('4502'), '450303', false],
    [admin('45'), '450303101', true],
    [owner, '450203', false],
    [inspector('450203'), null, false],
  ])('%o on %s → %s', (actor, region, expected) => {
    expect(inJurisdiction(actor, region)).toBe(expected);
  });
});

describe('canGrantStaff', () => {
  it.each([
    [admin('4502'), 'inspector', '450203', true],
    [admin('4502'), 'trainer', '4502', true],
    [admin('4502'), 'admin', '450203', true],
    [admin('4502'), 'admin', '4502', false],
    [admin('4502'), 'admin', '45', false],
    [admin('4502'), 'inspector', '450303', false],
    [inspector('450203'), 'inspector', '450203', false],
    [owner, 'trainer', '450203', false],
  ] as const)('%o grants %s in %s → %s', (actor, role, region, expected) => {
    expect(canGrantStaff(actor, role, region)).toBe(expected);
  });
});
