// The optional knowledge test of a course, taken by an attended booking: its owner reads the questions (never
// the answers) and answers them. A try is counted by one conditional $inc on the booking (never past the
// course's maxTries, however many answers arrive at once); a pass owes the booking its certificate, issued
// now when the session is finished (certificates.ts), else by the finish.
import { scoreQuiz, type QuizAttemptBody } from '@shared/schemas/trainingQuiz';
import { extendOwed, finishOwed, withOwed } from '../../db/owed';
import { conflict, notFound, unprocessable } from '../../errors';
import type { AppContext } from '../../http/types';
import { BookingModel, type BookingDoc } from '../../models/Booking';
import { CourseModel, type Course } from '../../models/Course';
import type { Lean } from '../../models/lean';
import { authorize } from '../../policies';
import { audit } from '../../services/audit';
import { certificateAfterPass } from './certificates';
import { BOOKING_OWED } from './seats';

type Ctx = AppContext;
type Quiz = NonNullable<Course['quiz']>;

/** The booking's course and its test; 404 to anyone but its owner, 404 training.no_quiz without a test. */
export async function loadQuiz(ctx: Ctx, b: BookingDoc): Promise<{ course: Lean<Course>; quiz: Quiz }> {
  authorize(ctx.state.user, 'training.ownBooking', b);
  const course = await CourseModel.findById(b.courseId).lean();
  if (!course?.quiz?.questions?.length) throw notFound('training.no_quiz');
  return { course, quiz: course.quiz as Quiz };
}

const notAttended = (b: { status: string }) => b.status !== 'attended';

/** Tries used below `max`: the values a booking's counter may hold and still take one more (null: never tried). */
const triesBelow = (max: number) => [null, ...Array.from({ length: max }, (_, i) => i)];

export interface AttemptResult { correct: number; total: number; percent: number; passed: boolean; triesUsed: number; triesLeft: number; certificateNo: string | null }

export async function attemptQuiz(ctx: Ctx, b: BookingDoc, input: QuizAttemptBody, now = new Date()): Promise<AttemptResult> {
  const { quiz } = await loadQuiz(ctx, b);
  if (notAttended(b)) throw conflict('training.quiz_not_allowed');
  if (b.quizPassed) throw conflict('training.quiz_passed');
  if ((b.quizTries ?? 0) >= quiz.maxTries) throw conflict('training.quiz_no_tries', `作答次数已用完（共${quiz.maxTries}次）`);
  const { answers } = input;
  if (answers.length !== quiz.questions.length || answers.some((a, i) => a >= quiz.questions[i].options.length)) {
    throw unprocessable('training.quiz_answers', `请按题目顺序作答全部${quiz.questions.length}道题`);
  }
  const score = scoreQuiz(quiz.questions, answers, quiz.passPercent);
  // One update: the try counted only while tries are left and the test not yet passed.
  const updated = await BookingModel.findOneAndUpdate(
    { _id: b._id, status: 'attended', quizPassed: { $ne: true }, quizTries: { $in: triesBelow(quiz.maxTries) } },
    withOwed({
      $inc: { quizTries: 1 },
      $push: { quizAttempts: { at: now, percent: score.percent, passed: score.passed } },
      ...(score.passed ? { $set: { quizPassed: true, quizPassedAt: now } } : {}),
    }, score.passed ? ['certificate'] : [], now),
    { returnDocument: 'after' },
  );
  if (!updated) {
    const current = await BookingModel.findById(b._id, { status: 1, quizPassed: 1 }).lean();
    if (!current || notAttended(current)) throw conflict('training.quiz_not_allowed');
    if (current.quizPassed) throw conflict('training.quiz_passed');
    throw conflict('training.quiz_no_tries', `作答次数已用完（共${quiz.maxTries}次）`);
  }
  await audit(ctx, { action: 'training.quiz_attempted', subjectType: 'Booking', subjectId: String(b._id), after: { percent: score.percent, passed: score.passed, tries: updated.quizTries } });
  const done = score.passed ? await finishOwed(ctx.services, BOOKING_OWED, updated) : updated;
  const triesUsed = done.quizTries ?? 0;
  return { ...score, triesUsed, triesLeft: Math.max(0, quiz.maxTries - triesUsed), certificateNo: done.certificateNo ?? null };
}

// What a pass owes its booking: the certificate, when the session is already finished (else the finish issues it).
extendOwed<BookingDoc>(BOOKING_OWED, {
  async certificate(services, b) {
    await certificateAfterPass(services, b);
  },
});
