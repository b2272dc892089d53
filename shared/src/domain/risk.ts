// Risk grades (风险分级) and what they mean for the public and for inspection frequency (DOMAIN.md §2).
export const RISK_GRADES = ['A', 'B', 'C', 'D'] as const;
export type RiskGrade = (typeof RISK_GRADES)[number];

export const RISK_GRADE_INFO: Record<RiskGrade, { label: string; meaning: string; inspectionsPerYear: [number, number] }> = {
  A: { label: 'A级（低风险）', meaning: '近两年无不合格抽检和处罚，检查情况良好', inspectionsPerYear: [1, 1] },
  B: { label: 'B级（较低风险）', meaning: '总体良好，个别项目需要改进', inspectionsPerYear: [1, 2] },
  C: { label: 'C级（较高风险）', meaning: '存在不合格抽检、处罚或较多检查问题', inspectionsPerYear: [2, 3] },
  D: { label: 'D级（高风险）', meaning: '问题较多或性质严重，重点监管', inspectionsPerYear: [3, 4] },
};

export const CERTIFICATE_STATUS_LABELS = {
  valid: '有效',
  expired: '已过期',
  revoked: '已撤销',
  cancelled: '已注销',
} as const;

export const WORKSHOP_STATUS_LABELS = {
  registered: '已登记',
  unlicensed: '无证黑作坊（已查实）',
  cancelled: '已注销',
} as const;
