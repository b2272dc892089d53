// Staff accounts: an admin invites trainers and inspectors inside their region, and admins strictly below it
// (a county admin cannot make another admin of the same county, nor a city admin).
import { isWithinRegion } from '@shared/domain/region';
import { forbidden } from '../errors';
import { adminRole, hasRole } from './jurisdiction';
import { allow, check, type Actor } from './policy';

export type GrantableRole = 'trainer' | 'inspector' | 'admin';

/** An admin may grant `role` in `region`: inside the admin's region, and an admin role only strictly below it. */
const grantable = (a: Actor | null, g: { role: GrantableRole; region: string }) => {
  if (!a || !hasRole(a, 'admin') || !a.region) return false;
  if (!isWithinRegion(g.region, a.region)) return false;
  return g.role !== 'admin' || g.region.length > a.region.length;
};

export const staffRules = {
  'staff.invite': allow<{ role: GrantableRole; region: string }>(check(grantable, () => forbidden('staff.role_not_grantable'))),
  /**
   * Disable, enable or move an existing account: the admin could have granted its role where it is (so never
   * oneself nor an admin of the same level); a move must land where the admin could grant it too.
   */
  'staff.manage': allow<{ role: GrantableRole; region: string; to?: string }>(
    check(grantable, () => forbidden('staff.role_not_grantable')),
    check((a, g) => !g.to || grantable(a, { role: g.role, region: g.to }), () => forbidden('auth.out_of_region', '新的管辖区域须在您的管辖区域内（管理员须低于您一级或以下）')),
  ),
  /** The staff accounts and the audit trail of my region (the list is scoped to it): admins. */
  'staff.list': allow<unknown>(adminRole()),
  'audit.read': allow<unknown>(adminRole()),
};
