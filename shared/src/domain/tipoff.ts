// Tip-offs (举报黑作坊, 有奖举报; DOMAIN.md §3): what is reported, how a case moves, deadlines, rewards.
export const TIPOFF_KINDS = ['unlicensed', 'violation'] as const;
export type TipoffKind = (typeof TIPOFF_KINDS)[number];
export const TIPOFF_KIND_LABELS: Record<TipoffKind, string> = {
  unlicensed: '无证生产（黑作坊）',
  violation: '已登记作坊违法违规',
};

/** A case groups the reports about one site; every report follows its case's status. */
export const TIPOFF_STATUSES = ['submitted', 'accepted', 'declined', 'closed'] as const;
export type TipoffStatus = (typeof TIPOFF_STATUSES)[number];
export const TIPOFF_STATUS_LABELS: Record<TipoffStatus, string> = {
  submitted: '已提交，待受理',
  accepted: '已受理，核查中',
  declined: '不予受理',
  closed: '已办结',
};
export const TIPOFF_OPEN_STATUSES: readonly TipoffStatus[] = ['submitted', 'accepted'];

export const TIPOFF_RESULTS = ['confirmed', 'partly', 'unfounded'] as const;
export type TipoffResult = (typeof TIPOFF_RESULTS)[number];
export const TIPOFF_RESULT_LABELS: Record<TipoffResult, string> = { confirmed: '查实', partly: '部分查实', unfounded: '未查实' };

/** Working-day limits (DOMAIN.md §3): accept or decline ≤ 7 after submission, outcome ≤ 15 after acceptance. */
export const TIPOFF_ACCEPT_WORKING_DAYS = 7;
export const TIPOFF_CLOSE_WORKING_DAYS = 15;
/** One extension, with a reason, adds this many working days to the outcome deadline. */
export const TIPOFF_EXTENSION_WORKING_DAYS = 15;

/** Reports this close to an open case's place (metres, haversine) join that case. */
export const TIPOFF_GROUP_RADIUS_M = 100;
/** The same text about the same place from the same sender within this window is one report. */
export const TIPOFF_DUPLICATE_WINDOW_MIN = 10;
export const TIPOFF_MAX_MEDIA = 9;
export const TIPOFF_DESCRIPTION_MAX = 2000;

export const TIPOFF_CONSENT_TEXT =
  '我承诺所举报内容真实，了解捏造事实、诬告陷害需承担法律责任；同意监管部门为核查本举报处理所提交的信息。实名举报人的身份信息将严格保密。';

/** Reward levels (有奖举报). Amounts in fen; below 2,000 yuan so a transfer needs no real-name check. */
export const REWARD_LEVELS = {
  1: { label: '一级奖励', amountFen: 100_000, meaning: '查实重大违法行为或黑作坊窝点' },
  2: { label: '二级奖励', amountFen: 50_000, meaning: '查实无证生产经营' },
  3: { label: '三级奖励', amountFen: 20_000, meaning: '查实一般违法行为' },
  4: { label: '四级奖励', amountFen: 10_000, meaning: '部分查实，对监管有帮助' },
} as const;
export type RewardLevel = keyof typeof REWARD_LEVELS;
export const REWARD_LEVEL_CODES = [1, 2, 3, 4] as const;

/** confirming: a transfer bill waits for the payee to confirm it in the mini-program (wx.requestMerchantTransfer). */
export const REWARD_STATUSES = ['proposed', 'approved', 'rejected', 'paying', 'confirming', 'paid', 'failed'] as const;
export type RewardStatus = (typeof REWARD_STATUSES)[number];
export const REWARD_STATUS_LABELS: Record<RewardStatus, string> = {
  proposed: '已提出，待审批',
  approved: '已批准，待发放',
  rejected: '未获批准',
  paying: '发放中',
  confirming: '待确认收款',
  paid: '已发放',
  failed: '发放失败，待重试',
};

/** One payout attempt of a reward (a WeChat Pay transfer bill), as staff read it. */
export const PAYOUT_ATTEMPT_STATUS_LABELS: Record<string, string> = {
  pending: '提交中',
  accepted: '微信支付已受理',
  waiting: '待举报人确认收款',
  paid: '已到账',
  failed: '发放失败',
};
export const payoutAttemptLabel = (status: string) => PAYOUT_ATTEMPT_STATUS_LABELS[status] ?? '处理中';

export const yuan = (fen: number) => `${(fen / 100).toFixed(2)}元`;
