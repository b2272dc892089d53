// Training as each reader sees it. Synchronous: routes/training/views.ts loads what these need. The
// attendee's phone leaves the server masked only; the check-in code only to the owner who booked.
import { categoryName } from '@shared/domain/categories';
import {
  BOOKING_STATUS_LABELS, COURSE_CATEGORY_LABELS, REFUND_RULE_LABELS, SESSION_STATUS_LABELS, canDo, cancelProblem, fenToYuan,
  type BookingStatus, type CourseCategory, type RefundRule, type SessionStatus,
} from '@shared/domain/training';
import type { BookingView, SessionView } from '@shared/schemas/training';
import { PAYMENT_STATUS_LABELS, paymentLabel, type PaymentStatus } from '@shared/domain/trainingPayment';
import type { QuizInput, QuizSummary } from '@shared/schemas/trainingQuiz';
import type { z } from 'zod';
import type { CourseSummary, RosterEntry, TrainingCertificateView } from '@shared/schemas/training';
import type { Booking } from '../models/Booking';
import type { Course } from '../models/Course';
import type { Lean } from '../models/lean';
import type { TrainingCertificate } from '../models/TrainingCertificate';
import type { TrainingSession } from '../models/TrainingSession';

/** What anyone may know of a course's test: how many questions, the pass mark, the tries. */
export const quizSummary = (c: Pick<Lean<Course>, 'quiz'>): QuizSummary | null =>
  c.quiz?.questions?.length ? { questionCount: c.quiz.questions.length, passPercent: c.quiz.passPercent, maxTries: c.quiz.maxTries } : null;

/** The question bank with its answers: for the course's managers only. */
export const quizBank = (c: Pick<Lean<Course>, 'quiz'>): QuizInput | null =>
  c.quiz?.questions?.length
    ? { questions: c.quiz.questions.map((q) => ({ text: q.text, options: [...q.options], answer: q.answer })), passPercent: c.quiz.passPercent, maxTries: c.quiz.maxTries }
    : null;

/** An owner's state of the test of a booking (null: the course has none). */
export function bookingQuizState(b: Pick<Lean<Booking>, 'status' | 'quizTries' | 'quizPassed' | 'quizAttempts'>, quiz: QuizSummary | null) {
  if (!quiz) return null;
  const triesUsed = b.quizTries ?? 0;
  const triesLeft = Math.max(0, quiz.maxTries - triesUsed);
  const passed = b.quizPassed === true;
  const percents = (b.quizAttempts ?? []).map((a) => a.percent ?? 0);
  return { passed, triesUsed, triesLeft, bestPercent: percents.length ? Math.max(...percents) : null, canAttempt: b.status === 'attended' && !passed && triesLeft > 0 };
}

type Regions = { name(code: string): string | null; fullName(code: string): string | null };
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export const trainingVerifyPath = (no: string) => `/packages/training/verify/index?no=${encodeURIComponent(no)}`;

export function presentCourseSummary(c: Lean<Course>, regions: Regions): z.infer<typeof CourseSummary> {
  return {
    id: String(c._id), title: c.title, category: c.category as CourseCategory, categoryLabel: COURSE_CATEGORY_LABELS[c.category as CourseCategory],
    hours: c.hours, targetCategories: c.targetCategories.map((code) => ({ code, name: categoryName(code) })),
    region: { code: c.region, name: regions.fullName(c.region) ?? c.region }, trainerName: c.trainerName, active: c.active,
    quiz: quizSummary(c),
  };
}

