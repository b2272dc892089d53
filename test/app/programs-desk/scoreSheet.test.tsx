// The reviewer's score sheet: the program's review steps share 100 points; each line an integer within its
// points; the total is the sum and is sent with the items. On the review page: my sheet prefilled from my
// last score, the others' scores shown, approval confirmed and a full quota said in words.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import ApplicationReviewPage from '@/packages/programs/desk/application/index';
import { criteriaOf, sheetBody, sheetFrom, sheetTotal } from '@/packages/programs/desk/lib/scoreSheet';
import { reloadState, setSession } from '@/store/app';
import { mockResponder, resetTaro, setPages, type RequestCall } from '../support/taro';
import { json, path } from '../training/fixtures';

test('criteria: the review steps share 100 points, the first ones taking the remainder', () => {
  expect(criteriaOf(['材料审查', '现场评审', '集体审议'])).toEqual([{ name: '材料审查', max: 34 }, { name: '现场评审', max: 33 }, { name: '集体审议', max: 33 }]);
  expect(criteriaOf(['材料审查', ' 专家评审 '])).toEqual([{ name: '材料审查', max: 50 }, { name: '专家评审', max: 50 }]);
  expect(criteriaOf([])).toEqual([{ name: '综合评价', max: 100 }]);
  expect(criteriaOf(['甲', '甲', '乙'])).toEqual([{ name: '甲', max: 50 }, { name: '乙', max: 50 }]);
  expect(criteriaOf(Array.from({ length: 12 }, (_, i) => `项${i}`)).reduce((t, c) => t + c.max, 0)).toBe(100);
});

test('a sheet: every line scored within its points; the total is the sum; my last sheet comes back', () => {
  const c = criteriaOf(['材料审查', '现场评审', '集体审议']);
  expect(sheetBody(c, { values: ['', '40', '3.5'], comment: '' }).errors).toEqual(['请为“材料审查”打分（0–34分）', '“现场评审”须为 0–33 的整数', '“集体审议”须为 0–33 的整数']);
  expect(sheetTotal({ values: ['30', '', 'x'], comment: '' })).toBe(30);
  expect(sheetTotal({ values: ['', '', ''], comment: '' })).toBeNull();
  const ok = sheetBody(c, { values: ['30', '28', '30'], comment: ' 特色鲜明 ' });
  expect(ok).toEqual({ body: { score: 88, comment: '特色鲜明', items: [{ name: '材料审查', score: 30, max: 34 }, { name: '现场评审', score: 28, max: 33 }, { name: '集体审议', score: 30, max: 33 }] }, errors: [] });
  expect(sheetFrom(c, { score: 88, comment: '特色鲜明', items: ok.body!.items })).toEqual({ values: ['30', '28', '30'], comment: '特色鲜明' });
  // A score without a sheet (or of other criteria): empty lines, the comment kept.
  expect(sheetFrom(c, { score: 86, comment: '生产规范', items: null })).toEqual({ values: ['', '', ''], comment: '生产规范' });
});

// --- the review page ---
const APP_ID = 'a'.repeat(24);
const admin = { id: 'u9', name: '柳州市局评审', roles: ['admin' as const], region: { code: '4502', name: '柳州市' }, phone: null };
const rule = (kind: string, passed: boolean) => ({ kind, label: kind, summary: `条件${kind}`, passed, current: passed ? '符合' : '近24个月有1次行政处罚', todo: passed ? null : '须连续24个月无行政处罚', action: 'none' });
function review(over: { status?: string; scores?: unknown[]; left?: number } = {}) {
  const scores = (over.scores ?? [
    { reviewerName: '鱼峰区局评审', mine: false, score: 80, comment: '场所整洁', at: '2026-11-20T02:00:00.000Z', items: null },
  ]) as Array<{ score: number }>;
  return {
    application: {
      id: APP_ID, program: { id: 'p1', name: '柳州市名特优食品作坊', kind: 'famous_specialty', kindLabel: '名特优食品作坊' },
      workshop: { id: 'w1', name: '韦记米粉作坊', region: { code: '450203001', name: '柳州市鱼峰区' } }, year: 2026,
      status: over.status ?? 'under_review', statusLabel: '评审中', statement: '三代传承手工米粉', materials: [{ code: 'm1', label: '申报表', fileId: 'f'.repeat(24), url: '/api/v1/files/x' }],
      submittedAt: '2026-11-18T02:00:00.000Z', scores, averageScore: scores.length ? scores.reduce((t, s) => t + s.score, 0) / scores.length : null,
      questions: [], objections: [], openObjections: 0, noticeFrom: null, noticeUntil: null, decisionNote: null, decidedAt: null, awardId: null, canWithdraw: true, canAnswer: false,
    },
    program: {
      id: 'p1', name: '柳州市名特优食品作坊', kind: 'famous_specialty', kindLabel: '名特优食品作坊', description: '', badge: '名特优', region: { code: '4502', name: '柳州市' },
      level: 'city', levelLabel: '市级', issuer: '柳州市市场监督管理局', quota: { perYear: 10, scope: 'program', scopeLabel: '全区域合计' }, applyFrom: '2026-01-01', applyUntil: '2026-12-31',
      open: true, materials: [], rules: [], reviewSteps: ['材料审查', '现场评审', '集体审议'], minScores: 1, noticeDays: 5, validityYears: 3, subsidy: null,
      revokeOn: { penaltyMinFineFen: 0, failedSampleItems: [] }, active: true,
    },
    workshop: {
      id: 'w1', name: '韦记米粉作坊', region: { code: '450203001', name: '柳州市鱼峰区' }, address: '柳石路1号', categories: ['rice_flour'], products: ['米粉'], status: 'registered',
      certificate: { number: 'JY450203001', status: 'valid', expiresAt: '2028-02-29' }, riskGrade: 'A', since: '2020-03-01', trainingHours: 8, penalties24m: 1, lastSelfCheck: '2026-11-01',
    },
    eligibility: { submitted: { at: '2026-11-18T02:00:00.000Z', eligible: true, rules: [rule('no_penalty', true)] }, current: { eligible: false, rules: [rule('no_penalty', false)] } },
    scores: over.scores ?? [{ reviewerName: '鱼峰区局评审', mine: false, score: 80, comment: '场所整洁', at: '2026-11-20T02:00:00.000Z', items: null }],
    objectionCases: [],
    quota: { year: 2026, perYear: 10, scopeLabel: '全区域合计', used: 10 - (over.left ?? 3), capacity: 10, left: over.left ?? 3, byCounty: null },
    can: { score: true, decide: true, resolve: false },
  };
}

