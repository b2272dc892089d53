// The program form (新建/修改项目): what it holds as typed, its checks with Chinese messages (then the shared
// schemas' own), and the body it sends: amounts typed in 元 are sent in 分.
import { CreateProgramBody, UpdateProgramBody } from '@shared/schemas/programs';
import { RULE_KINDS, type ProgramKind, type QuotaScope, type RuleKind } from '@shared/domain/programs';
import type { RiskGrade } from '@shared/domain/risk';
import type { CategoryCode } from '@shared/domain/categories';
import type { ProgramView } from './api';
import { fenFromYuan, yuanFromFen } from './money';

export interface RuleForm {
  kind: RuleKind;
  on: boolean;
  months: string; grades: RiskGrade[]; hours: string; categories: CategoryCode[]; years: string; days: string;
}
export interface MaterialForm { code: string; label: string; required: boolean }
export type RevokePenalty = 'any' | 'min' | 'none';
export type RevokeSample = 'any' | 'items' | 'none';

export interface ProgramForm {
  name: string; kind: ProgramKind | ''; description: string; badge: string;
  /** The issuing region (2, 4 or 6 digits) and its name. */
  region: string; regionName: string;
  quotaPerYear: string; quotaScope: QuotaScope;
  applyFrom: string; applyUntil: string;
  materials: MaterialForm[];
  rules: RuleForm[];
  /** Review steps separated by 、 ， , or new lines (the score sheet's criteria). */
  reviewSteps: string;
  minScores: string; noticeDays: string; validityYears: string;
  subsidyOn: boolean; subsidyYuan: string; subsidyHours: string;
  revokePenalty: RevokePenalty; revokeFineYuan: string;
  revokeSample: RevokeSample; revokeItems: string;
  active: boolean;
}

/** Every rule kind the code knows, off, with usual parameters ready for when it is switched on. */
const ruleDefaults = (kind: RuleKind): RuleForm => ({ kind, on: false, months: '24', grades: ['A', 'B'], hours: '8', categories: [], years: '1', days: '30' });

export function emptyProgramForm(region: { code: string; name: string } | null, today: string): ProgramForm {
  return {
    name: '', kind: '', description: '', badge: '', region: region?.code.slice(0, 6) ?? '', regionName: region?.name ?? '',
    quotaPerYear: '3', quotaScope: 'program', applyFrom: today, applyUntil: `${today.slice(0, 4)}-12-31`,
    materials: [{ code: 'm1', label: '申报表', required: true }],
    rules: RULE_KINDS.map((k) => ({ ...ruleDefaults(k), on: k === 'registered' || k === 'no_penalty' })),
    reviewSteps: '材料审查、现场评审、集体审议', minScores: '1', noticeDays: '5', validityYears: '3',
    subsidyOn: false, subsidyYuan: '', subsidyHours: '',
    revokePenalty: 'any', revokeFineYuan: '', revokeSample: 'any', revokeItems: '',
    active: true,
  };
}

/** The form of a stored program, for 修改项目. */
export function programFormOf(p: ProgramView): ProgramForm {
  const rules = RULE_KINDS.map((k) => {
    const r = p.rules.find((x) => x.kind === k);
    if (!r) return ruleDefaults(k);
    const d = ruleDefaults(k);
    return {
      ...d, on: true,
      months: r.params.months != null ? String(r.params.months) : d.months,
      grades: (r.params.grades as RiskGrade[] | undefined) ?? d.grades,
      hours: r.params.hours != null ? String(r.params.hours) : d.hours,
      categories: (r.params.categories as CategoryCode[] | undefined) ?? d.categories,
      years: r.params.years != null ? String(r.params.years) : d.years,
      days: r.params.days != null ? String(r.params.days) : d.days,
    };
  });
  const fine = p.revokeOn.penaltyMinFineFen;
  const items = p.revokeOn.failedSampleItems;
  return {
    name: p.name, kind: p.kind, description: p.description, badge: p.badge, region: p.region.code, regionName: p.region.name,
    quotaPerYear: String(p.quota.perYear), quotaScope: p.quota.scope, applyFrom: p.applyFrom, applyUntil: p.applyUntil,
    materials: p.materials.map((m) => ({ ...m })), rules,
    reviewSteps: p.reviewSteps.join('、'), minScores: String(p.minScores), noticeDays: String(p.noticeDays), validityYears: String(p.validityYears),
    subsidyOn: !!p.subsidy, subsidyYuan: p.subsidy ? yuanFromFen(p.subsidy.fenPerYear) : '', subsidyHours: p.subsidy ? String(p.subsidy.requiredHours) : '',
    revokePenalty: fine == null ? 'none' : fine === 0 ? 'any' : 'min', revokeFineYuan: fine ? yuanFromFen(fine) : '',
    revokeSample: items == null ? 'none' : items.length ? 'items' : 'any', revokeItems: (items ?? []).join('、'),
    active: p.active,
  };
}

