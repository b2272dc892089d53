// The owner's side of a course's test: the paper (questions without answers, tries, result) and an attempt.
import { BookingIdParams } from '@shared/schemas/training';
import { QuizAttemptBody, QuizAttemptResponse, QuizPaperResponse } from '@shared/schemas/trainingQuiz';
import type { ApiRouter } from '../../http/api';
import { conflict } from '../../errors';
import { attemptQuiz, loadBooking, loadQuiz } from '../../commands/training';
import { bookingQuizState, quizSummary } from '../../presenters/training';

const TAGS = ['培训（报名）'];

export function quizRoutes(api: ApiRouter) {
  api.route('get', '/bookings/:id/quiz', {
    summary: '课程考核试题与作答情况（报名人；不含答案）', tags: TAGS, auth: true, params: BookingIdParams, response: QuizPaperResponse, errors: [404, 409],
    description: '签到后可作答（409 training.quiz_not_allowed）；课程无考核 404 training.no_quiz。',
  }, async (ctx) => {
    const b = await loadBooking(ctx.input.params.id);
    const { course, quiz } = await loadQuiz(ctx, b);
    if (b.status !== 'attended') throw conflict('training.quiz_not_allowed');
    const state = bookingQuizState(b, quizSummary(course))!;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      data: {
        bookingId: String(b._id), course: { id: String(course._id), title: course.title, hours: course.hours }, attendeeName: b.attendeeName,
        questions: quiz.questions.map((q) => ({ text: q.text, options: [...q.options] })),
        passPercent: quiz.passPercent, maxTries: quiz.maxTries,
        attempts: (b.quizAttempts ?? []).map((a) => ({ at: new Date(a.at ?? 0).toISOString(), percent: a.percent ?? 0, passed: a.passed === true })),
        certificateNo: b.certificateNo ?? null,
        ...state,
      },
    };
  });

  api.route('post', '/bookings/:id/quiz/attempts', {
    summary: '提交考核答卷（报名人；签到后，次数用完为止）', tags: TAGS, auth: true, params: BookingIdParams, body: QuizAttemptBody, response: QuizAttemptResponse,
    errors: [404, 409, 422],
    description: '同时提交多份答卷也不会超过作答次数（409 training.quiz_no_tries）；通过后 409 training.quiz_passed。培训已结束时，通过即发放培训证书。',
  }, async (ctx) => {
    const b = await loadBooking(ctx.input.params.id);
    ctx.body = { data: await attemptQuiz(ctx, b, ctx.input.body) };
  });
}
