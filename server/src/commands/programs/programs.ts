// Defining programs: an admin of the issuing region creates and changes them.
import { levelOfRegion, PROGRAM_KIND_LABELS } from '@shared/domain/programs';
import type { CreateProgramBody, UpdateProgramBody } from '@shared/schemas/programs';
import { notFound, unprocessable } from '../../errors';
import type { AppContext } from '../../http/types';
import { ProgramModel, type ProgramDoc } from '../../models/Program';
import { authorize } from '../../policies';
import type { Services } from '../../services';
import { audit } from '../../services/audit';
import { officeOf } from '../../services/regions';

/** The bureau of a region: 广西壮族自治区市场监督管理局, 柳州市市场监督管理局, 柳州市鱼峰区市场监督管理局. */
export function issuerOf(services: Pick<Services, 'regions'>, region: string): string {
  if (region.length >= 6) return officeOf(services, region) ?? '市场监督管理局';
  return `${services.regions.name(region) ?? ''}市场监督管理局`;
}

export async function loadProgram(id: string): Promise<ProgramDoc> {
  const p = await ProgramModel.findById(id);
  if (!p) throw notFound('program.not_found');
  return p;
}

export async function createProgram(ctx: AppContext, body: CreateProgramBody): Promise<ProgramDoc> {
  const user = ctx.state.user!;
  authorize(user, 'program.manage', { region: body.region });
  const p = await ProgramModel.create({
    ...body, badge: body.badge ?? PROGRAM_KIND_LABELS[body.kind], level: levelOfRegion(body.region), issuer: issuerOf(ctx.services, body.region),
    revokeOn: body.revokeOn as never, createdBy: String(user._id),
  });
  await audit(ctx, { action: 'program.created', subjectType: 'Program', subjectId: String(p._id), after: { name: p.name, kind: p.kind, region: p.region } });
  return p;
}

export async function updateProgram(ctx: AppContext, p: ProgramDoc, body: UpdateProgramBody): Promise<ProgramDoc> {
  authorize(ctx.state.user, 'program.manage', p);
  const from = body.applyFrom ?? p.applyFrom;
  const until = body.applyUntil ?? p.applyUntil;
  if (until < from) throw unprocessable('request.invalid', '申报截止日期不能早于开始日期');
  const set = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
  const updated = await ProgramModel.findOneAndUpdate({ _id: p._id }, { $set: set }, { returnDocument: 'after' });
  if (!updated) throw notFound('program.not_found');
  await audit(ctx, { action: 'program.updated', subjectType: 'Program', subjectId: String(p._id), before: Object.fromEntries(Object.keys(set).map((k) => [k, p.get(k)])), after: set });
  return updated;
}
