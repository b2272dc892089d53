// The program form (新建/修改项目): 元 typed, 分 sent; every check named in Chinese, in the order of the form;
// a stored program comes back into the form unchanged.
import { emptyProgramForm, newMaterial, programBody, programFormOf, type ProgramForm } from '@/packages/programs/desk/lib/programForm';
import { fenFromYuan, yuanFromFen, yuanText } from '@/packages/programs/desk/lib/money';
import type { ProgramView } from '@/packages/programs/desk/lib/api';

const REGION = { code: '4502', name: '柳州市' };
const filled = (over: Partial<ProgramForm> = {}): ProgramForm => ({ ...emptyProgramForm(REGION, '2026-12-01'), name: '柳州市非遗传承人工作室', kind: 'heritage_studio', ...over });
const rule = (f: ProgramForm, kind: string, over: Record<string, unknown>) => ({ ...f, rules: f.rules.map((r) => (r.kind === kind ? { ...r, on: true, ...over } : r)) });

test('元 ↔ 分: integers of fen, two decimals at most, up to 1,000,000 元', () => {
  expect(fenFromYuan('')).toBe(0);
  expect(fenFromYuan('5000')).toBe(500_000);
  expect(fenFromYuan('5000.5')).toBe(500_050);
  expect(fenFromYuan('0.01')).toBe(1);
  expect(fenFromYuan('1,200')).toBe(120_000);
  expect(fenFromYuan('19.999')).toBeNull();
  expect(fenFromYuan('-1')).toBeNull();
  expect(fenFromYuan('1e3')).toBeNull();
  expect(fenFromYuan('1000000')).toBe(100_000_000);
  expect(fenFromYuan('1000000.01')).toBeNull();
  expect(yuanFromFen(500_000)).toBe('5000');
  expect(yuanFromFen(500_050)).toBe('5000.50');
  expect(yuanFromFen(7)).toBe('0.07');
  expect(yuanText(1_234_567)).toBe('12,345.67 元');
});

test('a new program: the subsidy typed in 元 is sent in 分; rules with their parameters; dates as picked', () => {
  let f = filled({ subsidyOn: true, subsidyYuan: '8000.50', subsidyHours: '40', quotaPerYear: '5', revokePenalty: 'min', revokeFineYuan: '10000' });
  f = rule(f, 'training_hours', { hours: '8' });
  f = rule(f, 'risk_grade', { grades: ['A', 'B'] });
  f = rule(f, 'category', { categories: ['rice_flour', 'pastry'] });
  const { body, errors } = programBody(f, 'create');
  expect(errors).toEqual([]);
  expect(body).toMatchObject({
    name: '柳州市非遗传承人工作室', kind: 'heritage_studio', region: '4502', quota: { perYear: 5, scope: 'program' },
    applyFrom: '2026-12-01', applyUntil: '2026-12-31', materials: [{ code: 'm1', label: '申报表', required: true }],
    rules: [{ kind: 'registered' }, { kind: 'no_penalty', months: 24 }, { kind: 'risk_grade', grades: ['A', 'B'] }, { kind: 'training_hours', hours: 8 }, { kind: 'category', categories: ['rice_flour', 'pastry'] }],
    reviewSteps: ['材料审查', '现场评审', '集体审议'], minScores: 1, noticeDays: 5, validityYears: 3,
    subsidy: { fenPerYear: 800_050, requiredHours: 40 }, revokeOn: { penaltyMinFineFen: 1_000_000, failedSampleItems: [] }, active: true,
  });
  // Without a subsidy: null; sample items listed; a penalty that never flags: null.
  const plain = programBody(filled({ revokePenalty: 'none', revokeSample: 'items', revokeItems: '铅、苯甲酸, 菌落总数' }), 'create').body!;
  expect(plain).toMatchObject({ subsidy: null, revokeOn: { penaltyMinFineFen: null, failedSampleItems: ['铅', '苯甲酸', '菌落总数'] } });
});

