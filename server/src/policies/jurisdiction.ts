import { isWithinRegion } from '@shared/domain/region';
import type { Role } from '@shared/domain/roles';

/** What a policy needs to know about the acting user. */
export interface Actor {
  id: string;
  roles: readonly Role[] | readonly string[];
  region: string | null;
}

export const hasRole = (a: Actor | undefined, role: Role) => !!a && (a.roles as readonly string[]).includes(role);

/** An inspector or admin acts on things inside their region (same code or below). */
export function inJurisdiction(a: Actor | undefined, regionCode: string | null | undefined): boolean {
  if (!a || !(hasRole(a, 'inspector') || hasRole(a, 'admin'))) return false;
  return isWithinRegion(regionCode, a.region);
}

export function actorOf(user: { _id: unknown; roles: string[]; region?: string | null }): Actor {
  return { id: String(user._id), roles: user.roles, region: user.region ?? null };
}
