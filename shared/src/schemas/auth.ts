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
