// The course test in the app: the trainer's question editor (checks, what it sends; a new course's form and an
// existing course's 课程考核设置), 我的培训's 参加考核, the
// owner's paper (no answers shown, every question answered, confirmed, the result and the certificate), and
// training hours on the public credit file.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import CourseFormPage from '@/packages/training/desk/course-form/index';
import CourseQuizPage from '@/packages/training/desk/course-quiz/index';
import DeskCourse from '@/packages/training/desk/course/index';
import RosterPage from '@/packages/training/desk/roster/index';
import MyTraining from '@/packages/training/mine/index';
import QuizPage from '@/packages/training/quiz/index';
import WorkshopCredit from '@/packages/credit/workshop';
import { emptyQuizForm, quizBody, quizFormOf, quizStateText, type QuizForm } from '@/packages/training/lib/quiz';
import { reloadState, setSession } from '@/store/app';
import { callsOf, mockResponder, resetTaro, setPages, type RequestCall } from '../support/taro';
import { booking, json, owner, path, session } from './fixtures';

const T = Taro as unknown as Record<string, unknown>;
let confirmAnswer = true;
const modals: Array<{ title: string; content: string }> = [];
beforeEach(() => {
  resetTaro();
  reloadState();
  confirmAnswer = true;
  modals.length = 0;
  T.showModal = (a: { title: string; content: string }) => { modals.push(a); return Promise.resolve({ confirm: confirmAnswer, cancel: !confirmAnswer }); };
});
afterEach(() => { delete T.showModal; });

const BOOKING = 'b'.repeat(24);
const filled = (over: Partial<QuizForm> = {}): QuizForm => ({
  enabled: true, passPercent: '60', maxTries: '3',
  questions: [{ text: '生产用水应符合什么标准？', options: ['无要求', '', '生活饮用水卫生标准'], answer: 2 }], ...over,
});

describe('the question bank as the editor sends it', () => {
  test('off: no test; on: empty options dropped, the right answer counted among those left', () => {
    expect(quizBody(emptyQuizForm())).toEqual({ quiz: null, errors: [] });
    expect(quizBody(filled())).toEqual({
      quiz: { questions: [{ text: '生产用水应符合什么标准？', options: ['无要求', '生活饮用水卫生标准'], answer: 1 }], passPercent: 60, maxTries: 3 },
      errors: [],
    });
    const bank = quizBody(filled()).quiz!;
    expect(quizBody(quizFormOf(bank)).quiz).toEqual(bank);
  });

  test('what is missing or wrong is named per question', () => {
    expect(quizBody({ ...emptyQuizForm(), enabled: true }).errors).toEqual(['第1题：请填写题目', '第1题：至少填写2个选项', '第1题：请选择正确答案']);
    expect(quizBody(filled({ questions: [{ text: '题', options: ['甲', '乙', ''], answer: 2 }] })).errors).toEqual(['第1题：请选择正确答案']);
    expect(quizBody(filled({ passPercent: '0', maxTries: '11' })).errors).toEqual(['及格线请填写 1–100 的整数', '作答次数请填写 1–10 的整数']);
  });

  test('the owner\'s state in words', () => {
    expect(quizStateText({ passed: false, triesLeft: 3, bestPercent: null })).toBe('待考核，可作答3次');
    expect(quizStateText({ passed: false, triesLeft: 1, bestPercent: 33.3 })).toBe('考核未通过（最高33.3分），还可作答1次');
    expect(quizStateText({ passed: false, triesLeft: 0, bestPercent: 50 })).toBe('考核未通过，作答次数已用完（最高50分）');
    expect(quizStateText({ passed: true, triesLeft: 0, bestPercent: 100 })).toBe('考核已通过（100分）');
  });
});

