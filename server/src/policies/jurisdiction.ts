// Roles and regions: the checks every domain's policy is built from, and the one region scope of staff
// lists. A jurisdiction is a GB/T 2260 code prefix: an inspector or admin of 4502 acts on 4502 and below.
import { isWithinRegion } from '@shared/domain/region';
import type { Role } from '@shared/domain/roles';
import { forbidden } from '../errors';
import { check, type Actor } from './policy';

export const hasRole = (a: Actor | null | undefined, role: Role) => !!a && a.roles.includes(role);

/** Inspectors and admins: the roles that act inside a jurisdiction. */
export const isStaff = (a: Actor | null | undefined) => hasRole(a, 'inspector') || hasRole(a, 'admin');

/** An inspector or admin acts on things inside their region (same code or below). */
export function inJurisdiction(a: Actor | null | undefined, regionCode: string | null | undefined): boolean {
  return !!a && isStaff(a) && isWithinRegion(regionCode, a.region);
}

// --- checks shared by the domain tables -----------------------------------------------------------

/** Staff only (403 auth.forbidden). */
export const staffRole = check<unknown>((a) => isStaff(a), () => forbidden());
/** Admins only (403 auth.forbidden, or the message given). */
export const adminRole = (message?: string) => check<unknown>((a) => hasRole(a, 'admin'), () => forbidden('auth.forbidden', message));
/** Staff of the resource's region (403 auth.out_of_region). */
export const inRegion = check<{ region?: string | null }>((a, r) => inJurisdiction(a, r.region), () => forbidden('auth.out_of_region'));

// --- the region scope of staff lists ----------------------------------------------------------------

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Records inside `region`: an anchored, escaped prefix of the region field, so a region index bounds the scan. */
export const insideRegion = (region: string): RegExp => new RegExp(`^${escapeRegex(region)}`);

export interface RegionScope {
  /** The region the list covers. */
  code: string;
  /** The filter on a record's `region` field. */
  filter: RegExp;
}

/**
 * What a staff list covers: the asked region, which must lie inside the user's own, else the user's own.
 * 403 auth.out_of_region for a user without a region or a region outside it.
 */
export function regionScope(user: { region?: string | null }, asked?: string | null): RegionScope {
  const own = user.region;
  if (!own) throw forbidden('auth.out_of_region');
  if (asked && !isWithinRegion(asked, own)) throw forbidden('auth.out_of_region');
  const code = asked || own;
  return { code, filter: insideRegion(code) };
}
