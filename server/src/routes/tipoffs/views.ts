// Everything the tip-off views need, read once per list: one query per relation ($in), never one per row.
// The presenters (presenters/tipoff.ts) then only pick and mask fields.
import { Types } from 'mongoose';
import type { CaseView, TrackView } from '@shared/schemas/tipoff';
import type { Lean } from '../../models/lean';
import { StoredFileModel } from '../../models/StoredFile';
import { TipoffModel, type Tipoff } from '../../models/Tipoff';
import { TipoffCaseModel, type TipoffCase } from '../../models/TipoffCase';
import { TipoffReporterModel } from '../../models/TipoffReporter';
import { TipoffRewardModel, type TipoffReward } from '../../models/TipoffReward';
import { WorkshopModel } from '../../models/Workshop';
import { presentCase, presentMine, presentReward, presentTrack } from '../../presenters/tipoff';
import type { Services } from '../../services';
import { shanghaiDate } from '../../services/calendar';
import { userNames } from '../../services/users';

type ViewServices = Pick<Services, 'regions' | 'calendar'>;
const objectIds = (ids: readonly (string | null | undefined)[]) =>
  [...new Set(ids.filter((i): i is string => !!i && Types.ObjectId.isValid(i)))].map((i) => new Types.ObjectId(i));

/** Reports whose payee (named reporter, or a claim) is bound: the fact, never who. */
async function boundPayees(tipoffIds: readonly string[]): Promise<Set<string>> {
  if (!tipoffIds.length) return new Set();
  const rows = await TipoffReporterModel.find({ tipoffId: { $in: [...new Set(tipoffIds)] }, payeeOpenidEnc: { $ne: null } }, { tipoffId: 1 }).lean();
  return new Set(rows.map((r) => r.tipoffId));
}

/** Staff views of cases, with their reports, evidence, rewards, linked workshops and people. */
export async function caseViews(services: ViewServices, cases: readonly Lean<TipoffCase>[], now = new Date()): Promise<CaseView[]> {
  if (!cases.length) return [];
  const ids = cases.map((c) => String(c._id));
  const [reports, rewards, workshops] = await Promise.all([
    TipoffModel.find({ caseId: { $in: ids } }).sort({ createdAt: 1 }).lean(),
    TipoffRewardModel.find({ caseId: { $in: ids } }).sort({ createdAt: 1 }).lean(),
    WorkshopModel.find({ _id: { $in: objectIds(cases.map((c) => c.workshopId)) } }, { name: 1, status: 1 }).lean(),
  ]);
  const [files, names, payees] = await Promise.all([
    StoredFileModel.find({ _id: { $in: objectIds(reports.flatMap((r) => r.media)) } }, { kind: 1, thumbBlobId: 1 }).lean(),
    userNames([...cases.map((c) => c.handlerId), ...rewards.flatMap((r) => [r.proposerId, r.approverId])]),
    boundPayees(rewards.map((r) => r.tipoffId)),
  ]);
  const fileById = new Map(files.map((f) => [String(f._id), f]));
  const workshopById = new Map(workshops.map((w) => [String(w._id), w]));
  const today = shanghaiDate(now);
  const views: CaseView[] = [];
  for (const c of cases) {
    const id = String(c._id);
    const running = c.status === 'submitted' ? c.acceptDeadline : c.status === 'accepted' ? c.closeDeadline : null;
    // In memory once the calendar's year table is loaded (services/calendar.ts).
    const workingDaysLeft = running && running.due >= today ? (await services.calendar.workingDaysBetween(now, running.due)).days : null;
    views.push(presentCase(c, reports.filter((r) => r.caseId === id), rewards.filter((r) => r.caseId === id), {
      files: fileById, workshop: (c.workshopId && workshopById.get(c.workshopId)) || null, names, payees, workingDaysLeft,
    }, services.regions, now));
  }
  return views;
}

/** The reporter's view of their report (receipt code + token). */
export async function trackView(services: ViewServices, t: Lean<Tipoff>): Promise<TrackView> {
  const [c, r, payees] = await Promise.all([
    TipoffCaseModel.findById(t.caseId).lean(),
    TipoffRewardModel.findOne({ tipoffId: String(t._id) }).lean(),
    boundPayees([String(t._id)]),
  ]);
  return presentTrack(t, c!, r, payees.has(String(t._id)), services.regions);
}

/** A reporter's own reports with their cases and rewards. */
export async function mineViews(services: ViewServices, list: readonly Lean<Tipoff>[]) {
  const ids = list.map((t) => String(t._id));
  const [cases, rewards, payees] = await Promise.all([
    TipoffCaseModel.find({ _id: { $in: [...new Set(list.map((t) => t.caseId))] } }).lean(),
    TipoffRewardModel.find({ tipoffId: { $in: ids } }).lean(),
    boundPayees(ids),
  ]);
  const caseById = new Map(cases.map((c) => [String(c._id), c]));
  const rewardOf = new Map(rewards.map((r) => [r.tipoffId, r]));
  return list.map((t) => presentMine(t, caseById.get(t.caseId) ?? null, rewardOf.get(String(t._id)) ?? null, payees.has(String(t._id)), services.regions));
}

/** Staff views of rewards, with the proposers' and approvers' names. */
export async function rewardViews(rewards: readonly Lean<TipoffReward>[]) {
  const [names, payees] = await Promise.all([userNames(rewards.flatMap((r) => [r.proposerId, r.approverId])), boundPayees(rewards.map((r) => r.tipoffId))]);
  return rewards.map((r) => presentReward(r, names, payees.has(r.tipoffId)));
}
