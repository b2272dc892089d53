// Rows shaped as the programs API answers them (shared/src/schemas/programs.ts).
import type { ApplicationView, AwardView, ProgramView, RuleResult } from '@shared/schemas/programs';

export const owner = { id: 'u1', name: '李秀英', roles: ['owner' as const], region: { code: '450203', name: '鱼峰区' }, phone: '138****5678' };
export const PID = 'a'.repeat(24);
export const PID2 = 'b'.repeat(24);

export function program(over: Partial<ProgramView> = {}): ProgramView {
  return {
    id: PID, name: '鱼峰区阳光作坊', kind: 'sunshine', kindLabel: '阳光作坊', description: '生产过程透明可视。', badge: '阳光作坊',
    region: { code: '450203', name: '广西壮族自治区柳州市鱼峰区' }, level: 'county', levelLabel: '县级', issuer: '柳州市鱼峰区市场监督管理局',
    quota: { perYear: 20, scope: 'program', scopeLabel: '全区域合计' }, applyFrom: '2026-01-01', applyUntil: '2026-12-31', open: true,
    materials: [{ code: 'photos', label: '生产场所照片', required: true }],
    rules: [{ kind: 'registered', label: '已登记且登记证有效', summary: '已取得食品小作坊登记证且在有效期内', params: {} }],
    reviewSteps: ['材料审查', '现场评审'], minScores: 1, noticeDays: 5, validityYears: 3, subsidy: null,
    revokeOn: { penaltyMinFineFen: 0, failedSampleItems: [] }, active: true, ...over,
  };
}

export const ruleOk = (over: Partial<RuleResult> = {}): RuleResult => ({
  kind: 'registered', label: '已登记且登记证有效', summary: '已取得食品小作坊登记证且在有效期内', passed: true, current: '登记证有效至 2028-02-29', todo: null, action: 'registration', ...over,
});
export const ruleTraining = (over: Partial<RuleResult> = {}): RuleResult => ({
  kind: 'training_hours', label: '近12个月培训学时', summary: '近12个月参加食品安全培训不少于8学时', passed: false, current: '近12个月 4 学时', todo: '参加 8 学时培训，目前 4 学时', action: 'training', ...over,
});

export const modelUnit = () => program({
  id: PID2, name: '广西食品小作坊示范单位', kind: 'model_unit', kindLabel: '食品小作坊示范单位', level: 'province', levelLabel: '省级', issuer: '广西壮族自治区市场监督管理局',
  region: { code: '45', name: '广西壮族自治区' }, quota: { perYear: 3, scope: 'county', scopeLabel: '每个区县' },
});

export function application(over: Partial<ApplicationView> = {}): ApplicationView {
  return {
    id: 'c'.repeat(24), program: { id: PID, name: '鱼峰区阳光作坊', kind: 'sunshine', kindLabel: '阳光作坊' },
    workshop: { id: 'd'.repeat(24), name: '鱼峰李记螺蛳粉作坊', region: { code: '450203', name: '鱼峰区' } }, year: 2026,
    status: 'submitted', statusLabel: '已提交，待评审', statement: '三代传承', materials: [], submittedAt: '2026-11-20T02:00:00.000Z',
    scores: null, averageScore: null, questions: [], objections: null, openObjections: 0, noticeFrom: null, noticeUntil: null,
    decisionNote: null, decidedAt: null, awardId: null, canWithdraw: true, canAnswer: true, ...over,
  };
}

export function award(over: Partial<AwardView> = {}): AwardView {
  return {
    id: 'e'.repeat(24), program: { id: PID, name: '广西非遗代表性传承人（传统食品技艺）', kind: 'heritage_inheritor', kindLabel: '非遗代表性传承人' },
    badge: '非遗代表性传承人', workshop: { id: 'd'.repeat(24), name: '鱼峰李记螺蛳粉作坊', region: { code: '450203', name: '鱼峰区' } },
    issuer: '广西壮族自治区市场监督管理局', grantedAt: '2026-09-01T02:00:00.000Z', validUntil: '2029-08-31T15:59:59.999Z', status: 'active', statusLabel: '有效',
    story: null, ...over,
  };
}

export const json = (data: unknown, statusCode = 200) => ({ statusCode, data });
export const path = (url: string) => new URL(url, 'http://x').pathname.replace(/^\/api\/v1/, '');
export const query = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams);