test('the course form sends the test written in the editor; an incomplete one is not sent', async () => {
  setSession('tok', { ...owner, roles: ['trainer'] });
  setPages([{ route: 'packages/training/desk/course-form/index' }]);
  const created: unknown[] = [];
  mockResponder((req) => {
    if (req.method === 'POST' && path(req.url) === '/courses') { created.push(req.data); return json({ data: { id: 'c9' } }, 201); }
    return json({ error: { code: 'route.not_found' } }, 404);
  });
  render(<CourseFormPage />);
  fireEvent.input(screen.getByLabelText('课程名称'), { target: { value: '米粉生产操作规范' } });
  fireEvent.click(screen.getByRole('radio', { name: '操作规范' }));
  fireEvent.input(screen.getByLabelText('学时'), { target: { value: '2' } });
  fireEvent.change(screen.getByLabelText('课程介绍'), { target: { value: '原料验收与清洗消毒' } });
  fireEvent.click(screen.getByRole('checkbox', { name: /设置课程考核/ }));
  const editor = screen.getByTestId('quiz-editor');
  fireEvent.change(within(editor).getByLabelText('第1题'), { target: { value: '从业人员应当每年体检吗？' } });
  fireEvent.click(screen.getByRole('button', { name: '保存课程' }));
  expect(await screen.findByText('第1题：至少填写2个选项')).toBeTruthy();
  expect(created).toEqual([]);

  fireEvent.input(within(editor).getByLabelText('选项A'), { target: { value: '应当' } });
  fireEvent.input(within(editor).getByLabelText('选项B'), { target: { value: '不需要' } });
  fireEvent.click(within(editor).getByRole('button', { name: '第1题添加选项' }));
  fireEvent.input(within(editor).getByLabelText('选项C'), { target: { value: '三年一次' } });
  fireEvent.click(within(editor).getByRole('radio', { name: '第1题正确答案为选项A' }));
  fireEvent.input(within(editor).getByLabelText('及格线（答对百分比）'), { target: { value: '100' } });
  fireEvent.click(screen.getByRole('button', { name: '保存课程' }));
  await waitFor(() => expect(created).toHaveLength(1));
  expect(created[0]).toMatchObject({
    title: '米粉生产操作规范',
    quiz: { questions: [{ text: '从业人员应当每年体检吗？', options: ['应当', '不需要', '三年一次'], answer: 0 }], passPercent: 100, maxTries: 3 },
  });
});

test('我的培训: an attended booking with a test to take is listed under 待参加考核 and opens the paper', async () => {
  setSession('tok', owner);
  setPages([{ route: 'packages/training/mine/index', options: {} }]);
  const finished = session({ id: 's9', status: 'finished', statusLabel: '已结束', signupOpen: false });
  const list = [
    booking({ id: BOOKING, status: 'attended', statusLabel: '已签到', session: finished, quiz: { passed: false, triesUsed: 1, triesLeft: 2, bestPercent: 50, canAttempt: true } }),
    booking({ id: 'b2', status: 'attended', statusLabel: '已签到', session: finished, certificateNo: 'PX2026000009', quiz: { passed: true, triesUsed: 1, triesLeft: 2, bestPercent: 100, canAttempt: false } }),
  ];
  mockResponder((req) => (path(req.url) === '/bookings/mine' ? json({ data: list }) : json({ error: { code: 'route.not_found' } }, 404)));
  render(<MyTraining />);
  const pending = await waitFor(() => {
    const el = document.querySelector('[data-section="quiz"]') as HTMLElement | null;
    if (!el) throw new Error('no 待参加考核 section yet');
    return el;
  });
  expect(pending.textContent).toContain('考核未通过（最高50分），还可作答2次');
  expect(pending.querySelectorAll('[data-booking]')).toHaveLength(1);
  fireEvent.click(within(pending).getByRole('button', { name: '参加考核' }));
  expect(callsOf('navigateTo')).toContainEqual({ url: `/packages/training/quiz/index?id=${BOOKING}` });
  // The passed one shows its result in the history, with a link to it.
  const history = document.querySelector('[data-section="history"]') as HTMLElement;
  expect(history.textContent).toContain('考核已通过（100分）');
  expect(within(history).getAllByRole('button', { name: '考核结果' })).toHaveLength(1);
});

