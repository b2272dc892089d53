// What every registration command shares: loading, the timeline entry, and the one conditional update.
import type { QueryFilter, UpdateQuery } from 'mongoose';
import { REGISTRATION_STATUS_LABELS, type RegistrationStatus } from '@shared/domain/registration';
import { conflict, notFound } from '../../errors';
import type { AppContext } from '../../http/types';
import { withOwed } from '../../db/owed';
import { RegistrationModel, type Registration, type RegistrationDoc } from '../../models/Registration';
import { isStaff } from '../../policies/jurisdiction';
import { actorOf } from '../../policies/policy';
import { notifyUser } from '../../services/notify';
import { officeOf } from '../../services/regions';

export type Ctx = AppContext;

export async function loadRegistration(id: string): Promise<RegistrationDoc> {
  const reg = await RegistrationModel.findById(id);
  if (!reg) throw notFound('resource.not_found', '未找到该申请');
  return reg;
}

/** A timeline entry signed by the reviewing office, the applicant or the system. */
export function entry(ctx: Ctx, status: RegistrationStatus, title: string, note?: string | null) {
  const u = ctx.state.user;
  const by = !u ? '系统' : isStaff(actorOf(u)) ? (officeOf(ctx.services, u.region) ?? '监管部门') : '申请人';
  return { at: new Date(), status, title, note: note ?? null, by };
}

const stateConflict = (status: string) =>
  conflict('registration.state_conflict', `申请当前状态为“${REGISTRATION_STATUS_LABELS[status as RegistrationStatus]}”，不能进行此操作`);

/** 409 unless the application is in one of `from`: checked before any state-specific field is read. */
export function expectStatus(reg: Registration, from: RegistrationStatus[]): void {
  if (!from.includes(reg.status as RegistrationStatus)) throw stateConflict(reg.status);
}

/**
 * One state change: a conditional update whose filter names the expected status (and `extraFilter`),
 * so of two reviewers or a double click exactly one wins; the other gets 409 with the current status.
 * `owed`: follow-up steps recorded in the same update (db/owed.ts).
 */
export async function transition(
  reg: Registration & { _id: unknown },
  from: RegistrationStatus[],
  set: Record<string, unknown>,
  timeline: ReturnType<typeof entry>,
  extraFilter: QueryFilter<Registration> = {},
  owed: string[] = [],
): Promise<RegistrationDoc> {
  expectStatus(reg, from);
  const update = withOwed({ $set: set, $push: { timeline } }, owed) as UpdateQuery<Registration>;
  const updated = await RegistrationModel.findOneAndUpdate({ _id: reg._id, status: { $in: from }, ...extraFilter }, update, { returnDocument: 'after' });
  if (!updated) throw stateConflict((await RegistrationModel.findById(reg._id).lean())?.status ?? reg.status);
  return updated;
}

/**
 * Tells the applicant about the change just made to `reg` (the document as updated), with a link to the
 * application. Keyed by the timeline entry the change wrote, so a step that runs again sends nothing
 * more, while a second correction round (a later entry) is a new message.
 */
export async function tellApplicant(ctx: Ctx, reg: Registration & { _id: unknown }, title: string, body: string) {
  const key = `Registration:${String(reg._id)}:${reg.status}:${reg.timeline?.length ?? 0}`;
  await notifyUser(ctx.services, reg.applicantId, { title, body, page: `packages/registration/detail/index?id=${String(reg._id)}`, key });
}
