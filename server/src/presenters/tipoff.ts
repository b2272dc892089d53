// What leaves the server about tip-offs. No presenter here reads TipoffReporter: reporters' identities
// only leave through the audited identity route (commands/tipoff reporterIdentities).
import {
  payoutAttemptLabel, REWARD_LEVELS, REWARD_STATUS_LABELS, TIPOFF_KIND_LABELS, TIPOFF_RESULT_LABELS, TIPOFF_STATUS_LABELS,
  type RewardLevel, type RewardStatus, type TipoffKind, type TipoffResult, type TipoffStatus,
} from '@shared/domain/tipoff';
import type { CaseView, TrackView } from '@shared/schemas/tipoff';
import type { Lean } from '../models/lean';
import type { StoredFile } from '../models/StoredFile';
import type { Tipoff } from '../models/Tipoff';
import type { TipoffCase } from '../models/TipoffCase';
import type { TipoffReward } from '../models/TipoffReward';
import type { Workshop } from '../models/Workshop';
import { shanghaiDate } from '../services/calendar';
import { officeOf, type RegionService } from '../services/regions';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
type Regions = Pick<RegionService, 'name' | 'fullName'>;

/** `payeeBound`: a payee's WeChat account is bound to the report (named report, or claimed): never who. */
function presentRewardPublic(r: Lean<TipoffReward> | null, payeeBound: boolean) {
  if (!r || r.status === 'proposed' || r.status === 'rejected') return null; // not promised until approved
  return {
    status: r.status as RewardStatus,
    statusLabel: REWARD_STATUS_LABELS[r.status as RewardStatus],
    amountFen: r.amountFen,
    levelLabel: REWARD_LEVELS[r.level as RewardLevel]?.label ?? '',
    needsClaim: r.status === 'approved' && !payeeBound,
    paidAt: iso(r.paidAt),
  };
}

/** What a reporter sees of their own report in any list or page. */
function reportHead(t: Lean<Tipoff>, status: TipoffStatus, regions: Regions) {
  return {
    receiptCode: t.receiptCode,
    kind: t.kind as TipoffKind,
    kindLabel: TIPOFF_KIND_LABELS[t.kind as TipoffKind],
    status,
    statusLabel: TIPOFF_STATUS_LABELS[status],
    submittedAt: iso(t.createdAt)!,
    regionName: regions.fullName(t.region) ?? t.region,
  };
}