describe('the paper', () => {
  const paper = (over: Record<string, unknown> = {}) => ({
    bookingId: BOOKING, course: { id: 'c1', title: '小作坊生产规范', hours: 4 }, attendeeName: '孙一',
    questions: [{ text: '生产用水应当符合什么标准？', options: ['无要求', '生活饮用水卫生标准'] }, { text: '添加剂如何管理？', options: ['随意', '专柜专人', '不记录'] }],
    passPercent: 60, maxTries: 2, attempts: [], certificateNo: null, passed: false, triesUsed: 0, triesLeft: 2, bestPercent: null, canAttempt: true, ...over,
  });
  type Answer = { correct: number; total: number; percent: number; passed: boolean; triesUsed: number; triesLeft: number; certificateNo: string | null };
  function server(first = paper(), answer: Answer = { correct: 2, total: 2, percent: 100, passed: true, triesUsed: 1, triesLeft: 1, certificateNo: 'PX2026000123' }) {
    const posts: RequestCall[] = [];
    let current = first;
    mockResponder((req) => {
      const p = path(req.url);
      if (req.method === 'GET' && p === `/bookings/${BOOKING}/quiz`) return json({ data: current });
      if (req.method === 'POST' && p === `/bookings/${BOOKING}/quiz/attempts`) {
        posts.push(req);
        current = paper({ passed: answer.passed, triesUsed: 1, triesLeft: 1, canAttempt: !answer.passed, bestPercent: answer.percent, certificateNo: answer.certificateNo, attempts: [{ at: '2026-11-30T02:00:00.000Z', percent: answer.percent, passed: answer.passed }] });
        return json({ data: answer });
      }
      return json({ error: { code: 'route.not_found' } }, 404);
    });
    return posts;
  }
  beforeEach(() => {
    setSession('tok', owner);
    setPages([{ route: 'packages/training/quiz/index', options: { id: BOOKING } }]);
  });

  test('every question must be answered; after confirming, the answers go in order and the result and certificate show', async () => {
    const posts = server();
    render(<QuizPage />);
    expect(await screen.findByRole('heading', { name: '小作坊生产规范' })).toBeTruthy();
    expect(screen.getByTestId('quiz-state').textContent).toBe('待考核，可作答2次');
    fireEvent.click(screen.getByRole('radio', { name: 'B. 专柜专人' }));
    fireEvent.click(screen.getByRole('button', { name: '提交答卷' }));
    expect(await screen.findByText('还有1道题未作答（第1题）')).toBeTruthy();
    expect(posts).toEqual([]);

    fireEvent.click(screen.getByRole('radio', { name: 'B. 生活饮用水卫生标准' }));
    confirmAnswer = false;
    fireEvent.click(screen.getByRole('button', { name: '提交答卷' }));
    await waitFor(() => expect(modals).toHaveLength(1));
    expect(modals[0].content).toContain('还可作答2次');
    expect(posts).toEqual([]);

    confirmAnswer = true;
    fireEvent.click(screen.getByRole('button', { name: '提交答卷' }));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0].data).toEqual({ answers: [1, 1] });
    const result = await screen.findByTestId('quiz-result');
    expect(result.textContent).toContain('考核通过');
    expect(result.textContent).toContain('答对 2/2 题，得分 100');
    await waitFor(() => expect(screen.queryByTestId('quiz-paper')).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: '查看证书' }));
    expect(callsOf('navigateTo')).toContainEqual({ url: '/packages/training/verify/index?no=PX2026000123' });
  });

  test('a fail says how many tries are left, and the paper stays for another try', async () => {
    server(paper(), { correct: 0, total: 2, percent: 0, passed: false, triesUsed: 1, triesLeft: 1, certificateNo: null });
    render(<QuizPage />);
    fireEvent.click(await screen.findByRole('radio', { name: 'A. 无要求' }));
    fireEvent.click(screen.getByRole('radio', { name: 'A. 随意' }));
    fireEvent.click(screen.getByRole('button', { name: '提交答卷' }));
    const result = await screen.findByTestId('quiz-result');
    expect(result.textContent).toContain('未通过');
    expect(result.textContent).toContain('还可作答1次');
    expect(await screen.findByTestId('quiz-attempts')).toBeTruthy();
    expect(screen.getByTestId('quiz-paper')).toBeTruthy();
  });

  test('before the check-in the server says no (409): the page says to check in first, without 重试', async () => {
    mockResponder(() => json({ error: { code: 'training.quiz_not_allowed', message: '签到后才能参加考核' } }, 409));
    render(<QuizPage />);
    expect(await screen.findByText('签到后才能参加考核')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '重试' })).toBeNull();
  });
});

