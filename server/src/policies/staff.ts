import { isWithinRegion } from '@shared/domain/region';
import { hasRole, type Actor } from './jurisdiction';

export type GrantableRole = 'trainer' | 'inspector' | 'admin';

/**
 * An admin may invite trainers and inspectors inside their region, and admins strictly below it
 * (a county admin cannot make another county admin for the same county, nor a city admin).
 */
export function canGrantStaff(actor: Actor | undefined, role: GrantableRole, region: string): boolean {
  if (!actor || !hasRole(actor, 'admin') || !actor.region) return false;
  if (!isWithinRegion(region, actor.region)) return false;
  if (role === 'admin') return region.length > actor.region.length;
  return true;
}
