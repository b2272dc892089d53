// The optional knowledge test of a course (考核): a question bank, a pass mark, a few tries. Where a course
// has one, the training certificate needs attendance and a pass. Answers go to the course's managers only.
import '../zod';
import { z } from 'zod';
import { ObjectId, Text } from './common';

export const QUIZ_MAX_QUESTIONS = 50;
export const QUIZ_MAX_OPTIONS = 6;
export const QUIZ_MAX_TRIES = 10;

export const QuizQuestion = z
  .strictObject({
    text: Text(300),
    options: z.array(Text(100)).min(2, '每题至少2个选项').max(QUIZ_MAX_OPTIONS, `每题最多${QUIZ_MAX_OPTIONS}个选项`),
    answer: z.number().int().min(0).max(QUIZ_MAX_OPTIONS - 1).meta({ description: '正确选项的序号（从0开始）' }),
  })
  .refine((q) => q.answer < q.options.length, { message: '正确答案须是其中一个选项', path: ['answer'] })
  .meta({ id: 'TrainingQuizQuestion' });

/** The question bank as the trainer writes it (POST/PATCH /courses `quiz`; null removes it). */
export const QuizInput = z
  .strictObject({
    questions: z.array(QuizQuestion).min(1, '请至少添加1道题').max(QUIZ_MAX_QUESTIONS, `最多${QUIZ_MAX_QUESTIONS}道题`),
    passPercent: z.number().int().min(1).max(100).meta({ description: '及格线（答对百分比）' }),
    maxTries: z.number().int().min(1).max(QUIZ_MAX_TRIES).meta({ description: '每位学员最多作答次数' }),
  })
  .meta({ id: 'TrainingQuiz', description: '课程考核（可选）：设置后，证书需签到并考核通过' });
export type QuizInput = z.infer<typeof QuizInput>;

/** What anyone may know of a course's test (no questions, no answers). */
export const QuizSummary = z
  .object({ questionCount: z.number().int(), passPercent: z.number().int(), maxTries: z.number().int() })
  .meta({ id: 'TrainingQuizSummary' });
export type QuizSummary = z.infer<typeof QuizSummary>;

/** The owner's state of a booking's test. */
export const BookingQuizState = z
  .object({
    passed: z.boolean(),
    triesUsed: z.number().int(),
    triesLeft: z.number().int(),
    bestPercent: z.number().nullable(),
    canAttempt: z.boolean().meta({ description: '已签到、未通过且还有作答次数' }),
  })
  .meta({ id: 'TrainingBookingQuiz' });

export const QuizPaper = z
  .object({
    bookingId: z.string(),
    course: z.object({ id: z.string(), title: z.string(), hours: z.number() }),
    attendeeName: z.string(),
    questions: z.array(z.object({ text: z.string(), options: z.array(z.string()) })).meta({ description: '试题（不含答案）' }),
    passPercent: z.number().int(),
    maxTries: z.number().int(),
    attempts: z.array(z.object({ at: z.string(), percent: z.number(), passed: z.boolean() })),
    certificateNo: z.string().nullable(),
  })
  .extend(BookingQuizState.shape)
  .meta({ id: 'TrainingQuizPaper' });
export const QuizPaperResponse = z.object({ data: QuizPaper }).meta({ id: 'TrainingQuizPaperResponse' });

export const QuizAttemptBody = z
  .strictObject({
    answers: z.array(z.number().int().min(0).max(QUIZ_MAX_OPTIONS - 1)).min(1).max(QUIZ_MAX_QUESTIONS)
      .meta({ description: '按题目顺序，每题所选选项的序号（从0开始）' }),
  })
  .meta({ id: 'TrainingQuizAttempt' });
export type QuizAttemptBody = z.infer<typeof QuizAttemptBody>;

export const QuizAttemptResult = z
  .object({
    correct: z.number().int(), total: z.number().int(), percent: z.number(), passed: z.boolean(),
    triesUsed: z.number().int(), triesLeft: z.number().int(),
    certificateNo: z.string().nullable().meta({ description: '已发放的培训证书编号（培训结束后通过考核即发放）' }),
  })
  .meta({ id: 'TrainingQuizAttemptResult' });
export const QuizAttemptResponse = z.object({ data: QuizAttemptResult }).meta({ id: 'TrainingQuizAttemptResponse' });

// --- training hours (public; the programs' "at least N hours in the last 12 months" rule) ---
export const TrainingHoursParams = z.strictObject({ id: ObjectId });
export const TrainingHoursQuery = z.strictObject({
  months: z.coerce.number().int().min(1).max(120).default(12).meta({ description: '统计最近几个月（按证书发放日期）' }),
});
export const TrainingHoursResponse = z
  .object({
    workshopId: z.string(),
    months: z.number().int(),
    since: z.string().meta({ description: '统计起点（北京时间日期，含）', example: '2025-12-01' }),
    hours: z.number().meta({ description: '培训学时合计' }),
    certificates: z.array(z.object({ no: z.string(), courseTitle: z.string(), hours: z.number(), sessionDate: z.string() })),
  })
  .meta({ id: 'WorkshopTrainingHours' });
export type TrainingHoursResponse = z.infer<typeof TrainingHoursResponse>;

/** The score of answers against a question bank. Pure. */
export function scoreQuiz(questions: readonly { answer: number }[], answers: readonly number[], passPercent: number) {
  const total = questions.length;
  const correct = questions.filter((q, i) => answers[i] === q.answer).length;
  const percent = total ? Math.round((correct / total) * 1000) / 10 : 0;
  return { correct, total, percent, passed: percent >= passPercent };
}
