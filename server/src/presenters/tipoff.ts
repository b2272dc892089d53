// What leaves the server about tip-offs. No presenter here reads TipoffReporter: reporters' identities
// only leave through the audited identity route (commands/tipoff reporterIdentities).
import { Types } from 'mongoose';
import {
  REWARD_LEVELS, REWARD_STATUS_LABELS, TIPOFF_KIND_LABELS, TIPOFF_RESULT_LABELS, TIPOFF_STATUS_LABELS,
  type RewardLevel, type RewardStatus, type TipoffKind, type TipoffResult, type TipoffStatus,
} from '@shared/domain/tipoff';
import type { CaseView, TrackView } from '@shared/schemas/tipoff';
import { StoredFileModel } from '../models/StoredFile';
import type { Tipoff } from '../models/Tipoff';
import type { TipoffCase } from '../models/TipoffCase';
import { TipoffReporterModel } from '../models/TipoffReporter';
import type { TipoffReward } from '../models/TipoffReward';
import { UserModel } from '../models/User';
import { WorkshopModel } from '../models/Workshop';
import type { Services } from '../services';
import { shanghaiDate } from '../services/calendar';
import { officeOf } from '../commands/registration';

type Doc<T> = T & { _id: unknown; createdAt?: Date; updatedAt?: Date };
const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

async function payeeBound(tipoffId: string) {
  return !!(await TipoffReporterModel.exists({ tipoffId, payeeOpenidEnc: { $ne: null } }));
}

export async function presentRewardPublic(r: Doc<TipoffReward> | null) {
  if (!r || r.status === 'proposed' || r.status === 'rejected') return null; // not promised until approved
  return {
    status: r.status as RewardStatus,
    statusLabel: REWARD_STATUS_LABELS[r.status as RewardStatus],
    amountFen: r.amountFen,
    levelLabel: REWARD_LEVELS[r.level as RewardLevel]?.label ?? '',
    needsClaim: r.status === 'approved' && !(await payeeBound(r.tipoffId)),
    paidAt: iso(r.paidAt),
  };
}

/** The reporter's view, reached with receipt code + token. */
/** What a reporter sees of their own report in any list or page. */
function reportHead(t: Doc<Tipoff>, status: TipoffStatus, services: Pick<Services, 'regions'>) {
  return {
    receiptCode: t.receiptCode,
    kind: t.kind as TipoffKind,
    kindLabel: TIPOFF_KIND_LABELS[t.kind as TipoffKind],
    status,
    statusLabel: TIPOFF_STATUS_LABELS[status],
    submittedAt: iso(t.createdAt)!,
    regionName: services.regions.fullName(t.region) ?? t.region,
  };
}

export async function presentTrack(t: Doc<Tipoff>, c: Doc<TipoffCase>, reward: Doc<TipoffReward> | null, services: Pick<Services, 'regions'>, now = new Date()): Promise<TrackView> {
  const status = c.status as TipoffStatus;
  const acceptMet = c.decidedAt ?? null;
  const closeMet = c.outcome?.closedAt ?? null;
  const overdue = (d: { dueAt: Date } | null | undefined, met: Date | null) => !!d && (met ? met > d.dueAt : d.dueAt < now);
  return {
    ...reportHead(t, status, services),
    office: officeOf(services, c.region),
    anonymous: t.anonymous,
    reportCount: c.reportCount,
    deadlines: {
      accept: { due: c.acceptDeadline.due, estimated: !!c.acceptDeadline.estimated, overdue: overdue(c.acceptDeadline, acceptMet), metAt: iso(acceptMet) },
      close: c.closeDeadline
        ? { due: c.closeDeadline.due, estimated: !!c.closeDeadline.estimated, overdue: overdue(c.closeDeadline, closeMet), metAt: iso(closeMet) }
        : null,
      extended: !!c.extended,
      extensionReason: c.extensionReason ?? null,
    },
    declineReason: c.declineReason ?? null,
    outcome: c.outcome
      ? { result: c.outcome.result as TipoffResult, resultLabel: TIPOFF_RESULT_LABELS[c.outcome.result as TipoffResult], publicReason: c.outcome.publicReason, closedAt: iso(c.outcome.closedAt)! }
      : null,
    reward: await presentRewardPublic(reward),
    rating: t.rating ? { score: t.rating.score, comment: t.rating.comment ?? null } : null,
    canRate: !t.rating && (status === 'closed' || status === 'declined'),
    // Public steps only: staff notes and who handled it stay inside.
    timeline: [
      { at: iso(t.createdAt)!, title: '提交举报', note: null },
      ...c.timeline
        .filter((e) => ['受理', '不予受理', '延长办理期限'].includes(e.title ?? '') || (e.title ?? '').startsWith('办结'))
        .map((e) => ({ at: iso(e.at)!, title: e.title!, note: e.title === '延长办理期限' ? null : (e.note ?? null) })),
    ],
  };
}

export async function presentMine(t: Doc<Tipoff>, c: Doc<TipoffCase> | null, reward: Doc<TipoffReward> | null, services: Pick<Services, 'regions'>) {
  const status = (c?.status ?? 'submitted') as TipoffStatus;
  return {
    ...reportHead(t, status, services),
    summary: t.description.length > 40 ? `${t.description.slice(0, 39)}…` : t.description,
    anonymous: t.anonymous,
    resultLabel: c?.outcome ? TIPOFF_RESULT_LABELS[c.outcome.result as TipoffResult] : null,
    reward: await presentRewardPublic(reward),
  };
}