test('the credit file shows training events with their hours and the hours of the last 12 months', async () => {
  const ID = 'a'.repeat(24);
  setPages([{ route: 'packages/credit/workshop/index', options: { id: ID } }]);
  const detail = {
    id: ID, name: '李记螺蛳粉', region: { code: '450203', name: '广西壮族自治区柳州市鱼峰区' }, categories: [], status: 'registered', statusLabel: '已登记',
    certificateStatus: 'valid', riskGrade: null, lastInspectionAt: null, badges: [], ownerName: '李*', address: '柳石路188号', products: [], certificate: null, risk: null, latestInspection: null,
  };
  const event = { id: 'e1', type: 'training', at: '2026-11-20T05:00:00.000Z', title: '参加培训：食品安全法规解读', detail: '法律法规 · 培训日期 2026-11-20 · 证书编号 PX2026000001', result: '培训合格', source: '王讲师', hours: 3.5 };
  mockResponder((req) => {
    const p = path(req.url);
    if (p === `/workshops/${ID}/timeline`) return json({ data: [event] });
    if (p === `/workshops/${ID}/training-hours`) return json({ workshopId: ID, months: 12, since: '2025-11-30', hours: 3.5, certificates: [{ no: 'PX2026000001', courseTitle: '食品安全法规解读', hours: 3.5, sessionDate: '2026-11-20' }] });
    return json(detail);
  });
  render(<WorkshopCredit />);
  expect((await screen.findByTestId('training-hours')).textContent).toBe('近12个月参加培训 3.5 学时（1张培训证书）');
  const item = document.querySelector('[data-type="training"]') as HTMLElement;
  expect(item.textContent).toContain('参加培训：食品安全法规解读');
  expect(item.textContent).toContain('培训学时：3.5');
});

