// Heritage and brand programs (DOMAIN.md §5, issue 14): a bureau defines a program with eligibility rules,
// owners apply, reviewers score, the approved list goes to public notice (公示), then awards are granted and
// shown as badges on the public credit file; a serious violation flags an award and an admin may revoke it.

export const PROGRAM_KINDS = [
  'heritage_item', 'heritage_inheritor', 'heritage_studio', 'model_unit', 'famous_specialty', 'time_honored',
  'outstanding', 'sunshine', 'five_s', 'culture_tourism', 'common_prosperity', 'local_brand',
] as const;
export type ProgramKind = (typeof PROGRAM_KINDS)[number];
export const PROGRAM_KIND_LABELS: Record<ProgramKind, string> = {
  heritage_item: '非遗代表性项目',
  heritage_inheritor: '非遗代表性传承人',
  heritage_studio: '非遗传承人工作室',
  model_unit: '食品小作坊示范单位',
  famous_specialty: '名特优食品作坊',
  time_honored: '老字号',
  outstanding: '出彩小作坊',
  sunshine: '阳光作坊',
  five_s: '5S作坊',
  culture_tourism: '文旅作坊',
  common_prosperity: '共富作坊',
  local_brand: '地方特色品牌',
};
/** Kinds of the heritage family: a story page on the portal; inheritors record teaching for the subsidy. */
export const HERITAGE_KINDS: readonly ProgramKind[] = ['heritage_item', 'heritage_inheritor', 'heritage_studio'];
export const TEACHING_KINDS: readonly ProgramKind[] = ['heritage_inheritor', 'heritage_studio'];

/** The issuing level follows from the issuing region's code: 2 digits province, 4 city, 6 county. */
export const PROGRAM_LEVELS = ['province', 'city', 'county'] as const;
export type ProgramLevel = (typeof PROGRAM_LEVELS)[number];
export const PROGRAM_LEVEL_LABELS: Record<ProgramLevel, string> = { province: '省级', city: '市级', county: '县级' };
export const levelOfRegion = (code: string): ProgramLevel => (code.length <= 2 ? 'province' : code.length <= 4 ? 'city' : 'county');

/** Whose places the yearly quota counts: the whole program, or each county of its region (示范单位: 3 per county a year). */
export const QUOTA_SCOPES = ['program', 'county'] as const;
export type QuotaScope = (typeof QUOTA_SCOPES)[number];
export const QUOTA_SCOPE_LABELS: Record<QuotaScope, string> = { program: '全区域合计', county: '每个区县' };

// --- eligibility rules: the set the code knows --------------------------------------------------------

export const RULE_KINDS = ['registered', 'no_penalty', 'risk_grade', 'training_hours', 'category', 'years_in_business', 'self_check'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export const RULE_KIND_LABELS: Record<RuleKind, string> = {
  registered: '已登记且登记证有效',
  no_penalty: '近期无行政处罚',
  risk_grade: '风险等级',
  training_hours: '近12个月培训学时',
  category: '生产类别',
  years_in_business: '从业年限',
  self_check: '近期完成自查',
};
/** What the owner can do about a failed rule, so the app links to the right page. */
export const RULE_ACTIONS = ['registration', 'credit', 'training', 'selfCheck', 'none'] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];
export const RULE_ACTION_OF: Record<RuleKind, RuleAction> = {
  registered: 'registration', no_penalty: 'credit', risk_grade: 'none', training_hours: 'training', category: 'none', years_in_business: 'none', self_check: 'selfCheck',
};

/** A rule as a program stores it: its kind and parameters (which parameters each kind reads: ruleSummary). */
export interface ProgramRule {
  kind: RuleKind;
  months?: number;
  grades?: string[];
  hours?: number;
  categories?: string[];
  years?: number;
  days?: number;
}

