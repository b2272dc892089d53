// Staff accounts: an admin invites trainers and inspectors inside their region, and admins strictly below it
// (a county admin cannot make another admin of the same county, nor a city admin).
import { isWithinRegion } from '@shared/domain/region';
import { forbidden } from '../errors';
import { hasRole } from './jurisdiction';
import { allow, check } from './policy';

export type GrantableRole = 'trainer' | 'inspector' | 'admin';

export const staffRules = {
  'staff.invite': allow<{ role: GrantableRole; region: string }>(check((a, g) => {
    if (!a || !hasRole(a, 'admin') || !a.region) return false;
    if (!isWithinRegion(g.region, a.region)) return false;
    return g.role !== 'admin' || g.region.length > a.region.length;
  }, () => forbidden('staff.role_not_grantable'))),
};
