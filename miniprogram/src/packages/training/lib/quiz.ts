// A course's knowledge test (考核) in the app: the owner's paper and attempts, and the trainer's question
// editor (what it holds, its checks with the shared schema's messages, what it sends).
import { QuizInput, type QuizAttemptResponse, type QuizPaperResponse } from '@shared/schemas/trainingQuiz';
import type { CourseResponse } from '@shared/schemas/training';
import type { z } from 'zod';
import { api } from '@/services/request';

export type QuizPaper = z.infer<typeof QuizPaperResponse>['data'];
export type QuizResult = z.infer<typeof QuizAttemptResponse>['data'];

export const quizApi = {
  paper: (bookingId: string) => api.get<z.infer<typeof QuizPaperResponse>>(`/bookings/${bookingId}/quiz`, undefined, { toast: false }).then((r) => r.data),
  attempt: (bookingId: string, answers: number[]) =>
    api.post<z.infer<typeof QuizAttemptResponse>>(`/bookings/${bookingId}/quiz/attempts`, { answers }, { loading: '提交中' }).then((r) => r.data),
  /** The trainer sets, changes or (null) removes a course's test. */
  save: (courseId: string, quiz: QuizInput | null) =>
    api.patch<z.infer<typeof CourseResponse>>(`/courses/${courseId}`, { quiz }, { loading: '保存中' }).then((r) => r.data),
};

// --- the trainer's editor -------------------------------------------------------------------------------
export interface QuestionForm { text: string; options: string[]; answer: number | null }
export interface QuizForm { enabled: boolean; questions: QuestionForm[]; passPercent: string; maxTries: string }

export const emptyQuestion = (): QuestionForm => ({ text: '', options: ['', ''], answer: null });
export const emptyQuizForm = (): QuizForm => ({ enabled: false, questions: [emptyQuestion()], passPercent: '60', maxTries: '3' });

/** The form of an existing bank (a course's quizBank). */
export const quizFormOf = (q: QuizInput | null | undefined): QuizForm =>
  q ? { enabled: true, questions: q.questions.map((x) => ({ text: x.text, options: [...x.options], answer: x.answer })), passPercent: String(q.passPercent), maxTries: String(q.maxTries) } : emptyQuizForm();

type Issues = { path: PropertyKey[]; message: string }[];
const messages = (issues: Issues) => [...new Set(issues.map((i) => i.message))];

/**
 * What the editor sends: `quiz` null when the course has no test (the switch off); else the checked bank.
 * Empty options are dropped; each question needs its right answer chosen among what is left.
 */
export function quizBody(f: QuizForm): { quiz: QuizInput | null; errors: string[] } {
  if (!f.enabled) return { quiz: null, errors: [] };
  const errors: string[] = [];
  const questions = f.questions.map((q, i) => {
    const kept = q.options.map((o, k) => ({ text: o.trim(), k })).filter((o) => o.text);
    if (!q.text.trim()) errors.push(`第${i + 1}题：请填写题目`);
    if (kept.length < 2) errors.push(`第${i + 1}题：至少填写2个选项`);
    const answer = kept.findIndex((o) => o.k === q.answer);
    if (answer < 0) errors.push(`第${i + 1}题：请选择正确答案`);
    return { text: q.text.trim(), options: kept.map((o) => o.text), answer };
  });
  if (!/^\d+$/.test(f.passPercent.trim()) || Number(f.passPercent) < 1 || Number(f.passPercent) > 100) errors.push('及格线请填写 1–100 的整数');
  if (!/^\d+$/.test(f.maxTries.trim()) || Number(f.maxTries) < 1 || Number(f.maxTries) > 10) errors.push('作答次数请填写 1–10 的整数');
  if (errors.length) return { quiz: null, errors };
  const parsed = QuizInput.safeParse({ questions, passPercent: Number(f.passPercent), maxTries: Number(f.maxTries) });
  return parsed.success ? { quiz: parsed.data, errors: [] } : { quiz: null, errors: messages(parsed.error.issues) };
}

/** The owner's result in words. Pure. */
export function quizStateText(s: { passed: boolean; triesLeft: number; bestPercent: number | null }): string {
  if (s.passed) return `考核已通过${s.bestPercent !== null ? `（${s.bestPercent}分）` : ''}`;
  if (s.triesLeft <= 0) return `考核未通过，作答次数已用完${s.bestPercent !== null ? `（最高${s.bestPercent}分）` : ''}`;
  return s.bestPercent === null ? `待考核，可作答${s.triesLeft}次` : `考核未通过（最高${s.bestPercent}分），还可作答${s.triesLeft}次`;
}
