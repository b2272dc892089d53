// Supervision records (DOMAIN.md §2): daily inspections, sampling, penalties and credit repair,
// and the regional KPI targets (seed 001).

export const INSPECTION_RESULTS = ['none', 'rectify', 'case'] as const;
export type InspectionResult = (typeof INSPECTION_RESULTS)[number];
export const INSPECTION_RESULT_LABELS: Record<InspectionResult, string> = { none: '未发现问题', rectify: '责令整改', case: '立案调查' };

/** none: nothing to fix; pending: waiting for the owner; submitted: owner reported, waiting for 复查; closed: 复查通过. */
export const RECTIFICATION_STATUSES = ['none', 'pending', 'submitted', 'closed'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];
export const RECTIFICATION_STATUS_LABELS: Record<RectificationStatus | 'overdue', string> = {
  none: '无需整改', pending: '整改中', submitted: '已提交整改，待复查', closed: '整改完成（复查通过）', overdue: '逾期未整改',
};

export const SAMPLE_RESULTS = ['pass', 'fail'] as const;
export type SampleResult = (typeof SAMPLE_RESULTS)[number];
export const SAMPLE_RESULT_LABELS: Record<SampleResult, string> = { pass: '合格', fail: '不合格' };
/** A failed sample opens a follow-up (后处理) that must be closed with the disposal. */
export const FOLLOW_UP_STATUSES = ['none', 'open', 'closed'] as const;
export const FOLLOW_UP_STATUS_LABELS = { none: '无需后处理', open: '后处理中', closed: '已完成后处理' } as const;
/** Working days to finish the disposal of a failed sample. */
export const SAMPLE_FOLLOW_UP_WORKING_DAYS = 10;

export const REPAIR_STATUSES = ['none', 'requested', 'approved', 'rejected'] as const;
export type RepairStatus = (typeof REPAIR_STATUSES)[number];
export const REPAIR_STATUS_LABELS: Record<RepairStatus, string> = { none: '未申请', requested: '信用修复审核中', approved: '已信用修复', rejected: '信用修复未通过' };
/**
 * A penalty stays on the public file at least its publicity period (公示期, set per decision); after it
 * the owner may apply for credit repair (信用修复). Without repair it leaves the file after the
 * statutory maximum of 3 years.
 */
export const PENALTY_MAX_PUBLIC_DAYS = 1095;

export const DRAW_STATUSES = ['committed', 'drawn'] as const;
export const DRAW_STATUS_LABELS = { committed: '已公布种子哈希，待抽取', drawn: '已抽取并公开' } as const;
/** Key areas (重点区域) get more checks (seed 001). */
export const KEY_AREAS = ['农贸集市', '城乡结合部', '校园周边', '城镇主次街道'] as const;

/** Regional KPI targets (seed 001). */
export const KPI_TARGETS = {
  registrationRate: 0.9,
  inspectionCoverage: 0.9,
  fileRate: 0.9,
  samplingCoverage: 0.6,
  failedFollowUp: 1,
  overdueItems: 0,
} as const;
/** 示范单位 per county (seed 001): about 10 in each county, at least 3 new ones a year. */
export const MODEL_UNIT_TARGETS = { perCounty: 10, perYear: 3 } as const;
export const KPI_LABELS = {
  registrationRate: '登记率',
  inspectionCoverage: '年度检查覆盖率',
  fileRate: '建档率',
  samplingCoverage: '抽检覆盖率',
  failedFollowUp: '不合格后处理率',
  overdueItems: '逾期事项',
  tipoffHandlingDays: '举报平均办理天数',
} as const;
