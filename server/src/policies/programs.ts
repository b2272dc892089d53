// Programs (品牌、非遗项目): admins define programs of their region; admins whose jurisdiction covers an
// applicant workshop review its application; an owner applies for, and acts on, their own workshop.
import { isWithinRegion } from '@shared/domain/region';
import { forbidden, notFound } from '../errors';
import { adminRole, hasRole } from './jurisdiction';
import { allow, check, type Actor } from './policy';

const isOwner = (a: Actor | null, r: { ownerId?: string | null }) => !!a && !!r.ownerId && r.ownerId === a.id;
const adminOf = (a: Actor | null, region: string | null | undefined) => !!a && hasRole(a, 'admin') && isWithinRegion(region, a.region);

export const programRules = {
  /** Define or change a program: an admin whose region covers the issuing region. */
  'program.manage': allow<{ region: string }>(adminRole(), check((a, p) => adminOf(a, p.region), () => forbidden('auth.out_of_region'))),
  /** An inactive program: only admins who manage it see it; others 404. */
  'program.readInactive': allow<{ region: string }>(check((a, p) => adminOf(a, p.region), () => notFound('program.not_found'))),
  /** Check eligibility, apply: the workshop's owner. */
  'program.apply': allow<{ ownerId?: string | null }>(check(isOwner, () => forbidden('program.not_workshop_owner'))),
  /** Review an application (score, ask, decide, handle objections): an admin whose region covers the workshop. */
  'program.review': allow<{ region: string }>(adminRole(), check((a, r) => adminOf(a, r.region), () => forbidden('auth.out_of_region'))),
  /** Withdraw, answer a question: the applicant; others 404. */
  'program.ownApplication': allow<{ ownerId?: string | null }>(check(isOwner, () => notFound('resource.not_found', '未找到该申报'))),
  /** Revoke an award: an admin whose region covers the workshop. */
  'award.revoke': allow<{ region: string }>(adminRole(), check((a, r) => adminOf(a, r.region), () => forbidden('auth.out_of_region'))),
  /** Write a heritage story: the workshop's owner or an admin whose region covers it; others 404 or 403. */
  'award.story': allow<{ ownerId?: string | null; region: string }>(
    check((a, r) => isOwner(a, r) || hasRole(a, 'admin'), () => notFound('resource.not_found', '未找到该称号')),
    check((a, r) => isOwner(a, r) || adminOf(a, r.region), () => forbidden('auth.out_of_region')),
  ),
  /** Read the teaching record and subsidy: the inheritor, or an admin whose region covers the workshop (who pays it); others 404 or 403. */
  'award.readTeaching': allow<{ ownerId?: string | null; region: string }>(
    check((a, r) => isOwner(a, r) || hasRole(a, 'admin'), () => notFound('resource.not_found', '未找到该称号')),
    check((a, r) => isOwner(a, r) || adminOf(a, r.region), () => forbidden('auth.out_of_region')),
  ),
  /** Record teaching: the workshop's owner (an inheritor); others 404. */
  'award.teach': allow<{ ownerId?: string | null }>(check(isOwner, () => notFound('resource.not_found', '未找到该称号'))),
};