/** One line a person reads: what the rule asks. Pure. */
export function ruleSummary(r: ProgramRule, categoryName: (code: string) => string = (c) => c): string {
  switch (r.kind) {
    case 'registered': return '已取得食品小作坊登记证且在有效期内';
    case 'no_penalty': return `近${r.months ?? 24}个月内无行政处罚`;
    case 'risk_grade': return `风险等级为 ${(r.grades ?? []).join('/')} 级`;
    case 'training_hours': return `近12个月参加食品安全培训不少于${r.hours ?? 0}学时`;
    case 'category': return `生产类别为${(r.categories ?? []).map(categoryName).join('、')}之一`;
    case 'years_in_business': return `从业（登记）满${r.years ?? 0}年`;
    case 'self_check': return `近${r.days ?? 30}天内完成一次自查`;
  }
}

// --- applications --------------------------------------------------------------------------------------

/**
 * submitted: waiting for review; under_review: a reviewer scored or asked; in_notice: approved, on public
 * notice (公示) — the award waits for the end of the notice and for every objection to be handled;
 * awarded: the award is granted; rejected: refused (also an objection upheld during the notice);
 * withdrawn: by the applicant before a decision.
 */
export const APPLICATION_STATUSES = ['submitted', 'under_review', 'in_notice', 'awarded', 'rejected', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  submitted: '已提交，待评审',
  under_review: '评审中',
  in_notice: '已通过评审，公示中',
  awarded: '已授予',
  rejected: '未通过',
  withdrawn: '已撤回',
};
/** Applications that hold the workshop's one application per program and year. */
export const LIVE_APPLICATION_STATUSES: readonly ApplicationStatus[] = ['submitted', 'under_review', 'in_notice', 'awarded', 'rejected'];

export const APPLICATION_ACTIONS = ['score', 'question', 'answer', 'approve', 'reject', 'withdraw', 'rejectInNotice', 'grant'] as const;
export type ApplicationAction = (typeof APPLICATION_ACTIONS)[number];
/** From which statuses each action moves an application, and to which (null: the status stays). */
export const APPLICATION_TRANSITIONS: Record<ApplicationAction, { from: readonly ApplicationStatus[]; to: ApplicationStatus | null }> = {
  score: { from: ['submitted', 'under_review'], to: 'under_review' },
  question: { from: ['submitted', 'under_review'], to: 'under_review' },
  answer: { from: ['submitted', 'under_review'], to: null },
  approve: { from: ['submitted', 'under_review'], to: 'in_notice' },
  reject: { from: ['submitted', 'under_review'], to: 'rejected' },
  withdraw: { from: ['submitted', 'under_review'], to: 'withdrawn' },
  rejectInNotice: { from: ['in_notice'], to: 'rejected' },
  grant: { from: ['in_notice'], to: 'awarded' },
};
export const canDoApplication = (action: ApplicationAction, status: string) => (APPLICATION_TRANSITIONS[action].from as readonly string[]).includes(status);

export const OBJECTION_STATUSES = ['open', 'dismissed', 'upheld'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];
export const OBJECTION_STATUS_LABELS: Record<ObjectionStatus, string> = { open: '待处理', dismissed: '异议不成立', upheld: '异议成立' };

// --- awards ------------------------------------------------------------------------------------------

/**
 * active: the badge shows; flagged: a serious violation is under review (the badge still shows); revoked by
 * an admin; expired: past its validity (a new application renews it).
 */
export const AWARD_STATUSES = ['active', 'flagged', 'revoked', 'expired'] as const;
export type AwardStatus = (typeof AWARD_STATUSES)[number];
export const AWARD_STATUS_LABELS: Record<AwardStatus, string> = { active: '有效', flagged: '违法违规待复核', revoked: '已撤销', expired: '已到期' };
export const SHOWN_AWARD_STATUSES: readonly AwardStatus[] = ['active', 'flagged'];

/**
 * The yearly apprenticeship subsidy (seed 001: 每年对代表性传承人传艺授徒给予相应补贴): in proportion to the
 * teaching hours recorded in the year, the full amount from `requiredHours` on. Pure; integer fen.
 */
export function subsidyDueFen(fenPerYear: number, requiredHours: number, hours: number): number {
  if (fenPerYear <= 0 || hours <= 0) return 0;
  if (requiredHours <= 0 || hours >= requiredHours) return fenPerYear;
  return Math.floor((fenPerYear * hours) / requiredHours);
}

export const fenToYuanText = (fen: number) => `${(fen / 100).toFixed(2)}元`;
