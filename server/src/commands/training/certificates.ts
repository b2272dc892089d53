// Training certificates, one booking at a time: issued to an attended booking of a finished session whose
// course has no test or whose test the attendee passed; never to those who did not attend. The finish of a
// session (finish.ts) and a pass after the finish (quiz.ts) both come here; every step is idempotent
// (the certificate's bookingId is unique, the booking's number is set once, the credit event is keyed).
import { maskName } from '@shared/domain/mask';
import { COURSE_CATEGORY_LABELS, type CourseCategory } from '@shared/domain/training';
import { insertOrGet, nextSequence } from '../../db/sequence';
import { BookingModel, type Booking } from '../../models/Booking';
import { CourseModel, type Course } from '../../models/Course';
import type { Lean } from '../../models/lean';
import { TrainingCertificateModel, type TrainingCertificate } from '../../models/TrainingCertificate';
import { TrainingSessionModel, type TrainingSession } from '../../models/TrainingSession';
import type { Services } from '../../services';
import { shanghaiDate } from '../../services/calendar';
import { notifyUser } from '../../services/notify';
import { putCreditEvent } from '../../services/publicFile';

const MY_TRAINING_PAGE = 'packages/training/mine/index';
type Id = { _id: unknown };

/** PX + year + 6 digits: numbered apart from database ids; a number taken by a failed run is skipped. */
async function certificateNumber(now: Date): Promise<string> {
  const year = shanghaiDate(now).slice(0, 4);
  return `PX${year}${String(await nextSequence(`training.certificate:${year}`)).padStart(6, '0')}`;
}

/** Whether a booking has earned its certificate: attended, and passed the course's test if it has one. Pure. */
export const earnsCertificate = (b: { status: string; quizPassed?: boolean | null }, c: { quiz?: { questions?: readonly unknown[] } | null }) =>
  b.status === 'attended' && (!c.quiz?.questions?.length || b.quizPassed === true);

/** The public credit record of a certificate: attended training with its hours. */
export const trainingCreditRef = (no: string) => `TrainingCertificate:${no}`;
async function putTrainingCredit(c: Lean<TrainingCertificate>) {
  await putCreditEvent(trainingCreditRef(String(c._id)), {
    workshopId: c.workshopId, type: 'training', at: c.issuedAt,
    title: `参加培训：${c.courseTitle}`,
    detail: `${c.category} · 培训日期 ${c.sessionDate} · 证书编号 ${String(c._id)}`,
    result: '培训合格', source: c.trainerName,
    data: { hours: c.hours, courseTitle: c.courseTitle, certificateNo: String(c._id), sessionDate: c.sessionDate },
  }, { once: true });
}

/**
 * Issues the certificate of one booking when it has earned it and its session is finished; returns its
 * number, or null. Safe to run again (recovery, a finish and a pass at once): one certificate per booking.
 */
export async function issueCertificate(
  b: Lean<Booking> & Id, s: Lean<TrainingSession> & Id, course: Lean<Course> & Id,
): Promise<string | null> {
  if (s.status !== 'finished' || !earnsCertificate(b, course)) return null;
  const bookingId = String(b._id);
  let cert: Lean<TrainingCertificate> | null = await TrainingCertificateModel.findOne({ bookingId }).lean<Lean<TrainingCertificate>>();
  if (!cert) {
    const issuedAt = s.finishedAt && b.quizPassedAt && b.quizPassedAt > s.finishedAt ? b.quizPassedAt : s.finishedAt ?? new Date();
    const { doc } = await insertOrGet(TrainingCertificateModel, {
      _id: await certificateNumber(issuedAt), bookingId, sessionId: String(s._id), courseId: s.courseId, workshopId: b.workshopId,
      attendeeNameMasked: maskName(b.attendeeName) ?? '*', courseTitle: course.title, category: COURSE_CATEGORY_LABELS[course.category as CourseCategory],
      hours: course.hours, trainerName: course.trainerName, sessionDate: shanghaiDate(s.startsAt), issuedAt,
    }, { bookingId });
    cert = doc.toObject() as Lean<TrainingCertificate>;
  }
  const issued = cert;
  const no = String(issued._id);
  await BookingModel.updateOne({ _id: b._id, certificateNo: null }, { $set: { certificateNo: no }, $push: { timeline: { at: issued.issuedAt, title: '培训证书已发放' } } });
  await putTrainingCredit(issued);
  return no;
}

/**
 * A booking's owed step "certificate" (a pass of the test): after the finish the certificate is issued now and
 * its owner told; before it, the finish will issue it.
 */
export async function certificateAfterPass(services: Services, b: Lean<Booking> & Id): Promise<void> {
  const [s, course] = await Promise.all([TrainingSessionModel.findById(b.sessionId).lean(), CourseModel.findById(b.courseId).lean()]);
  if (!s || !course) return;
  const no = await issueCertificate(b, s, course);
  if (no) await notifyUser(services, b.ownerId, { title: '培训证书已发放', body: `${b.attendeeName}的培训证书：${no}`, page: MY_TRAINING_PAGE, key: `Booking:${String(b._id)}:certificate` });
}
