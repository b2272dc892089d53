import { z } from 'zod';
import { CreateStaffInviteBody, StaffInviteResponse } from '@shared/schemas/auth';
import {
  ChangeStaffRegionBody, StaffAccountList, StaffAccountParams, StaffAccountResponse, StaffAccountsQuery, type StaffAccountView,
} from '@shared/schemas/admin';
import { ROLE_LABELS } from '@shared/domain/roles';
import { RegionCode } from '@shared/schemas/common';
import { isWithinRegion } from '@shared/domain/region';
import type { ApiRouter } from '../../http/api';
import type { AppContext } from '../../http/types';
import { conflict, forbidden, notFound } from '../../errors';
import { UserModel, type User } from '../../models/User';
import type { Lean } from '../../models/lean';
import { authorize, can } from '../../policies';
import { regionScope } from '../../policies/jurisdiction';
import { createStaffInvite } from '../../commands/createStaffInvite';
import { audit } from '../../services/audit';

const STAFF = ['admin', 'inspector', 'trainer'] as const;
type StaffRole = (typeof STAFF)[number];

/** The highest staff role of an account (admin > inspector > trainer), or null for a citizen or owner. */
export const staffRoleOf = (roles: readonly string[]): StaffRole | null => STAFF.find((r) => roles.includes(r)) ?? null;

function presentStaff(ctx: AppContext, u: Lean<User> & { _id: unknown }): StaffAccountView {
  const role = staffRoleOf(u.roles)!;
  const region = u.region ?? '';
  return {
    id: String(u._id),
    name: u.name,
    role,
    roleLabel: ROLE_LABELS[role],
    region: { code: region, name: ctx.services.regions.name(region) ?? region },
    disabled: !!u.disabled,
    webSignIn: !!u.account && !!u.passwordHash,
    lastLoginAt: u.lastLoginAt ? u.lastLoginAt.toISOString() : null,
    manageable: can(ctx.state.user, 'staff.manage', { role, region }),
  };
}

const InspectorsQuery = z.strictObject({
  covers: RegionCode.optional().meta({ description: '只列出管辖范围包含该区域的人员（安排现场核查时传申请所在区域）' }),
});
const InspectorList = z
  .object({ data: z.array(z.object({ id: z.string(), name: z.string(), region: z.object({ code: z.string(), name: z.string() }) })) })
  .meta({ id: 'InspectorList' });

export function staffRoutes(api: ApiRouter) {
  api.route('post', '/staff/invites', {
    summary: '管理员创建工作人员邀请码', tags: ['工作人员'], auth: ['admin'],
    body: CreateStaffInviteBody, response: StaffInviteResponse, status: 201,
  }, async (ctx) => {
    const { role, region, name } = ctx.input.body;
    authorize(ctx.state.user, 'staff.invite', { role, region });
    ctx.body = await createStaffInvite({ role, region, name, createdBy: String(ctx.state.user!._id) }, ctx);
  });

  // Picking the ≥ 2 inspectors of a site check: only colleagues inside my own region are offered, so
  // the list never reveals staff of other jurisdictions.
  api.route('get', '/staff/inspectors', {
    summary: '本辖区的监管人员（安排现场核查时选择）', tags: ['工作人员'], auth: ['inspector', 'admin'], query: InspectorsQuery, response: InspectorList,
  }, async (ctx) => {
    const mine = regionScope(ctx.state.user!);
    const covers = ctx.input.query.covers;
    if (covers && !isWithinRegion(covers, mine.code)) throw forbidden('auth.out_of_region');
    const users = await UserModel.find({ roles: 'inspector', disabled: { $ne: true }, region: mine.filter })
      .sort({ name: 1, _id: 1 }).limit(200).lean();
    // An inspector can act on a region when their own code is a prefix of it (same county or above).
    const eligible = covers ? users.filter((u) => isWithinRegion(covers, u.region)) : users;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      data: eligible.map((u) => ({ id: String(u._id), name: u.name, region: { code: u.region!, name: ctx.services.regions.name(u.region!) ?? u.region! } })),
    };
  });

  // --- 人员与账号: the staff accounts of my region ---------------------------------------------------
  api.route('get', '/staff/accounts', {
    summary: '本辖区的工作人员账号（管理员；分页，按姓名排序）', tags: ['工作人员'], auth: ['admin'], query: StaffAccountsQuery, response: StaffAccountList,
    description: '列出管辖区域在本人区域内的培训讲师、监管人员和管理员（含本人）；manageable 表示本人可停用、恢复或调整其区域。',
  }, async (ctx) => {
    authorize(ctx.state.user, 'staff.list', null);
    const q = ctx.input.query;
    const scope = regionScope(ctx.state.user!, q.region);
    const filter = { roles: q.role ? q.role : { $in: [...STAFF] }, region: scope.filter };
    const [rows, total] = await Promise.all([
      UserModel.find(filter).sort({ name: 1, _id: 1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean(),
      UserModel.countDocuments(filter),
    ]);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: rows.map((u) => presentStaff(ctx, u)), page: q.page, pageSize: q.pageSize, total };
  });

  api.route('put', '/staff/accounts/:id/region', {
    summary: '调整工作人员的管辖区域（管理员，限本人辖区内）', tags: ['工作人员'], auth: ['admin'],
    params: StaffAccountParams, body: ChangeStaffRegionBody, response: StaffAccountResponse, errors: [403, 404, 409],
    description: '原区域和新区域都须在本人管辖区域内；管理员账号只能调整到低于本人一级或以下的区域；不能调整本人。'
      + '并发修改时以先到者为准（409 staff.region_conflict）。每次调整写入操作记录。',
  }, async (ctx) => {
    const target = await UserModel.findById(ctx.input.params.id).lean();
    const role = target ? staffRoleOf(target.roles) : null;
    if (!target || !role || !target.region) throw notFound('staff.account_not_found');
    const to = ctx.input.body.region;
    authorize(ctx.state.user, 'staff.manage', { role, region: target.region, to });
    if (to === target.region) {
      ctx.body = { data: presentStaff(ctx, target) };
      return;
    }
    // One conditional update: a move made meanwhile by another admin wins, this one answers 409.
    const after = await UserModel.findOneAndUpdate({ _id: target._id, region: target.region }, { $set: { region: to } }, { returnDocument: 'after' }).lean();
    if (!after) throw conflict('staff.region_conflict');
    await audit(ctx, { action: 'staff.region_changed', subjectType: 'User', subjectId: String(target._id), before: { region: target.region }, after: { region: to }, region: to });
    ctx.body = { data: presentStaff(ctx, after) };
  });
}
