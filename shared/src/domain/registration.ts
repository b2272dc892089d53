// Registration "一次不跑" (DOMAIN.md §1): states, deadlines and what a complete application holds.
import { CHECKLIST_ITEMS } from './categories';
export const REGISTRATION_KINDS = ['new', 'renewal', 'change', 'cancellation'] as const;
export type RegistrationKind = (typeof REGISTRATION_KINDS)[number];
export const REGISTRATION_KIND_LABELS: Record<RegistrationKind, string> = {
  new: '登记（证照联办）',
  renewal: '延续',
  change: '变更',
  cancellation: '注销',
};

export const REGISTRATION_STATUSES = ['draft', 'submitted', 'correction', 'accepted', 'site_check', 'approved', 'rejected', 'withdrawn'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
export const REGISTRATION_STATUS_LABELS: Record<RegistrationStatus, string> = {
  draft: '草稿',
  submitted: '已提交，待受理',
  correction: '需补正',
  accepted: '已受理，待现场核查',
  site_check: '现场核查',
  approved: '准予登记',
  rejected: '不予登记',
  withdrawn: '已撤回',
};

/** Working-day limits (seed 002, Zhoushan): acceptance ≤ 5 after submission, site check ≤ 2 after acceptance. */
export const ACCEPT_WORKING_DAYS = 5;
export const SITE_CHECK_WORKING_DAYS = 2;
/** Decision after the site check (and for renewal/change/cancellation after acceptance). */
export const DECISION_WORKING_DAYS = 5;
export const CERTIFICATE_YEARS = 3;

const SHANGHAI_MS = 8 * 3600_000;
/**
 * The last instant of a certificate's validity: CERTIFICATE_YEARS years in China's calendar days, the day of
 * `from` counted, so the end date is from + 3 years − 1 day (issued 2026-12-01 → valid to 2029-11-30), and the
 * certificate is valid through 23:59:59.999 China time (UTC+8) of that day. Counted as the civil code counts
 * periods in years (民法典 第二百零一条、第二百零三条: the period runs from the day after the day before
 * `from`, and ends on the corresponding day, or on the month's last day where there is none: a start on
 * 29 February ends on 28 February, a start on 1 March after a leap day on the last day of February).
 * `from`: the instant validity starts (a decision, or the instant after the current end for a renewal).
 * Returns a UTC Date. Rule: 登记证有效期三年 (DOMAIN.md §2).
 */
export function certificateEnd(from: Date, years = CERTIFICATE_YEARS): Date {
  const before = new Date(from.getTime() + SHANGHAI_MS - 86400_000); // the day before, China's calendar in UTC fields
  const y = before.getUTCFullYear() + years;
  const m = before.getUTCMonth();
  const day = Math.min(before.getUTCDate(), new Date(Date.UTC(y, m + 1, 0)).getUTCDate());
  return new Date(Date.UTC(y, m, day + 1) - 1 - SHANGHAI_MS);
}
export const RENEWAL_WINDOW_DAYS = 30;
export const MIN_SITE_INSPECTORS = 2;

export const DEADLINE_STEP_LABELS = { accept: '受理', site_check: '现场核查', decision: '审批决定' } as const;
export type DeadlineStep = keyof typeof DEADLINE_STEP_LABELS;

/** The fields a reviewer can ask to be corrected, with the name an owner understands. */
export const CORRECTABLE_FIELDS = {
  applicant: '申请人信息',
  workshop: '作坊基本信息',
  products: '生产品种',
  premises: '场所照片及平面图',
  equipment: '生产设备',
  staff: '从业人员及健康证',
  commitment: '食品安全承诺书',
  licence: '个体工商户营业执照信息',
} as const;
export type CorrectableField = keyof typeof CORRECTABLE_FIELDS;
export const CORRECTABLE_FIELD_CODES = Object.keys(CORRECTABLE_FIELDS) as [CorrectableField, ...CorrectableField[]];

export const COMMITMENT_TEXT =
  '本人承诺：所提交材料真实、有效；严格遵守《中华人民共和国食品安全法》及本省食品小作坊管理规定，'
  + '不生产禁止生产的食品，不使用非食用物质和超范围、超限量使用食品添加剂；从业人员持有效健康证明上岗；'
  + '建立并落实进货查验、生产过程控制和出厂检验等自查制度；接受监管部门和社会监督，如有违反，愿承担相应法律责任。';

export const APPEAL_NOTICE_DEFAULT = '如对本决定不服，可以自收到本决定之日起六十日内依法申请行政复议，或者在六个月内依法提起行政诉讼。';

// --- the status machine, one copy for the server's checks and the review screen's buttons -----------

/** Applications still being handled: a workshop has at most one open at a time; the review queue's default. */
export const OPEN_STATUSES: RegistrationStatus[] = ['submitted', 'correction', 'accepted', 'site_check'];

/** An owner may save and submit while the application is a draft or being corrected. */
export const EDITABLE_STATUSES: readonly RegistrationStatus[] = ['draft', 'correction'];
export const isEditable = (status: string) => (EDITABLE_STATUSES as readonly string[]).includes(status);
/** The applicant may withdraw an application until it is accepted (受理): afterwards the office decides. */
export const WITHDRAWABLE_STATUSES: readonly RegistrationStatus[] = ['submitted', 'correction'];
export const canWithdraw = (status: string) => (WITHDRAWABLE_STATUSES as readonly string[]).includes(status);

/** A reviewer's actions, in the order the review screen offers them. */
export const REVIEW_ACTIONS = ['accept', 'schedule', 'siteCheck', 'approve', 'correction', 'reject'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

/** The statuses `action` moves an application of `kind` from (the filter of its conditional update). */
export function reviewFrom(action: ReviewAction, kind: string): RegistrationStatus[] {
  switch (action) {
    case 'accept': return ['submitted'];
    // Again while the check has no result (reviewActions): moved to another day or other inspectors.
    case 'schedule': return kind === 'new' ? ['accepted', 'site_check'] : [];
    case 'siteCheck': return kind === 'new' ? ['site_check'] : [];
    case 'approve': return kind === 'new' ? ['site_check'] : ['accepted'];
    case 'correction': return ['submitted', 'accepted'];
    case 'reject': return ['submitted', 'accepted', 'site_check'];
  }
}

export interface ReviewState { status: string; kind: string; siteCheck?: { result?: { passed: boolean } | null } | null }

/**
 * What a reviewer may do now: the status allows it, a site check is recorded once, and a new workshop is
 * approved only after a passed site check.
 */
export function reviewActions(r: ReviewState): ReviewAction[] {
  return REVIEW_ACTIONS.filter((a) => {
    if (!reviewFrom(a, r.kind).includes(r.status as RegistrationStatus)) return false;
    if (a === 'siteCheck' || (a === 'schedule' && r.status === 'site_check')) return !r.siteCheck?.result;
    if (a === 'approve' && r.kind === 'new') return !!r.siteCheck?.result?.passed;
    return true;
  });
}

/** The site-check rule: with an item 不符合 the verdict cannot be 通过. The problem in words, or null. */
export function siteCheckProblem(items: readonly { code: string; result: string }[], passed: boolean): string | null {
  if (!passed) return null;
  const failed = CHECKLIST_ITEMS.filter((c) => items.some((i) => i.code === c.code && i.result === 'fail')).map((c) => c.name);
  return failed.length ? `存在不符合项（${failed.join('、')}），不能判定为核查通过` : null;
}
