// A trainer's courses and sessions: create, edit, publish, cancel. Capacity changes move `seatsLeft` by the
// same amount in one conditional update (never below the seats already taken).
import type { CreateCourseBody, CreateSessionBody, UpdateCourseBody, UpdateSessionBody } from '@shared/schemas/training';
import { finishOwed, withOwed } from '../../db/owed';
import { conflict, notFound, unprocessable } from '../../errors';
import type { AppContext } from '../../http/types';
import { BookingModel } from '../../models/Booking';
import { CourseModel, type CourseDoc } from '../../models/Course';
import { StoredFileModel } from '../../models/StoredFile';
import { TrainingSessionModel, type TrainingSessionDoc } from '../../models/TrainingSession';
import { authorize } from '../../policies';
import type { Services } from '../../services';
import { audit } from '../../services/audit';
import { notifyUser } from '../../services/notify';
import { ACTIVE_BOOKING_STATUSES, SESSION_STATUS_LABELS, type SessionStatus } from '@shared/domain/training';
import { BOOKING_OWED, MY_TRAINING_PAGE, closedKey, promote, releaseSeat } from './seats';
import './payment'; // the booking's refund step

type Ctx = AppContext;
export const SESSION_OWED = 'TrainingSession';

export async function loadCourse(id: string): Promise<CourseDoc> {
  const c = await CourseModel.findById(id);
  if (!c) throw notFound('resource.not_found', '未找到该课程');
  return c;
}

async function assertMaterials(ids: readonly string[]) {
  if (!ids.length) return;
  const n = await StoredFileModel.countDocuments({ _id: { $in: [...new Set(ids)] }, purpose: 'training' });
  if (n !== new Set(ids).size) throw unprocessable('training.files_invalid');
}

export async function createCourse(ctx: Ctx, input: CreateCourseBody): Promise<CourseDoc> {
  const user = ctx.state.user!;
  const region = input.region ?? user.region ?? '';
  authorize(user, 'training.createCourse', { region });
  await assertMaterials(input.materials);
  const c = await CourseModel.create({ ...input, region, trainerId: String(user._id), trainerName: user.name });
  await audit(ctx, { action: 'training.course_created', subjectType: 'Course', subjectId: String(c._id), after: { title: c.title, region } });
  return c;
}

export async function updateCourse(ctx: Ctx, c: CourseDoc, input: UpdateCourseBody): Promise<CourseDoc> {
  authorize(ctx.state.user, 'training.manage', c);
  if (input.materials) await assertMaterials(input.materials);
  const updated = await CourseModel.findOneAndUpdate({ _id: c._id }, { $set: input }, { returnDocument: 'after' });
  await audit(ctx, { action: 'training.course_updated', subjectType: 'Course', subjectId: String(c._id), after: input });
  return updated!;
}

interface Times { startsAt: Date; endsAt: Date; signupDeadline: Date; cancelDeadline: Date }
function assertTimes(t: Times, now: Date) {
  const ok = t.endsAt > t.startsAt && t.signupDeadline <= t.startsAt && t.cancelDeadline <= t.startsAt && t.startsAt > now;
  if (!ok) throw unprocessable('training.times_invalid', '培训时间须在将来，结束晚于开始，报名截止与取消截止不晚于开始');
}

export async function createSession(ctx: Ctx, c: CourseDoc, input: CreateSessionBody, now = new Date()): Promise<TrainingSessionDoc> {
  authorize(ctx.state.user, 'training.manage', c);
  if (!c.active) throw conflict('training.session_state', '课程已下架，不能新增场次');
  const times = { startsAt: new Date(input.startsAt), endsAt: new Date(input.endsAt), signupDeadline: new Date(input.signupDeadline), cancelDeadline: new Date(input.cancelDeadline) };
  assertTimes(times, now);
  const s = await TrainingSessionModel.create({
    courseId: String(c._id), trainerId: c.trainerId, region: c.region, ...times,
    place: input.place ? { address: input.place.address, point: input.place.point ?? undefined } : null, onlineUrl: input.onlineUrl ?? null,
    capacity: input.capacity, seatsLeft: input.capacity, feeFen: input.feeFen, refundRule: input.refundRule, status: input.publish ? 'open' : 'draft',
  });
  await audit(ctx, { action: 'training.session_created', subjectType: 'TrainingSession', subjectId: String(s._id), after: { courseId: String(c._id), status: s.status, capacity: s.capacity } });
  return s;
}

