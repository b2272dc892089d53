// Registration (登记): the applicant edits and submits, staff of the workshop's region review.
import { isWithinRegion } from '@shared/domain/region';
import { forbidden, notFound } from '../errors';
import { hasRole, inJurisdiction, inRegion, staffRole } from './jurisdiction';
import { allow, check, type Actor } from './policy';

export interface ApplicationResource {
  applicantId: string;
  region?: string | null;
  siteCheck?: { inspectorIds?: readonly string[] | null } | null;
}

const hidden = () => notFound('resource.not_found', '未找到该申请');
const isApplicant = (a: Actor | null, r: ApplicationResource) => !!a && r.applicantId === a.id;

export const registrationRules = {
  /** The applicant, or staff of the application's region; anyone else 404, so ids reveal nothing. */
  'registration.read': allow<ApplicationResource>(check((a, r) => isApplicant(a, r) || inJurisdiction(a, r.region), hidden)),
  /** Save a draft or a correction, submit: the applicant only (others 404). */
  'registration.edit': allow<ApplicationResource>(check(isApplicant, hidden)),
  /** Accept, ask for correction, schedule the site check, approve, reject: staff of the region. */
  'registration.review': allow<ApplicationResource>(staffRole, inRegion),
  /** The site-check result: one of the inspectors it was scheduled with, or an admin of the region. */
  'registration.recordSiteCheck': allow<ApplicationResource>(staffRole, inRegion, check(
    (a, r) => !!a && (!!r.siteCheck?.inspectorIds?.includes(a.id) || hasRole(a, 'admin')),
    () => forbidden('auth.forbidden', '只有安排的核查人员可以录入核查结果'),
  )),
  /** Renewal, change or cancellation of a registered workshop: its owner (others 404). */
  'registration.applyForWorkshop': allow<{ ownerId?: string | null }>(check((a, w) => !!a && !!w.ownerId && w.ownerId === a.id, () => notFound())),
  /** A region's negative list (禁止生产食品目录): admins of that region or above. */
  'registration.editNegativeList': allow<{ region: string }>(check((a, l) => hasRole(a, 'admin') && isWithinRegion(l.region, a?.region), () => forbidden('auth.out_of_region'))),
};