describe('the trainer\'s course page and its test', () => {
  const COURSE = 'c'.repeat(24);
  const bank = { questions: [{ text: '生产用水应符合什么标准？', options: ['无要求', '生活饮用水卫生标准'], answer: 1 }], passPercent: 60, maxTries: 3 };
  const detail = (quiz: typeof bank | null) => ({
    id: COURSE, title: '小作坊生产规范', category: 'practice', categoryLabel: '操作规范', hours: 4, targetCategories: [], region: { code: '450203', name: '鱼峰区' },
    trainerName: '王讲师', active: true, description: '讲解', materials: [], sessions: [],
    quiz: quiz ? { questionCount: quiz.questions.length, passPercent: quiz.passPercent, maxTries: quiz.maxTries } : null, quizBank: quiz,
  });
  beforeEach(() => setSession('tok', { ...owner, roles: ['trainer'] }));

  test('the course page says whether there is a test and links to its editor', async () => {
    setPages([{ route: 'packages/training/desk/course/index', options: { id: COURSE } }]);
    mockResponder((req) => (path(req.url) === `/courses/${COURSE}` ? json({ data: detail(bank) }) : json({ error: { code: 'route.not_found' } }, 404)));
    render(<DeskCourse />);
    expect((await screen.findByTestId('course-quiz')).textContent).toContain('考核：1题，答对60%及格，每人最多作答3次');
    fireEvent.click(screen.getByRole('button', { name: '修改考核' }));
    expect(callsOf('navigateTo')).toContainEqual({ url: `/packages/training/desk/course-quiz/index?id=${COURSE}` });
  });

  test('the editor loads the bank with its answers, saves changes, and removing the test is confirmed first', async () => {
    setPages([{ route: 'packages/training/desk/course-quiz/index', options: { id: COURSE } }]);
    const patches: unknown[] = [];
    mockResponder((req) => {
      if (req.method === 'GET' && path(req.url) === `/courses/${COURSE}`) return json({ data: detail(bank) });
      if (req.method === 'PATCH' && path(req.url) === `/courses/${COURSE}`) { patches.push(req.data); return json({ data: detail(null) }); }
      return json({ error: { code: 'route.not_found' } }, 404);
    });
    render(<CourseQuizPage />);
    const editor = await screen.findByTestId('quiz-editor');
    await waitFor(() => expect((within(editor).getByLabelText('第1题') as HTMLTextAreaElement).value).toBe('生产用水应符合什么标准？'));
    expect(within(editor).getByRole('radio', { name: '第1题正确答案为选项B' }).getAttribute('aria-checked')).toBe('true');
    fireEvent.input(within(editor).getByLabelText('每人最多作答次数'), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(patches).toHaveLength(1));
    expect(patches[0]).toEqual({ quiz: { ...bank, maxTries: 2 } });

    fireEvent.click(within(editor).getByRole('checkbox', { name: /设置课程考核/ }));
    confirmAnswer = false;
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(modals.map((m) => m.title)).toEqual(['取消考核']));
    expect(patches).toHaveLength(1);
    confirmAnswer = true;
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(patches).toHaveLength(2));
    expect(patches[1]).toEqual({ quiz: null });
  });
});

test('the roster of a course with a test says, for attendees without a certificate, whether they passed', async () => {
  setSession('tok', { ...owner, roles: ['trainer'] });
  setPages([{ route: 'packages/training/desk/roster/index', options: { id: 's1' } }]);
  const s = session({ status: 'finished', statusLabel: '已结束', signupOpen: false, course: { id: 'c1', title: '小作坊生产规范', category: 'practice', categoryLabel: '操作规范', hours: 4, quiz: { questionCount: 3, passPercent: 60, maxTries: 2 } } });
  const entry = (id: string, name: string, quiz: { passed: boolean; triesUsed: number }, certificateNo: string | null = null) => ({
    id, workshop: { id: `w-${id}`, name: `${name}的作坊` }, attendee: { name, phoneMasked: '138****5678' }, status: 'attended', statusLabel: '已签到',
    waitlistPosition: null, checkedInAt: '2026-12-10T01:05:00.000Z', certificateNo, quiz,
  });
  mockResponder((req) => (path(req.url) === '/sessions/s1/roster'
    ? json({ data: { session: s, counts: { attended: 3 }, entries: [entry('e1', '孙一', { passed: true, triesUsed: 1 }, 'PX2026000001'), entry('e2', '周二', { passed: false, triesUsed: 2 }), entry('e3', '吴三', { passed: false, triesUsed: 0 })] } })
    : json({ error: { code: 'route.not_found' } }, 404)));
  render(<RosterPage />);
  await screen.findByText('周二 · 138****5678');
  const states = Array.from(document.querySelectorAll('[data-quiz-state]')).map((el) => [el.getAttribute('data-quiz-state'), el.textContent]);
  expect(states).toEqual([['e2', '考核未通过（已作答2次）'], ['e3', '未参加考核']]);
});