const T = Taro as unknown as Record<string, unknown>;
const modals: Array<{ title: string; content: string }> = [];
beforeEach(() => {
  resetTaro();
  reloadState();
  setSession('tok', admin);
  modals.length = 0;
  T.showModal = (a: { title: string; content: string }) => { modals.push(a); return Promise.resolve({ confirm: true, cancel: false }); };
  setPages([{ route: 'packages/programs/desk/application/index', options: { id: APP_ID } }]);
});
afterEach(() => { delete T.showModal; });

function server(opts: { approve?: 'ok' | 'full' } = {}) {
  const posts: RequestCall[] = [];
  let current = review();
  mockResponder((req) => {
    const p = path(req.url);
    if (req.method === 'GET' && p === `/applications/${APP_ID}/review`) return json({ data: current });
    if (req.method === 'POST' && p === `/applications/${APP_ID}/score`) {
      posts.push(req);
      const b = req.data as { score: number; comment?: string; items: unknown[] };
      current = review({ scores: [...current.scores, { reviewerName: admin.name, mine: true, score: b.score, comment: b.comment ?? null, at: '2026-12-01T02:00:00.000Z', items: b.items }] });
      return json({ data: current.application });
    }
    if (req.method === 'POST' && p === `/applications/${APP_ID}/approve`) {
      posts.push(req);
      if (opts.approve === 'full') return json({ error: { code: 'program.quota_full', message: '2026年度名额（10个）已满' } }, 409);
      return json({ data: { ...current.application, status: 'in_notice' } });
    }
    return json({ error: { code: 'route.not_found', message: '接口不存在' } }, 404);
  });
  return posts;
}

test('the review page: facts, eligibility then and now, the others\' scores; my sheet is checked, then sent with its total', async () => {
  const posts = server();
  render(<ApplicationReviewPage />);
  await screen.findByText('韦记米粉作坊');
  expect(within(screen.getByTestId('facts')).getByText('1 次')).toBeTruthy();
  expect(within(screen.getByTestId('eligibility-current')).getByText(/须连续24个月无行政处罚/)).toBeTruthy();
  expect(within(screen.getByTestId('scores')).getByText('鱼峰区局评审：80 分')).toBeTruthy();

  const sheet = screen.getByTestId('score-sheet');
  fireEvent.click(within(sheet).getByText('提交评分'));
  expect(within(sheet).getByTestId('sheet-errors').textContent).toContain('请为“材料审查”打分（0–34分）');
  expect(posts).toHaveLength(0);
  const fill = (label: string, v: string) => fireEvent.input(within(sheet).getByLabelText(label), { target: { value: v } });
  fill('材料审查得分', '30');
  fill('现场评审得分', '40');
  fill('集体审议得分', '30');
  expect(within(sheet).getByTestId('sheet-total').textContent).toBe('100 / 100');
  fireEvent.click(within(sheet).getByText('提交评分'));
  expect(within(sheet).getByTestId('sheet-errors').textContent).toBe('“现场评审”须为 0–33 的整数');
  fill('现场评审得分', '28');
  fireEvent.click(within(sheet).getByText('提交评分'));
  await waitFor(() => expect(posts).toHaveLength(1));
  expect(posts[0].data).toEqual({ score: 88, items: [{ name: '材料审查', score: 30, max: 34 }, { name: '现场评审', score: 28, max: 33 }, { name: '集体审议', score: 30, max: 33 }] });
  // Reloaded: my sheet is shown as submitted, ready to be updated.
  await screen.findByText('更新评分');
  expect(screen.getByText('已提交 88 分，修改后再次提交将覆盖。')).toBeTruthy();
});

test('approval asks first, naming the places left; a full quota (409) is said in words on the page', async () => {
  const posts = server({ approve: 'full' });
  render(<ApplicationReviewPage />);
  fireEvent.click(await screen.findByText('评审通过，进入公示'));
  await waitFor(() => expect(posts).toHaveLength(1));
  expect(modals[0].content).toBe('韦记米粉作坊 将占用2026年度名额（目前剩余 3 个），进入 5 个工作日公示。确认通过？');
  const errors = await screen.findByTestId('decision-errors');
  expect(errors.textContent).toContain('名额已满，未能通过：2026年度名额（10个）已满');
  // Rejecting needs a reason before anything is asked or sent.
  fireEvent.click(screen.getByText('不予通过'));
  expect(screen.getByTestId('decision-errors').textContent).toBe('不予通过须填写理由，申报人会看到');
  expect(modals).toHaveLength(1);
});
