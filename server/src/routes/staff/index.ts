import { z } from 'zod';
import { CreateStaffInviteBody, StaffInviteResponse } from '@shared/schemas/auth';
import { RegionCode } from '@shared/schemas/common';
import { isWithinRegion } from '@shared/domain/region';
import type { ApiRouter } from '../../http/api';
import { forbidden } from '../../errors';
import { UserModel } from '../../models/User';
import { authorize } from '../../policies';
import { regionScope } from '../../policies/jurisdiction';
import { createStaffInvite } from '../../commands/createStaffInvite';

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
}