const sessionConflict = (status: string, what: string) =>
  conflict('training.session_state', `场次当前状态为“${SESSION_STATUS_LABELS[status as SessionStatus] ?? status}”，不能${what}`);

export async function updateSession(ctx: Ctx, s: TrainingSessionDoc, input: UpdateSessionBody, now = new Date()): Promise<TrainingSessionDoc> {
  authorize(ctx.state.user, 'training.manage', s);
  const { status, capacity, place, onlineUrl, ...rest } = input;
  if (!['draft', 'open'].includes(s.status)) throw sessionConflict(s.status, '修改');
  if (status === 'open' && s.status !== 'draft') throw sessionConflict(s.status, '发布');
  const set: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) set[k] = k === 'refundRule' ? v : new Date(v as string);
  if (Object.keys(set).some((k) => k !== 'refundRule')) {
    assertTimes({ startsAt: s.startsAt, endsAt: s.endsAt, signupDeadline: s.signupDeadline, cancelDeadline: s.cancelDeadline, ...set } as Times, now);
  }
  if (place) Object.assign(set, { place: { address: place.address, point: place.point ?? undefined }, onlineUrl: null });
  if (onlineUrl) Object.assign(set, { onlineUrl, place: null });
  const filter: Record<string, unknown> = { _id: s._id, status: s.status };
  const update: Record<string, unknown> = {};
  let delta = 0;
  if (capacity !== undefined && capacity !== s.capacity) {
    delta = capacity - s.capacity;
    Object.assign(filter, { capacity: s.capacity, ...(delta < 0 ? { seatsLeft: { $gte: -delta } } : {}) });
    set.capacity = capacity;
    update.$inc = { seatsLeft: delta };
  }
  let owed: string[] = [];
  if (status === 'cancelled') { Object.assign(set, { status: 'cancelled', cancelledAt: now }); owed = ['cancelBookings']; }
  else if (status === 'open') set.status = 'open';
  const updated = await TrainingSessionModel.findOneAndUpdate(filter, withOwed({ ...update, $set: set }, owed, now), { returnDocument: 'after' });
  if (!updated) {
    const current = (await TrainingSessionModel.findById(s._id))!;
    if (current.status !== s.status) throw sessionConflict(current.status, '修改');
    if (delta < 0 && current.seatsLeft < -delta) throw conflict('training.capacity_below_taken', `已占用${current.capacity - current.seatsLeft}个座位，名额不能少于此数`);
    throw conflict('training.session_state', '场次已被他人修改，请刷新后重试');
  }
  await audit(ctx, { action: status === 'cancelled' ? 'training.session_cancelled' : 'training.session_updated', subjectType: 'TrainingSession', subjectId: String(s._id), before: { status: s.status, capacity: s.capacity }, after: { status: updated.status, capacity: updated.capacity } });
  if (owed.length) return finishOwed(ctx.services, SESSION_OWED, updated);
  // New seats go to the line first.
  if (delta > 0 && updated.status === 'open' && (await promote(ctx.services, String(s._id), now))) return (await TrainingSessionModel.findById(s._id))!;
  return updated;
}

/**
 * What a cancelled session owes its bookings (owed step "cancelBookings", registered in finish.ts): each live
 * one cancelled (seat back), its owner told; a paid one refunded in full, an unpaid hold's order closed (owed
 * step 'refundAll' of the booking, payment.ts).
 */
export async function cancelBookings(services: Services, s: TrainingSessionDoc): Promise<void> {
  const live = await BookingModel.find({ sessionId: String(s._id), status: { $in: ACTIVE_BOOKING_STATUSES } });
  for (const b of live) {
    const done = await BookingModel.findOneAndUpdate(
      { _id: b._id, status: { $in: ACTIVE_BOOKING_STATUSES } },
      withOwed({ $set: { status: 'cancelled', cancelledAt: new Date(), activeKey: closedKey(String(b._id)) }, $push: { timeline: { at: new Date(), title: '培训场次已取消' } } }, ['refundAll']),
      { returnDocument: 'after' },
    );
    await releaseSeat(String(s._id), String(b._id));
    if (done) {
      try {
        await finishOwed(services, BOOKING_OWED, done);
      } catch (e) {
        services.log.warn({ err: e, booking: String(b._id) }, 'session cancelled: the booking\'s refund failed; recovery will finish it');
      }
    }
    if (done) await notifyUser(services, b.ownerId, { title: '培训场次已取消', body: `${b.attendeeName}报名的培训已取消`, page: MY_TRAINING_PAGE, key: `Booking:${String(b._id)}:session-cancelled` });
  }
}
