import { CHECKLIST_ITEMS } from '@shared/domain/categories';
import {
  FOLLOW_UP_STATUS_LABELS, INSPECTION_RESULT_LABELS, RECTIFICATION_STATUS_LABELS, REPAIR_STATUS_LABELS, SAMPLE_RESULT_LABELS,
  type InspectionResult, type RectificationStatus, type RepairStatus, type SampleResult,
} from '@shared/domain/supervision';
import { CHECK_RESULT_LABELS } from '@shared/schemas/registration';
import type { InspectionView } from '@shared/schemas/supervision';
import type { z } from 'zod';
import type { PenaltyView, SampleView, SelfCheckView } from '@shared/schemas/supervision';
import type { Inspection } from '../models/Inspection';
import type { Penalty } from '../models/Penalty';
import type { Sample } from '../models/Sample';
import type { SelfCheck } from '../models/SelfCheck';
import type { Workshop } from '../models/Workshop';
import type { Lean } from '../models/lean';
import { shanghaiDate } from '../services/calendar';

type CheckResult = keyof typeof CHECK_RESULT_LABELS;
interface Entry { code?: string | null; result?: string | null; note?: string | null; photos?: string[] | null }
const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
const itemName = (code: string) => CHECKLIST_ITEMS.find((i) => i.code === code)?.name ?? code;
/** Checklist order as on paper, whatever order the client sent. */
const ordered = <T extends Entry>(items: T[]) => [...items].sort((a, b) => CHECKLIST_ITEMS.findIndex((i) => i.code === a.code) - CHECKLIST_ITEMS.findIndex((i) => i.code === b.code));

export function checklistSummary(items: Entry[]) {
  return {
    pass: items.filter((i) => i.result === 'pass').length,
    basic: items.filter((i) => i.result === 'basic').length,
    fail: items.filter((i) => i.result === 'fail').length,
  };
}

/** What the public file keeps of a checklist: codes and results only (notes and photos stay internal). */
export const checklistFacts = (items: Entry[]) => ({ ...checklistSummary(items), items: ordered(items).map((i) => ({ code: i.code!, result: i.result! })) });

export function publicChecklist(facts: { items: { code: string; result: string }[] }) {
  const items = ordered(facts.items).map((i) => ({ code: i.code, name: itemName(i.code), result: i.result as CheckResult, resultLabel: CHECK_RESULT_LABELS[i.result as CheckResult] }));
  return { ...checklistSummary(items), items };
}

const isOverdue = (status: string | null | undefined, deadline: string | null | undefined, now = new Date()) =>
  status === 'pending' && !!deadline && deadline < shanghaiDate(now);

export function publicRectification(r: { status?: string | null; deadline?: string | null } | null | undefined, now = new Date()) {
  if (!r?.status || r.status === 'none') return null;
  const status: 'pending' | 'submitted' | 'closed' | 'overdue' = isOverdue(r.status, r.deadline, now) ? 'overdue' : (r.status as 'pending' | 'submitted' | 'closed');
  return { status, statusLabel: RECTIFICATION_STATUS_LABELS[status], deadline: r.deadline ?? null };
}

export function workshopRef(w: Pick<Lean<Workshop>, '_id' | 'name' | 'region' | 'regionName' | 'address'> | null, fallbackId: string) {
  return w
    ? { id: String(w._id), name: w.name, region: w.region, regionName: w.regionName, address: w.address }
    : { id: fallbackId, name: '（作坊已删除）', region: '', regionName: '', address: '' };
}

const checklistView = (items: Entry[]) =>
  ordered(items).map((i) => ({
    code: i.code!, name: itemName(i.code!), result: i.result as CheckResult, resultLabel: CHECK_RESULT_LABELS[i.result as CheckResult], note: i.note ?? null, photos: i.photos ?? [],
  }));