test('what is missing or wrong is listed in Chinese, in the order of the form', () => {
  const empty: ProgramForm = { ...emptyProgramForm(null, '2026-12-01'), applyFrom: '', applyUntil: '', quotaPerYear: '', reviewSteps: '', materials: [{ code: 'm1', label: '', required: true }] };
  expect(programBody(empty, 'create').errors).toEqual([
    '请填写项目名称', '请选择项目类别', '请选择发布区域（省、市或区县）', '每年名额须为 1–10000 的整数', '请选择申报开始日期', '请选择申报截止日期',
    '第1项申报材料请填写名称', '请至少填写一个评审环节（即评分表的评分项）',
  ]);
  let f = filled({ applyFrom: '2026-12-10', applyUntil: '2026-12-01', noticeDays: '31', validityYears: '0', minScores: 'x' });
  f = rule(f, 'no_penalty', { months: '0' });
  f = rule(f, 'risk_grade', { grades: [] });
  f = rule(f, 'training_hours', { hours: '2.3' });
  f = rule(f, 'category', { categories: [] });
  f = rule(f, 'years_in_business', { years: '' });
  f = rule(f, 'self_check', { days: '400' });
  expect(programBody(f, 'create').errors).toEqual([
    '申报截止日期不能早于开始日期', '“近期无行政处罚”请填写 1–120 的月数', '“风险等级”请至少选择一个等级', '“培训学时”请填写 0.5–200 的学时（0.5 的倍数）',
    '“生产类别”请至少选择一个类别', '“从业年限”请填写 1–100 的年数', '“近期自查”请填写 1–366 的天数',
    '批准前至少打分人数须为 0–20 的整数', '公示期须为 0–30 个工作日', '称号有效期须为 1–20 年',
  ]);
  expect(programBody(filled({ subsidyOn: true, subsidyYuan: '12.345', subsidyHours: '' }), 'create').errors).toEqual([
    '带徒补贴请填写每年金额（元，最多两位小数）', '带徒补贴请填写全额所需的年度授徒学时（0–2000）',
  ]);
  expect(programBody(filled({ revokePenalty: 'min', revokeFineYuan: 'abc', revokeSample: 'items', revokeItems: ' 、 ' }), 'create').errors).toEqual([
    '触发复核的罚款金额请填写元（最多两位小数）', '请填写触发复核的抽检项目（如 铅、苯甲酸）',
  ]);
  // The shared schema has the last word (its own Chinese message).
  expect(programBody(filled({ badge: '徽'.repeat(21) }), 'create').errors.length).toBe(1);
});

test('editing: a stored program comes back into the form, and the edit body leaves kind and region out', () => {
  const stored: ProgramView = {
    id: 'p1', name: '广西非遗代表性传承人', kind: 'heritage_inheritor', kindLabel: '非遗代表性传承人', description: '说明', badge: '非遗传承人',
    region: { code: '45', name: '广西壮族自治区' }, level: 'province', levelLabel: '省级', issuer: '广西壮族自治区市场监督管理局',
    quota: { perYear: 20, scope: 'program', scopeLabel: '全区域合计' }, applyFrom: '2026-01-01', applyUntil: '2026-12-31', open: true,
    materials: [{ code: 'photos', label: '技艺照片', required: false }],
    rules: [{ kind: 'years_in_business', label: '从业年限', summary: '从业满10年', params: { years: 10 } }, { kind: 'risk_grade', label: '风险等级', summary: '', params: { grades: ['A'] } }],
    reviewSteps: ['材料审查', '专家评审'], minScores: 2, noticeDays: 7, validityYears: 5,
    subsidy: { fenPerYear: 500_000, requiredHours: 20, label: '5000.00元/年' }, revokeOn: { penaltyMinFineFen: 200_000, failedSampleItems: null }, active: true,
  };
  const f = programFormOf(stored);
  expect(f).toMatchObject({ subsidyOn: true, subsidyYuan: '5000', subsidyHours: '20', revokePenalty: 'min', revokeFineYuan: '2000', revokeSample: 'none', reviewSteps: '材料审查、专家评审' });
  expect(f.rules.filter((r) => r.on).map((r) => r.kind)).toEqual(['risk_grade', 'years_in_business']);
  const { body, errors } = programBody(f, 'edit');
  expect(errors).toEqual([]);
  expect(body).not.toHaveProperty('kind');
  expect(body).not.toHaveProperty('region');
  expect(body).toMatchObject({
    materials: [{ code: 'photos', label: '技艺照片', required: false }], rules: [{ kind: 'risk_grade', grades: ['A'] }, { kind: 'years_in_business', years: 10 }],
    subsidy: { fenPerYear: 500_000, requiredHours: 20 }, revokeOn: { penaltyMinFineFen: 200_000, failedSampleItems: null }, minScores: 2, noticeDays: 7, validityYears: 5,
  });
  // A new material gets a code no other line has.
  expect(newMaterial([{ code: 'm2', label: 'a', required: true }, { code: 'photos', label: 'b', required: true }]).code).toBe('m3');
  expect(newMaterial([{ code: 'm2', label: 'a', required: true }]).code).toBe('m3');
});
