// Training: a trainer (a role an admin grants through a staff invite) manages their own courses and
// sessions; admins of the course's region see and manage all of them; an owner books for their workshop.
import { isWithinRegion } from '@shared/domain/region';
import { forbidden, notFound } from '../errors';
import { hasRole } from './jurisdiction';
import { allow, check, type Actor } from './policy';

export interface TrainingResource { trainerId: string; region: string }

const isTrainerOf = (a: Actor | null, r: TrainingResource) => !!a && hasRole(a, 'trainer') && r.trainerId === a.id;
const isRegionAdmin = (a: Actor | null, r: { region: string }) => !!a && hasRole(a, 'admin') && isWithinRegion(r.region, a.region);

export const trainingRules = {
  /** Publish a course in a region: a trainer inside their own region. */
  'training.createCourse': allow<{ region: string }>(
    check((a) => hasRole(a, 'trainer'), () => forbidden('training.not_trainer')),
    check((a, r) => !!a?.region && isWithinRegion(r.region, a.region), () => forbidden('auth.out_of_region')),
  ),
  /** Edit a course, add and edit its sessions, roster, check-in, finish: its trainer or an admin of its region. */
  'training.manage': allow<TrainingResource>(check((a, r) => isTrainerOf(a, r) || isRegionAdmin(a, r), () => forbidden('training.not_course_trainer'))),
  /** A draft session or an inactive course: only those who manage it see it; others 404. */
  'training.readDraft': allow<TrainingResource>(check((a, r) => isTrainerOf(a, r) || isRegionAdmin(a, r), () => notFound())),
  /** Book for a workshop: its owner. */
  'training.book': allow<{ ownerId?: string | null }>(check((a, w) => !!a && !!w.ownerId && w.ownerId === a.id, () => forbidden('training.not_workshop_owner'))),
  /** A booking: the owner who made it (cancel, accept an offer, see its QR); others 404. */
  'training.ownBooking': allow<{ ownerId: string }>(check((a, b) => !!a && b.ownerId === a.id, () => notFound('resource.not_found', '未找到该报名'))),
};