export function presentInspection(i: Lean<Inspection>, w: Lean<Workshop> | null, names: Map<string, string>, now = new Date()): InspectionView {
  const r = i.rectification;
  return {
    id: String(i._id),
    clientId: i.clientId,
    workshop: workshopRef(w, i.workshopId),
    date: i.date,
    inspectors: i.inspectorIds.map((id) => ({ id, name: names.get(id) ?? '监管人员' })),
    office: i.office,
    items: checklistView(i.items),
    summary: checklistSummary(i.items),
    result: i.result as InspectionResult,
    resultLabel: INSPECTION_RESULT_LABELS[i.result as InspectionResult],
    note: i.note ?? null,
    rectification: {
      status: (r?.status ?? 'none') as RectificationStatus,
      statusLabel: RECTIFICATION_STATUS_LABELS[isOverdue(r?.status, r?.deadline, now) ? 'overdue' : ((r?.status ?? 'none') as RectificationStatus)],
      deadline: r?.deadline ?? null,
      overdue: isOverdue(r?.status, r?.deadline, now),
      note: r?.note ?? null,
      photos: r?.photos ?? [],
      submittedAt: iso(r?.submittedAt),
      reviewedAt: iso(r?.reviewedAt),
      reviewNote: r?.reviewNote ?? null,
    },
    taskId: i.taskId ?? null,
    createdAt: iso(i.createdAt) ?? iso(i.at)!,
  };
}

export function presentSelfCheck(s: Lean<SelfCheck>): z.infer<typeof SelfCheckView> {
  return { id: String(s._id), workshopId: s.workshopId, at: iso(s.at)!, items: checklistView(s.items), summary: checklistSummary(s.items), note: s.note ?? null };
}

export function presentSample(s: Lean<Sample>, w: Lean<Workshop> | null, now = new Date()): z.infer<typeof SampleView> {
  const f = s.followUp;
  const status = (f?.status ?? 'none') as keyof typeof FOLLOW_UP_STATUS_LABELS;
  return {
    id: String(s._id),
    workshop: workshopRef(w, s.workshopId),
    product: s.product,
    batch: s.batch,
    items: s.items,
    sampledAt: s.sampledAt,
    lab: s.lab ?? null,
    reportNo: s.reportNo ?? null,
    result: s.result as SampleResult,
    resultLabel: SAMPLE_RESULT_LABELS[s.result as SampleResult],
    failedItems: s.failedItems,
    office: s.office,
    followUp: {
      status, statusLabel: FOLLOW_UP_STATUS_LABELS[status], due: f?.due ?? null,
      overdue: status === 'open' && !!f?.due && f.due < shanghaiDate(now),
      disposal: f?.disposal ?? null, closedAt: iso(f?.closedAt),
    },
    createdAt: iso(s.createdAt) ?? iso(s.at)!,
  };
}

export function presentPenalty(p: Lean<Penalty>, w: Lean<Workshop> | null, now = new Date()): z.infer<typeof PenaltyView> {
  const status = (p.repair?.status ?? 'none') as RepairStatus;
  return {
    id: String(p._id),
    workshop: workshopRef(w, p.workshopId),
    decisionNumber: p.decisionNumber,
    facts: p.facts,
    basis: p.basis,
    outcome: p.outcome,
    fineFen: p.fineFen ?? null,
    decidedAt: iso(p.decidedAt)!,
    publicityDays: p.publicityDays,
    publicityEnds: iso(p.publicityEnds)!,
    publicUntil: iso(p.publicUntil)!,
    public: p.publicUntil > now,
    office: p.office,
    repair: {
      status, statusLabel: REPAIR_STATUS_LABELS[status],
      eligible: p.publicityEnds <= now && p.publicUntil > now && (status === 'none' || status === 'rejected'),
      reason: p.repair?.reason ?? null, requestedAt: iso(p.repair?.requestedAt), reviewedAt: iso(p.repair?.reviewedAt), reviewNote: p.repair?.reviewNote ?? null,
    },
  };
}

export const inspectionTitle = (result: InspectionResult) => `日常监督检查：${INSPECTION_RESULT_LABELS[result]}`;