async function names(ids: (string | null | undefined)[]) {
  const valid = [...new Set(ids.filter((i): i is string => !!i && Types.ObjectId.isValid(i)))];
  const users = valid.length ? await UserModel.find({ _id: { $in: valid.map((i) => new Types.ObjectId(i)) } }).lean() : [];
  return (id: string | null | undefined) => {
    const u = users.find((x) => String(x._id) === id);
    return u ? { id: String(u._id), name: u.name } : null;
  };
}

export async function presentReward(r: Doc<TipoffReward>, nameOf?: Awaited<ReturnType<typeof names>>) {
  const who = nameOf ?? (await names([r.proposerId, r.approverId]));
  return {
    id: String(r._id),
    reportId: r.tipoffId,
    level: r.level,
    levelLabel: REWARD_LEVELS[r.level as RewardLevel]?.label ?? '',
    amountFen: r.amountFen,
    reason: r.reason,
    status: r.status as RewardStatus,
    statusLabel: REWARD_STATUS_LABELS[r.status as RewardStatus],
    proposedBy: who(r.proposerId) ?? { id: r.proposerId, name: '' },
    approvedBy: who(r.approverId),
    rejectReason: r.rejectReason ?? null,
    payeeBound: await payeeBound(r.tipoffId),
    attempts: r.attempts.map((a) => ({ n: a.n!, outBatchNo: a.outBatchNo!, status: a.status!, reason: a.reason ?? null, at: iso(a.at)! })),
    paidAt: iso(r.paidAt),
  };
}

/** Staff view of a case: the reports' content and evidence, never who sent them. */
export async function presentCase(
  c: Doc<TipoffCase>, reports: Doc<Tipoff>[], rewards: Doc<TipoffReward>[], services: Pick<Services, 'regions' | 'calendar'>, now = new Date(),
): Promise<CaseView> {
  const status = c.status as TipoffStatus;
  const mediaIds = reports.flatMap((r) => r.media).filter((m) => Types.ObjectId.isValid(m));
  const files = mediaIds.length ? await StoredFileModel.find({ _id: { $in: mediaIds.map((m) => new Types.ObjectId(m)) } }).lean() : [];
  const w = c.workshopId && Types.ObjectId.isValid(c.workshopId) ? await WorkshopModel.findById(c.workshopId).lean() : null;
  const who = await names([c.handlerId, ...rewards.flatMap((r) => [r.proposerId, r.approverId])]);
  const running = status === 'submitted' ? { step: 'accept' as const, d: c.acceptDeadline } : status === 'accepted' && c.closeDeadline ? { step: 'close' as const, d: c.closeDeadline } : null;
  return {
    id: String(c._id),
    kind: c.kind as TipoffKind,
    kindLabel: TIPOFF_KIND_LABELS[c.kind as TipoffKind],
    status,
    statusLabel: TIPOFF_STATUS_LABELS[status],
    region: { code: c.region, name: services.regions.fullName(c.region) ?? c.region },
    address: c.address ?? null,
    location: c.location?.lat != null && c.location.lng != null ? { lat: c.location.lat, lng: c.location.lng } : null,
    workshop: w ? { id: String(w._id), name: w.name, status: w.status } : null,
    reportCount: c.reportCount,
    reports: reports.map((r) => ({
      id: String(r._id),
      submittedAt: iso(r.createdAt)!,
      description: r.description,
      address: r.address ?? null,
      named: !r.anonymous,
      media: r.media.map((m) => files.find((f) => String(f._id) === m)).filter((f) => !!f).map((f) => ({
        id: String(f._id), kind: f.kind, url: `/api/v1/files/${String(f._id)}`, thumbnailUrl: f.thumbBlobId ? `/api/v1/files/${String(f._id)}/thumbnail` : null,
      })),
      rating: r.rating ? { score: r.rating.score, comment: r.rating.comment ?? null } : null,
    })),
    deadline: running
      ? {
          step: running.step,
          due: running.d.due,
          estimated: !!running.d.estimated,
          overdue: running.d.dueAt < now,
          remainingWorkingDays: running.d.due >= shanghaiDate(now) ? (await services.calendar.workingDaysBetween(now, running.d.due)).days : 0,
        }
      : null,
    acceptDue: c.acceptDeadline.due,
    closeDue: c.closeDeadline?.due ?? null,
    extended: !!c.extended,
    extensionReason: c.extensionReason ?? null,
    escalated: !!(c.escalated?.accept || c.escalated?.close),
    handler: who(c.handlerId),
    declineReason: c.declineReason ?? null,
    outcome: c.outcome
      ? { result: c.outcome.result as TipoffResult, resultLabel: TIPOFF_RESULT_LABELS[c.outcome.result as TipoffResult], publicReason: c.outcome.publicReason, note: c.outcome.note ?? null, closedAt: iso(c.outcome.closedAt)! }
      : null,
    rewards: await Promise.all(rewards.map((r) => presentReward(r, who))),
    timeline: c.timeline.map((e) => ({ at: iso(e.at)!, title: e.title ?? '', note: e.note ?? null, by: e.by ?? '' })),
    createdAt: iso(c.createdAt)!,
  };
}
