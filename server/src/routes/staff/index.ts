import { CreateStaffInviteBody, StaffInviteResponse } from '@shared/schemas/auth';
import type { ApiRouter } from '../../http/api';
import { forbidden } from '../../errors';
import { actorOf } from '../../policies/jurisdiction';
import { canGrantStaff } from '../../policies/staff';
import { createStaffInvite } from '../../commands/createStaffInvite';

export function staffRoutes(api: ApiRouter) {
  api.route('post', '/staff/invites', {
    summary: '管理员创建工作人员邀请码', tags: ['工作人员'], auth: ['admin'],
    body: CreateStaffInviteBody, response: StaffInviteResponse, status: 201,
  }, async (ctx) => {
    const { role, region, name } = ctx.input.body;
    if (!canGrantStaff(actorOf(ctx.state.user!), role, region)) throw forbidden('staff.role_not_grantable');
    ctx.body = await createStaffInvite({ role, region, name, createdBy: String(ctx.state.user!._id) }, ctx as never);
  });
}