/** A new material line with a code no other line has (codes are what applications refer to). */
export function newMaterial(list: readonly MaterialForm[]): MaterialForm {
  let n = list.length + 1;
  while (list.some((m) => m.code === `m${n}`)) n++;
  return { code: `m${n}`, label: '', required: true };
}

const splitList = (text: string) => text.split(/[、，,;；\n]+/).map((s) => s.trim()).filter(Boolean);
const intIn = (text: string, min: number, max: number) => {
  const t = text.trim();
  return /^\d+$/.test(t) && Number(t) >= min && Number(t) <= max ? Number(t) : null;
};
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const RULE_NAMES: Record<RuleKind, string> = {
  registered: '已登记', no_penalty: '近期无行政处罚', risk_grade: '风险等级', training_hours: '培训学时', category: '生产类别', years_in_business: '从业年限', self_check: '近期自查',
};

type Issues = { path: PropertyKey[]; message: string }[];
const messages = (issues: Issues) => [...new Set(issues.map((i) => i.message))];

/** The checks of the form, in the order of the form, and the body (create: all fields; edit: the editable ones). */
export function programBody(f: ProgramForm, mode: 'create' | 'edit'): { body: CreateProgramBody | UpdateProgramBody | null; errors: string[] } {
  const errors: string[] = [];
  const name = f.name.trim();
  if (!name) errors.push('请填写项目名称');
  else if (name.length > 60) errors.push('项目名称最多60字');
  if (mode === 'create' && !f.kind) errors.push('请选择项目类别');
  if (mode === 'create' && !/^\d{2}(\d{2}){0,2}$/.test(f.region)) errors.push('请选择发布区域（省、市或区县）');
  const perYear = intIn(f.quotaPerYear, 1, 10_000);
  if (perYear === null) errors.push('每年名额须为 1–10000 的整数');
  if (!DATE.test(f.applyFrom)) errors.push('请选择申报开始日期');
  if (!DATE.test(f.applyUntil)) errors.push('请选择申报截止日期');
  else if (DATE.test(f.applyFrom) && f.applyUntil < f.applyFrom) errors.push('申报截止日期不能早于开始日期');
  f.materials.forEach((m, i) => { if (!m.label.trim()) errors.push(`第${i + 1}项申报材料请填写名称`); });
  if (new Set(f.materials.map((m) => m.label.trim())).size !== f.materials.length && f.materials.every((m) => m.label.trim())) errors.push('申报材料名称不能重复');

  const rules: CreateProgramBody['rules'] = [];
  for (const r of f.rules.filter((x) => x.on)) {
    const label = `“${RULE_NAMES[r.kind]}”`;
    switch (r.kind) {
      case 'registered': rules.push({ kind: r.kind }); break;
      case 'no_penalty': {
        const months = intIn(r.months, 1, 120);
        if (months === null) errors.push(`${label}请填写 1–120 的月数`);
        else rules.push({ kind: r.kind, months });
        break;
      }
      case 'risk_grade':
        if (!r.grades.length) errors.push(`${label}请至少选择一个等级`);
        else rules.push({ kind: r.kind, grades: [...r.grades] });
        break;
      case 'training_hours': {
        const h = Number(r.hours.trim());
        if (!/^\d+(\.5|\.0)?$/.test(r.hours.trim()) || h < 0.5 || h > 200) errors.push(`${label}请填写 0.5–200 的学时（0.5 的倍数）`);
        else rules.push({ kind: r.kind, hours: h });
        break;
      }
      case 'category':
        if (!r.categories.length) errors.push(`${label}请至少选择一个类别`);
        else rules.push({ kind: r.kind, categories: [...r.categories] });
        break;
      case 'years_in_business': {
        const years = intIn(r.years, 1, 100);
        if (years === null) errors.push(`${label}请填写 1–100 的年数`);
        else rules.push({ kind: r.kind, years });
        break;
      }
      case 'self_check': {
        const days = intIn(r.days, 1, 366);
        if (days === null) errors.push(`${label}请填写 1–366 的天数`);
        else rules.push({ kind: r.kind, days });
        break;
      }
    }
  }

  const reviewSteps = splitList(f.reviewSteps);
  if (!reviewSteps.length) errors.push('请至少填写一个评审环节（即评分表的评分项）');
  else if (reviewSteps.length > 10) errors.push('评审环节最多10个');
  else if (reviewSteps.some((s) => s.length > 30)) errors.push('每个评审环节最多30字');
  const minScores = intIn(f.minScores, 0, 20);
  if (minScores === null) errors.push('批准前至少打分人数须为 0–20 的整数');
  const noticeDays = intIn(f.noticeDays, 0, 30);
  if (noticeDays === null) errors.push('公示期须为 0–30 个工作日');
  const validityYears = intIn(f.validityYears, 1, 20);
  if (validityYears === null) errors.push('称号有效期须为 1–20 年');

  let subsidy: CreateProgramBody['subsidy'] = null;
  if (f.subsidyOn) {
    const fen = fenFromYuan(f.subsidyYuan);
    const hours = Number(f.subsidyHours.trim());
    if (fen === null || !f.subsidyYuan.trim() || fen <= 0) errors.push('带徒补贴请填写每年金额（元，最多两位小数）');
    if (!f.subsidyHours.trim() || !Number.isFinite(hours) || hours < 0 || hours > 2000) errors.push('带徒补贴请填写全额所需的年度授徒学时（0–2000）');
    if (fen !== null && fen > 0 && Number.isFinite(hours) && hours >= 0 && hours <= 2000 && f.subsidyHours.trim()) subsidy = { fenPerYear: fen, requiredHours: hours };
  }

  let penaltyMinFineFen: number | null = f.revokePenalty === 'none' ? null : 0;
  if (f.revokePenalty === 'min') {
    const fen = fenFromYuan(f.revokeFineYuan);
    if (fen === null || !f.revokeFineYuan.trim() || fen <= 0) errors.push('触发复核的罚款金额请填写元（最多两位小数）');
    else penaltyMinFineFen = fen;
  }
  let failedSampleItems: string[] | null = f.revokeSample === 'none' ? null : [];
  if (f.revokeSample === 'items') {
    const items = splitList(f.revokeItems);
    if (!items.length) errors.push('请填写触发复核的抽检项目（如 铅、苯甲酸）');
    else failedSampleItems = items;
  }
  if (errors.length) return { body: null, errors };

  const common = {
    name, description: f.description.trim(), ...(f.badge.trim() ? { badge: f.badge.trim() } : {}),
    quota: { perYear: perYear!, scope: f.quotaScope }, applyFrom: f.applyFrom, applyUntil: f.applyUntil,
    materials: f.materials.map((m) => ({ code: m.code, label: m.label.trim(), required: m.required })),
    rules, reviewSteps, minScores: minScores!, noticeDays: noticeDays!, validityYears: validityYears!, subsidy,
    revokeOn: { penaltyMinFineFen, failedSampleItems }, active: f.active,
  };
  const parsed = mode === 'create'
    ? CreateProgramBody.safeParse({ ...common, kind: f.kind, region: f.region })
    : UpdateProgramBody.safeParse(common);
  return parsed.success ? { body: parsed.data, errors: [] } : { body: null, errors: messages(parsed.error.issues) };
}
