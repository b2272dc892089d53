import '../zod';
import { z } from 'zod';
import { REGIONAL_ROLES, ROLES } from '../domain/roles';
import { ExistingRegion, Text } from './common';

export const RoleEnum = z.enum(ROLES);

export const WechatLoginBody = z
  .strictObject({ code: z.string().trim().min(1).max(128).regex(/^[\x21-\x7e]+$/, '登录凭证格式有误，请重新登录') })
  .meta({ id: 'WechatLoginBody' });

export const DevLoginBody = z
  .strictObject({
    role: RoleEnum,
    region: ExistingRegion.optional(),
    name: Text(30).optional(),
  })
  .refine((b) => b.region !== undefined || !REGIONAL_ROLES.includes(b.role), { path: ['region'], message: '监管人员、管理员和培训讲师需要选择所在区域' })
  .meta({ id: 'DevLoginBody', description: 'role 为 inspector 或 admin 时须填写 region（管辖区域）' });

export const UserView = z
  .object({
    id: z.string(),
    name: z.string(),
    roles: z.array(RoleEnum),
    region: z.object({ code: z.string(), name: z.string() }).nullable(),
    phone: z.string().nullable().meta({ description: '脱敏手机号' }),
  })
  .meta({ id: 'User' });
export type UserView = z.infer<typeof UserView>;

export const SessionResponse = z
  .object({ token: z.string(), expiresAt: z.string(), user: UserView })
  .meta({ id: 'Session' });
export type SessionResponse = z.infer<typeof SessionResponse>;

export const MeResponse = z.object({ user: UserView }).meta({ id: 'MeResponse' });

export const CreateStaffInviteBody = z
  .strictObject({
    name: Text(30),
    role: z.enum(['trainer', 'inspector', 'admin']),
    region: ExistingRegion,
  })
  .meta({ id: 'CreateStaffInviteBody' });

export const StaffInviteResponse = z
  .object({ code: z.string(), role: RoleEnum, region: z.string(), name: z.string(), expiresAt: z.string() })
  .meta({ id: 'StaffInvite' });

export const RedeemInviteBody = z.strictObject({ code: z.string().trim().min(6).max(32).regex(/^[A-Za-z0-9]+$/, '邀请码只含字母和数字，请核对后重新输入') }).meta({ id: 'RedeemInviteBody' });

// --- web sign-in (H5 portal) ---------------------------------------------------------------------------
export const Phone = z.string().trim().regex(/^1[3-9]\d{9}$/, '请输入 11 位手机号');
export const SmsCode = z.string().trim().regex(/^\d{6}$/, '验证码为 6 位数字');
export const TotpCode = z.string().trim().regex(/^\d{6}$/, '动态验证码为 6 位数字');
export const StaffAccount = z.string().trim().toLowerCase().regex(/^[a-z][a-z0-9_.-]{3,31}$/, '登录账号为 4–32 位字母、数字或 _ . -，以字母开头');
const NO_CONTROL = /^[^\x00-\x1f\x7f]*$/;
const Secret = (empty: string) => z.string().min(1, empty).max(128, '密码最多 128 位').regex(NO_CONTROL, '密码不能含控制字符');
export const NewPassword = z.string().min(10, '密码至少 10 位').max(128, '密码最多 128 位').regex(NO_CONTROL, '密码不能含控制字符')
  .regex(/[A-Za-z]/, '密码须同时包含字母和数字').regex(/\d/, '密码须同时包含字母和数字');

export const SmsSendBody = z.strictObject({ phone: Phone }).meta({ id: 'SmsSendBody' });
export const SmsSentResponse = z
  .object({ expiresInSeconds: z.number().int(), resendAfterSeconds: z.number().int() })
  .meta({ id: 'SmsSent' });
export const SmsLoginBody = z.strictObject({ phone: Phone, code: SmsCode }).meta({ id: 'SmsLoginBody' });
export const BindPhoneBody = z.strictObject({ phone: Phone, code: SmsCode }).meta({ id: 'BindPhoneBody' });

export const StaffLoginBody = z
  .strictObject({
    account: z.string().trim().toLowerCase().min(1, '请输入登录账号').max(32).regex(/^[\x21-\x7e]+$/, '登录账号为字母、数字或 _ . -'),
    password: Secret('请输入密码'),
    code: TotpCode,
  })
  .meta({ id: 'StaffLoginBody' });

export const TotpSetupResponse = z
  .object({ secret: z.string().meta({ description: 'Base32 密钥（手动输入身份验证器）' }), uri: z.string().meta({ description: 'otpauth:// 地址（生成二维码）' }) })
  .meta({ id: 'TotpSetup' });
export const SetPasswordBody = z
  .strictObject({ account: StaffAccount.optional(), currentPassword: Secret('请输入当前密码').optional(), newPassword: NewPassword })
  .meta({ id: 'SetPasswordBody', description: '首次设置时填写 account；已有密码时须填写 currentPassword' });
export const EnrolTotpBody = z
  .strictObject({ currentCode: TotpCode.optional(), code: TotpCode })
  .meta({ id: 'EnrolTotpBody', description: 'code：新密钥生成的验证码；已绑定时须填写旧密钥的 currentCode' });
export const WebSignInView = z
  .object({ account: z.string().nullable(), password: z.boolean(), totp: z.boolean() })
  .meta({ id: 'WebSignIn' });

export const RedeemInviteWebBody = z
  .strictObject({
    code: RedeemInviteBody.shape.code,
    account: StaffAccount.optional(),
    password: NewPassword.optional(),
    totpCode: TotpCode.optional(),
  })
  .refine((b) => [b.account, b.password, b.totpCode].every((v) => v === undefined) || [b.account, b.password, b.totpCode].every((v) => v !== undefined),
    { path: ['account'], message: '设置网页登录须同时填写账号、密码和动态验证码' })
  .meta({ id: 'RedeemInviteWebBody', description: '可同时设置网页登录：account、password 与（先调用 /auth/staff/totp/setup 取得密钥后的）totpCode' });

export const WechatQrResponse = z
  .object({ url: z.string(), state: z.string(), expiresAt: z.string() })
  .meta({ id: 'WechatQr' });
export const WechatWebLoginBody = z
  .strictObject({ code: WechatLoginBody.shape.code, state: z.string().trim().regex(/^[A-Za-z0-9_-]{16,64}$/, '扫码登录已失效，请重新扫码') })
  .meta({ id: 'WechatWebLoginBody' });

export const StaffAccountStateResponse = z
  .object({ id: z.string(), disabled: z.boolean() })
  .meta({ id: 'StaffAccountState' });
