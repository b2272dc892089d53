// The day of the session: check-in (scans queued on a phone, sent again on a weak network, de-duplicated by
// their scan id), then finishing: certificates for those who attended, never for the others.
import { BOOKING_TRANSITIONS } from '@shared/domain/training';
import type { CheckInBody } from '@shared/schemas/training';
import { defineOwed, finishOwed, withOwed } from '../../db/owed';
import { isDuplicateKey } from '../../db/sequence';
import { conflict } from '../../errors';
import type { AppContext } from '../../http/types';
import { BookingModel } from '../../models/Booking';
import { CheckInModel, type CheckIn } from '../../models/CheckIn';
import { CourseModel } from '../../models/Course';
import { TrainingSessionModel, type TrainingSessionDoc } from '../../models/TrainingSession';
import { authorize } from '../../policies';
import type { Services } from '../../services';
import { audit } from '../../services/audit';
import { notifyUser } from '../../services/notify';
import { issueCertificate } from './certificates';
import { SESSION_OWED, cancelBookings } from './courses';
import { MY_TRAINING_PAGE } from './seats';

type Ctx = AppContext;
type Scan = CheckInBody['scans'][number];
export interface ScanResult { scanId: string; result: CheckIn['result']; bookingId: string | null; attendeeName: string | null; replayed: boolean }

const resultOf = (c: Pick<CheckIn, 'scanId' | 'result' | 'bookingId' | 'attendeeName'>, replayed: boolean): ScanResult =>
  ({ scanId: c.scanId, result: c.result, bookingId: c.bookingId ?? null, attendeeName: c.attendeeName ?? null, replayed });

/** One scan: a confirmed booking of this session becomes attended once, however often it is scanned. */
async function checkInOne(ctx: Ctx, s: TrainingSessionDoc, scan: Scan, now: Date): Promise<ScanResult> {
  const sessionId = String(s._id);
  const seen = await CheckInModel.findOne({ sessionId, scanId: scan.scanId }).lean();
  if (seen) return resultOf(seen, true);
  const b = scan.code ? await BookingModel.findOne({ checkInCode: scan.code }) : await BookingModel.findById(scan.bookingId);
  let result: CheckIn['result'] = 'unknown';
  if (b && b.sessionId === sessionId) {
    const at = scan.scannedAt ? new Date(Math.min(Date.parse(scan.scannedAt), now.getTime())) : now;
    const attended = await BookingModel.updateOne({ _id: b._id, status: 'confirmed' }, { $set: { status: 'attended', checkedInAt: at }, $push: { timeline: { at, title: '已签到' } } });
    if (attended.modifiedCount) result = 'attended';
    else result = (await BookingModel.findById(b._id, { status: 1 }).lean())?.status === 'attended' ? 'already' : 'not_allowed';
  }
  const known = result !== 'unknown' ? { bookingId: String(b!._id), attendeeName: b!.attendeeName } : { bookingId: null, attendeeName: null };
  const record = { sessionId, scanId: scan.scanId, result, ...known, by: String(ctx.state.user!._id), scannedAt: scan.scannedAt ? new Date(scan.scannedAt) : now };
  try {
    await CheckInModel.create(record);
    return resultOf(record, false);
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    // The same scan arrived twice at once: the first one recorded is the answer.
    return resultOf((await CheckInModel.findOne({ sessionId, scanId: scan.scanId }).lean())!, true);
  }
}

export async function checkIn(ctx: Ctx, s: TrainingSessionDoc, input: CheckInBody, now = new Date()): Promise<ScanResult[]> {
  authorize(ctx.state.user, 'training.manage', s);
  if (s.status !== 'open') throw conflict('training.session_state', '只有报名中的场次可以签到');
  const out: ScanResult[] = [];
  for (const scan of input.scans) out.push(await checkInOne(ctx, s, scan, now));
  return out;
}

/** Marks the session finished; its owed steps close the roster and issue the certificates. */
export async function finishSession(ctx: Ctx, s: TrainingSessionDoc, now = new Date()): Promise<TrainingSessionDoc> {
  authorize(ctx.state.user, 'training.manage', s);
  if (s.status === 'open' && now < s.startsAt) throw conflict('training.not_started');
  const updated = await TrainingSessionModel.findOneAndUpdate(
    { _id: s._id, status: 'open', startsAt: { $lte: now } },
    withOwed({ $set: { status: 'finished', finishedAt: now } }, ['closeRoster', 'certificates', 'notifyCertificates'], now),
    { returnDocument: 'after' },
  );
  if (!updated) throw conflict('training.session_state', '只有报名中且已开始的场次可以结束');
  await audit(ctx, { action: 'training.session_finished', subjectType: 'TrainingSession', subjectId: String(s._id), before: { status: 'open' }, after: { status: 'finished' } });
  return finishOwed(ctx.services, SESSION_OWED, updated);
}

async function issueCertificates(_services: Services, s: TrainingSessionDoc): Promise<void> {
  const course = await CourseModel.findById(s.courseId).lean();
  if (!course) return;
  const attended = await BookingModel.find({ sessionId: String(s._id), status: 'attended' }).lean();
  // One booking at a time, as a pass after the finish does (certificates.ts); those who did not pass the
  // course's test get theirs when they pass.
  for (const b of attended) await issueCertificate(b, s, course);
}

// What a finished or cancelled session owes. Each step idempotent: status filters, unique bookingId, keyed notices.
defineOwed<TrainingSessionDoc>(SESSION_OWED, TrainingSessionModel, {
  async closeRoster(_services, s) {
    const sessionId = String(s._id);
    await BookingModel.updateMany({ sessionId, status: 'confirmed' }, { $set: { status: 'absent' } });
    await BookingModel.updateMany({ sessionId, status: { $in: BOOKING_TRANSITIONS.finishExpire.from } }, { $set: { status: 'expired' } });
  },
  certificates: issueCertificates,
  async notifyCertificates(services, s) {
    const attended = await BookingModel.find({ sessionId: String(s._id), status: 'attended' }).lean();
    for (const b of attended) {
      if (!b.certificateNo) continue;
      await notifyUser(services, b.ownerId, { title: '培训证书已发放', body: `${b.attendeeName}的培训证书：${b.certificateNo}`, page: MY_TRAINING_PAGE, key: `Booking:${String(b._id)}:certificate` });
    }
  },
  cancelBookings,
});