export function presentSession(s: Lean<TrainingSession>, c: Lean<Course>, regions: Regions, now = new Date()): SessionView {
  const point = s.place?.point && s.place.point.lat != null && s.place.point.lng != null ? { lat: s.place.point.lat, lng: s.place.point.lng } : null;
  return {
    id: String(s._id),
    course: { id: String(c._id), title: c.title, category: c.category as CourseCategory, categoryLabel: COURSE_CATEGORY_LABELS[c.category as CourseCategory], hours: c.hours, quiz: quizSummary(c) },
    trainerName: c.trainerName,
    region: { code: s.region, name: regions.fullName(s.region) ?? s.region },
    startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(),
    place: s.place ? { address: s.place.address, point } : null,
    onlineUrl: s.onlineUrl ?? null,
    capacity: s.capacity, seatsLeft: s.seatsLeft,
    feeFen: s.feeFen, feeLabel: fenToYuan(s.feeFen),
    signupDeadline: s.signupDeadline.toISOString(), cancelDeadline: s.cancelDeadline.toISOString(),
    refundRule: s.refundRule as RefundRule, refundRuleLabel: REFUND_RULE_LABELS[s.refundRule as RefundRule],
    status: s.status as SessionStatus, statusLabel: SESSION_STATUS_LABELS[s.status as SessionStatus],
    signupOpen: s.status === 'open' && now < s.signupDeadline,
    certificatesPending: s.status === 'finished' && (s.owed ?? []).includes('certificates'),
  };
}

function presentPayment(b: Lean<Booking>): BookingView['payment'] {
  const p = b.payment;
  if (!p) return null;
  const view = { status: p.status as PaymentStatus, amountFen: p.amountFen, refundFen: p.refundFen ?? null };
  return { ...view, statusLabel: PAYMENT_STATUS_LABELS[view.status], label: paymentLabel(view, b.status) };
}

/** The owner's view of their booking. */
export function presentBooking(b: Lean<Booking>, session: SessionView, workshop: { id: string; name: string }, now = new Date()): BookingView {
  const hasSeat = b.status === 'confirmed' || b.status === 'attended';
  const cancelWindow = { cancelDeadline: new Date(session.cancelDeadline), startsAt: new Date(session.startsAt) };
  return {
    id: String(b._id), session, workshop,
    attendee: { name: b.attendeeName, phoneMasked: b.attendeePhoneMasked },
    status: b.status as BookingStatus, statusLabel: BOOKING_STATUS_LABELS[b.status as BookingStatus],
    holdUntil: b.status === 'held' ? iso(b.holdUntil) : null,
    offerUntil: b.status === 'offered' ? iso(b.offerUntil) : null,
    waitlistPosition: b.status === 'waitlisted' ? b.waitlistPosition ?? null : null,
    checkInCode: hasSeat ? b.checkInCode : null,
    checkedInAt: iso(b.checkedInAt),
    certificateNo: b.certificateNo ?? null,
    canCancel: !cancelProblem(b.status, now, cancelWindow),
    canAcceptOffer: canDo('accept', b.status) && !!b.offerUntil && b.offerUntil > now,
    canPay: b.status === 'held' && !!b.holdUntil && b.holdUntil > now,
    payment: presentPayment(b),
    quiz: bookingQuizState(b, session.course.quiz ?? null),
    createdAt: (b.createdAt ?? now).toISOString(),
  };
}

/** A roster row for the trainer: the name (to check in by list), the phone masked. */
export function presentRosterEntry(b: Lean<Booking>, workshop: { id: string; name: string }): z.infer<typeof RosterEntry> {
  return {
    id: String(b._id), workshop,
    attendee: { name: b.attendeeName, phoneMasked: b.attendeePhoneMasked },
    status: b.status as BookingStatus, statusLabel: BOOKING_STATUS_LABELS[b.status as BookingStatus],
    waitlistPosition: b.waitlistPosition ?? null,
    checkedInAt: iso(b.checkedInAt),
    certificateNo: b.certificateNo ?? null,
    quiz: { passed: b.quizPassed === true, triesUsed: b.quizTries ?? 0 },
  };
}

/** The public check of a training certificate (its QR points here). */
export function presentTrainingCertificate(c: Lean<TrainingCertificate>, workshop: { id: string; name: string }, publicBaseUrl: string): z.infer<typeof TrainingCertificateView> {
  const no = String(c._id);
  return {
    number: no, status: 'valid', statusLabel: '有效',
    attendeeName: c.attendeeNameMasked,
    workshop, course: { title: c.courseTitle, categoryLabel: c.category, hours: c.hours },
    trainerName: c.trainerName, sessionDate: c.sessionDate, issuedAt: c.issuedAt.toISOString(),
    verifyUrl: `${publicBaseUrl}${trainingVerifyPath(no)}`,
  };
}
