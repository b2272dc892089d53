import { StaffInviteModel } from '../models/StaffInvite';
import { publicCode } from '../services/crypto';
import { audit } from '../services/audit';
import type { AppContext } from '../http/types';

const INVITE_DAYS = 7;

export async function createStaffInvite(
  input: { role: 'trainer' | 'inspector' | 'admin'; region: string; name: string; createdBy: string | null },
  ctx: AppContext | null,
) {
  const invite = await StaffInviteModel.create({
    ...input,
    code: publicCode(10),
    expiresAt: new Date(Date.now() + INVITE_DAYS * 86400_000),
  });
  await audit(ctx, { action: 'staff.invite_created', subjectType: 'StaffInvite', subjectId: String(invite._id), after: { role: input.role, region: input.region }, region: input.region });
  return { code: invite.code, role: invite.role, region: invite.region, name: invite.name, expiresAt: invite.expiresAt.toISOString() };
}
