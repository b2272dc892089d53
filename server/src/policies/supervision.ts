// Supervision (日常监督检查, 抽检, 处罚, 双随机): staff act inside their region, an owner on their own workshop.
import { forbidden, notFound } from '../errors';
import { adminRole, inJurisdiction, inRegion } from './jurisdiction';
import { allow, check, type Actor } from './policy';

export interface PlaceResource { region?: string | null }
export interface OwnedResource { ownerId?: string | null; region?: string | null }

const isOwner = (a: Actor | null, w: { ownerId?: string | null }) => !!a && !!w.ownerId && w.ownerId === a.id;
const outOfRegion = () => forbidden('auth.out_of_region');

export const supervisionRules = {
  /**
   * Record an inspection, a sample or a penalty on a workshop, review a rectification, close a sample's
   * follow-up: staff of the record's region (the route already asked for the role; anyone else 403).
   */
  'supervision.record': allow<PlaceResource>(check((a, r) => inJurisdiction(a, r.region), outOfRegion)),
  /** A workshop's inspections, self-checks, samples, penalties: its owner or staff of its region; others 404. */
  'supervision.read': allow<OwnedResource>(check((a, w) => isOwner(a, w) || inJurisdiction(a, w.region), () => notFound())),
  /** Self-check, rectification, credit repair request: the workshop's owner only (others 404). */
  'supervision.ownerAct': allow<OwnedResource>(check(isOwner, () => notFound('resource.not_found', '未找到该作坊'))),
  /** Credit repair review: an admin of the penalty's region. */
  'supervision.reviewRepair': allow<PlaceResource>(adminRole(), inRegion),
  /** 双随机 tasks: create and draw, an admin of the task's region. */
  'supervision.draw': allow<PlaceResource>(adminRole(), inRegion),
};
