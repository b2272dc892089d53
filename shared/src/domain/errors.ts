// Stable error codes with the Chinese message a person sees. The server answers
// { error: { code, message, details } }; the app shows `message` (or its own text for a code).
export const ERROR_MESSAGES = {
  'request.invalid': '填写的内容有误，请检查后再试',
  'request.malformed_json': '请求格式错误',
  'request.too_large': '提交的内容过大',
  'request.unsupported_media_type': '不支持的内容类型',
  'auth.required': '请先登录',
  'auth.token_invalid': '登录信息无效，请重新登录',
  'auth.token_expired': '登录已过期，请重新登录',
  'auth.wechat_code_invalid': '微信登录凭证无效或已使用，请重新登录',
  'auth.wechat_unavailable': '微信服务暂时不可用，请稍后再试',
  'auth.forbidden': '您没有权限进行此操作',
  'auth.out_of_region': '该事项不在您的管辖区域内',
  'auth.account_disabled': '账号已停用，请联系管理员',
  'staff.invite_invalid': '邀请码无效或已过期',
  'staff.role_not_grantable': '不能授予该角色或区域',
  'region.not_found': '未找到该行政区划',
  'calendar.year_unknown': '该年度的法定节假日安排尚未公布，请管理员维护',
  'file.too_large': '文件过大',
  'file.type_not_allowed': '文件类型不支持',
  'file.not_found': '文件不存在',
  'rate.limited': '操作过于频繁，请稍后再试',
  'resource.not_found': '未找到相关内容',
  'route.not_found': '页面或接口不存在',
  'state.conflict': '当前状态不允许此操作',
  'server.error': '系统繁忙，请稍后再试',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;