/** The reporter's view, reached with receipt code + token. */
export function presentTrack(t: Lean<Tipoff>, c: Lean<TipoffCase>, reward: Lean<TipoffReward> | null, payeeBound: boolean, regions: Regions, now = new Date()): TrackView {
  const status = c.status as TipoffStatus;
  const acceptMet = c.decidedAt ?? null;
  const closeMet = c.outcome?.closedAt ?? null;
  const overdue = (d: { dueAt: Date } | null | undefined, met: Date | null) => !!d && (met ? met > d.dueAt : d.dueAt < now);
  return {
    ...reportHead(t, status, regions),
    office: officeOf({ regions }, c.region),
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
    reward: presentRewardPublic(reward, payeeBound),
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

export function presentMine(t: Lean<Tipoff>, c: Lean<TipoffCase> | null, reward: Lean<TipoffReward> | null, payeeBound: boolean, regions: Regions) {
  const status = (c?.status ?? 'submitted') as TipoffStatus;
  return {
    ...reportHead(t, status, regions),
    summary: t.description.length > 40 ? `${t.description.slice(0, 39)}…` : t.description,
    anonymous: t.anonymous,
    resultLabel: c?.outcome ? TIPOFF_RESULT_LABELS[c.outcome.result as TipoffResult] : null,
    reward: presentRewardPublic(reward, payeeBound),
  };
}

// A staff account without a name set still reads as someone.
const person = (names: ReadonlyMap<string, string>, id: string | null | undefined) => (id && names.has(id) ? { id, name: names.get(id) || '工作人员' } : null);

/** `names`: users by id (proposer, approver); `payeeBound`: see presentRewardPublic. */
export function presentReward(r: Lean<TipoffReward>, names: ReadonlyMap<string, string>, payeeBound: boolean) {
  return {
    id: String(r._id),
    reportId: r.tipoffId,
    level: r.level,
    levelLabel: REWARD_LEVELS[r.level as RewardLevel]?.label ?? '',
    amountFen: r.amountFen,
    reason: r.reason,
    status: r.status as RewardStatus,
    statusLabel: REWARD_STATUS_LABELS[r.status as RewardStatus],
    proposedBy: person(names, r.proposerId) ?? { id: r.proposerId, name: '工作人员' },
    approvedBy: person(names, r.approverId),
    rejectReason: r.rejectReason ?? null,
    payeeBound,
    attempts: r.attempts.map((a) => ({ n: a.n!, outBatchNo: a.outBatchNo!, status: a.status!, statusLabel: payoutAttemptLabel(a.status!), reason: a.reason ?? null, at: iso(a.at)! })),
    paidAt: iso(r.paidAt),
  };
}

/** What a case view needs beyond the case, its reports and rewards; the route reads it (routes/tipoffs/views.ts). */
export interface CaseFacts {
  /** The reports' evidence files by id. */
  files: ReadonlyMap<string, Pick<Lean<StoredFile>, '_id' | 'kind' | 'thumbBlobId'>>;
  /** The linked workshop, when there is one. */
  workshop: Pick<Lean<Workshop>, '_id' | 'name' | 'status'> | null;
  /** Users by id: the handler, the rewards' proposers and approvers. */
  names: ReadonlyMap<string, string>;
  /** Reports whose payee is bound. */
  payees: ReadonlySet<string>;
  /** Working days from now to the running deadline, as the calendar counts them. */
  workingDaysLeft: number | null;
}

/** Staff view of a case: the reports' content and evidence, never who sent them. */
export function presentCase(c: Lean<TipoffCase>, reports: Lean<Tipoff>[], rewards: Lean<TipoffReward>[], facts: CaseFacts, regions: Regions, now = new Date()): CaseView {
  const status = c.status as TipoffStatus;
  const w = facts.workshop;
  const running = status === 'submitted' ? { step: 'accept' as const, d: c.acceptDeadline } : status === 'accepted' && c.closeDeadline ? { step: 'close' as const, d: c.closeDeadline } : null;
  return {
    id: String(c._id),
    kind: c.kind as TipoffKind,
    kindLabel: TIPOFF_KIND_LABELS[c.kind as TipoffKind],
    status,
    statusLabel: TIPOFF_STATUS_LABELS[status],
    region: { code: c.region, name: regions.fullName(c.region) ?? c.region },
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
      media: r.media.map((m) => facts.files.get(m)).filter((f) => !!f).map((f) => ({
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
          remainingWorkingDays: running.d.due >= shanghaiDate(now) ? (facts.workingDaysLeft ?? 0) : 0,
        }
      : null,
    acceptDue: c.acceptDeadline.due,
    closeDue: c.closeDeadline?.due ?? null,
    extended: !!c.extended,
    extensionReason: c.extensionReason ?? null,
    escalated: !!(c.escalated?.accept || c.escalated?.close),
    handler: person(facts.names, c.handlerId),
    declineReason: c.declineReason ?? null,
    outcome: c.outcome
      ? { result: c.outcome.result as TipoffResult, resultLabel: TIPOFF_RESULT_LABELS[c.outcome.result as TipoffResult], publicReason: c.outcome.publicReason, note: c.outcome.note ?? null, closedAt: iso(c.outcome.closedAt)! }
      : null,
    rewards: rewards.map((r) => presentReward(r, facts.names, facts.payees.has(r.tipoffId))),
    timeline: c.timeline.map((e) => ({ at: iso(e.at)!, title: e.title ?? '', note: e.note ?? null, by: e.by ?? '' })),
    createdAt: iso(c.createdAt)!,
  };
}
