// Admin screens (issue 15 point 4): staff accounts of my region and the audit trail (操作记录).
import '../zod';
import { z } from 'zod';
import { AUDIT_KIND_CODES } from '../domain/audit';
import { ExistingRegion, IsoDate, ObjectId, Page, RegionCode } from './common';

const RegionView = z.object({ code: z.string(), name: z.string() });

export const StaffRoleEnum = z.enum(['trainer', 'inspector', 'admin']);

export const StaffAccountsQuery = Page.extend({
  role: StaffRoleEnum.optional().meta({ description: '只列出该角色' }),
  region: RegionCode.optional().meta({ description: '只列出该区域（须在本人管辖区域内；默认本人区域）' }),
});

export const StaffAccountView = z
  .object({
    id: z.string(),
    name: z.string(),
    role: StaffRoleEnum.meta({ description: '最高的工作人员角色' }),
    roleLabel: z.string(),
    region: RegionView,
    disabled: z.boolean(),
    webSignIn: z.boolean().meta({ description: '已设置网页登录账号和密码' }),
    lastLoginAt: z.string().nullable(),
    manageable: z.boolean().meta({ description: '本人可以停用、恢复或调整其区域（本人和同级管理员不可）' }),
  })
  .meta({ id: 'StaffAccount' });
export type StaffAccountView = z.infer<typeof StaffAccountView>;

export const StaffAccountList = z
  .object({ data: z.array(StaffAccountView), page: z.number(), pageSize: z.number(), total: z.number() })
  .meta({ id: 'StaffAccountList' });

export const StaffAccountParams = z.strictObject({ id: ObjectId });
export const ChangeStaffRegionBody = z
  .strictObject({ region: ExistingRegion.meta({ description: '新的管辖区域（须在本人管辖区域内；管理员须低于本人一级或以下）' }) })
  .meta({ id: 'ChangeStaffRegionBody' });
export const StaffAccountResponse = z.object({ data: StaffAccountView }).meta({ id: 'StaffAccountResponse' });

export const AuditKindEnum = z.enum(AUDIT_KIND_CODES as [string, ...string[]]).meta({ description: '操作类别' });

export const AuditQuery = Page.extend({
  kind: AuditKindEnum.optional(),
  from: IsoDate.optional().meta({ description: '起始日期（含，北京时间）' }),
  to: IsoDate.optional().meta({ description: '截止日期（含，北京时间）' }),
});

export const AuditEventView = z
  .object({
    id: z.string(),
    at: z.string().meta({ description: '操作时间（ISO，精确到秒）' }),
    kind: AuditKindEnum,
    kindLabel: z.string(),
    action: z.string(),
    actor: z.object({ id: z.string().nullable(), name: z.string(), role: z.string() }),
    what: z.string().meta({ description: '做了什么（中文）' }),
    target: z.string().meta({ description: '对象（中文）' }),
    details: z.string().nullable().meta({ description: '变化（中文），如“新增：酸笋”' }),
    region: RegionView.nullable(),
  })
  .meta({ id: 'AuditEvent' });
export type AuditEventView = z.infer<typeof AuditEventView>;

export const AuditList = z
  .object({ data: z.array(AuditEventView), page: z.number(), pageSize: z.number(), total: z.number() })
  .meta({ id: 'AuditEventList' });
