// The audit trail (操作记录) in words: each event's kind (the part of the action before the dot) and what
// an action means, for the admins' 操作记录 page and its filter.
export const AUDIT_KINDS = {
  negative_list: '禁止生产食品目录',
  staff: '人员与账号',
  calendar: '节假日日历',
  auth: '登录与安全',
  registration: '登记审查',
  inspection: '日常检查',
  sample: '监督抽检',
  penalty: '行政处罚',
  self_check: '业主自查',
  tipoff: '举报处理',
  draw: '双随机抽查',
  training: '培训',
  program: '项目申报',
  award: '项目奖项',
  workshop: '作坊档案',
  other: '其他',
} as const;
export type AuditKind = keyof typeof AUDIT_KINDS;
export const AUDIT_KIND_CODES = Object.keys(AUDIT_KINDS) as AuditKind[];

/** The kind of an action ("staff.account_disabled" → "staff"); unknown prefixes are "other". */
export function auditKindOf(action: string): AuditKind {
  const prefix = action.split('.')[0];
  return prefix in AUDIT_KINDS ? (prefix as AuditKind) : 'other';
}

/** What an action did, as a verb phrase ("停用了工作人员账号"); actions not listed fall back to the kind. */
export const AUDIT_ACTIONS: Record<string, string> = {
  'negative_list.updated': '修改了禁止生产食品目录',
  'staff.invite_created': '创建了工作人员邀请码',
  'staff.invite_redeemed': '使用邀请码成为工作人员',
  'staff.invite_locked': '邀请码因多次输错被锁定',
  'staff.account_disabled': '停用了工作人员账号',
  'staff.account_enabled': '恢复了工作人员账号',
  'staff.region_changed': '调整了工作人员的管辖区域',
  'calendar.year_saved': '修改了节假日安排',
  'auth.staff_login': '网页登录',
  'auth.staff_locked': '账号因多次输错密码或动态验证码被暂时锁定',
  'auth.password_set': '设置了网页登录密码',
  'auth.totp_enrolled': '绑定了动态验证码',
  'auth.phone_joined': '合并了手机号账号',
  'registration.accepted': '受理了登记申请',
  'registration.correction_requested': '要求补正登记申请',
  'registration.site_check_scheduled': '安排了现场核查',
  'registration.site_check_recorded': '录入了现场核查结果',
  'registration.approved': '准予登记',
  'registration.rejected': '不予登记',
  'registration.escalated': '登记申请超期，已提醒上级',
  'registration.submitted': '提交了登记申请',
  'registration.withdrawn': '撤回了登记申请',
  'inspection.recorded': '录入了日常检查',
  'inspection.rectification_reviewed': '复查了整改情况',
  'sample.recorded': '录入了抽检结果',
  'sample.follow_up_closed': '完成了不合格抽检的后处理',
  'penalty.recorded': '录入了行政处罚',
  'tipoff.accepted': '受理了举报',
  'tipoff.declined': '不予受理举报',
  'tipoff.closed': '办结了举报',
  'tipoff.extended': '延长了举报核查期限',
  'tipoff.reporter_viewed': '查看了举报人身份',
  'tipoff.reward_proposed': '提出了举报奖励',
  'tipoff.reward_approved': '批准了举报奖励',
  'tipoff.reward_rejected': '不批准举报奖励',
  'draw.created': '发布了双随机抽查任务',
  'draw.drawn': '执行了双随机抽取',
  'program.created': '创建了申报项目',
  'program.updated': '修改了申报项目',
  'program.approved': '通过了项目申报',
  'program.rejected': '未通过项目申报',
  'award.revoked': '撤销了项目奖项',
};

export function auditActionText(action: string): string {
  return AUDIT_ACTIONS[action] ?? `${AUDIT_KINDS[auditKindOf(action)]}：${action}`;
}
