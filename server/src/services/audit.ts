import { auditKindOf } from '@shared/domain/audit';
import { AuditEventModel } from '../models/AuditEvent';
import type { AppContext } from '../http/types';

export interface AuditInput {
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
  reason?: string;
  /** The region the event concerns (e.g. the staff member's, the list's); the actor's region when absent. */
  region?: string | null;
}

/** Writes one audit event for the current request's user (or the system when there is none). */
export async function audit(ctx: Pick<AppContext, 'state'> | null, e: AuditInput): Promise<void> {
  const user = ctx?.state.user;
  await AuditEventModel.create({
    actorId: user ? String(user._id) : null,
    actorRole: user ? user.roles.join(',') : 'system',
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    before: e.before ?? null,
    after: e.after ?? null,
    reason: e.reason ?? null,
    requestId: ctx?.state.requestId ?? null,
    region: e.region !== undefined ? e.region : (user?.region ?? null),
    kind: auditKindOf(e.action),
  });
}
