// Regional KPIs computed in JS from small projected reads (FerretDB: no $lookup/$facet, and simple
// equality/prefix filters are the ones it pushes down). One pass groups every record under its child
// region, so the summary and the drill-down rows come from the same numbers.
import mongoose from 'mongoose';
import { KPI_TARGETS } from '@shared/domain/supervision';
import { regionLevel } from '@shared/domain/region';
import type { DashboardResponse, DashboardRow } from '@shared/schemas/dashboard';
import { CreditEventModel } from '../../models/CreditEvent';
import { InspectionModel } from '../../models/Inspection';
import { RegistrationModel } from '../../models/Registration';
import { SampleModel } from '../../models/Sample';
import { WorkshopModel } from '../../models/Workshop';
import type { Services } from '../../services';
import { insideRegion } from '../../policies/jurisdiction';

const DAY_MS = 86_400_000;
export const OPEN_REGISTRATION = ['submitted', 'accepted', 'site_check'] as ('submitted' | 'accepted' | 'site_check')[];

interface Counts {
  workshops: number; registered: number; inspected: number; filed: number; sampled: number;
  failed: number; failedClosed: number; overdueRegs: number; overdueRects: number;
  tip: { cases: number; open: number; acceptDays: number[]; closeDays: number[] } | null;
}
const empty = (): Counts => ({ workshops: 0, registered: 0, inspected: 0, filed: 0, sampled: 0, failed: 0, failedClosed: 0, overdueRegs: 0, overdueRects: 0, tip: null });

function ratio(numerator: number, denominator: number, target: number) {
  const value = denominator ? Math.round((numerator / denominator) * 10000) / 10000 : null;
  return { value, numerator, denominator, target, belowTarget: value !== null && value < target };
}
const avg = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null);

function row(services: Pick<Services, 'regions'>, code: string, c: Counts): DashboardRow {
  const overdue = c.overdueRegs + c.overdueRects;
  return {
    region: { code, name: services.regions.name(code) ?? code, level: regionLevel(code) },
    workshops: c.workshops,
    registered: c.registered,
    registrationRate: ratio(c.registered, c.workshops, KPI_TARGETS.registrationRate),
    inspectionCoverage: ratio(c.inspected, c.registered, KPI_TARGETS.inspectionCoverage),
    fileRate: ratio(c.filed, c.registered, KPI_TARGETS.fileRate),
    samplingCoverage: ratio(c.sampled, c.registered, KPI_TARGETS.samplingCoverage),
    failedFollowUp: ratio(c.failedClosed, c.failed, KPI_TARGETS.failedFollowUp),
    overdueItems: { value: overdue, registrations: c.overdueRegs, rectifications: c.overdueRects, target: KPI_TARGETS.overdueItems, belowTarget: overdue > KPI_TARGETS.overdueItems },
    tipoffHandling: c.tip && c.tip.cases ? { cases: c.tip.cases, open: c.tip.open, avgAcceptDays: avg(c.tip.acceptDays), avgCloseDays: avg(c.tip.closeDays) } : null,
  };
}

/** Year boundaries in Asia/Shanghai. */
const yearStart = (y: number) => new Date(`${y}-01-01T00:00:00+08:00`);

export async function computeDashboard(services: Pick<Services, 'regions'>, region: string, year: number, now = new Date()): Promise<DashboardResponse> {
  const from = yearStart(year);
  const to = yearStart(year + 1);
  const children = (services.regions.list(region) ?? []).map((r) => r.code);
  const childOf = (code: string) => children.find((c) => code.startsWith(c)) ?? null;
  const total = empty();
  const perChild = new Map(children.map((c) => [c, empty()]));
  const add = (code: string | null | undefined, f: (c: Counts) => void) => {
    if (!code) return;
    f(total);
    const ch = childOf(code);
    if (ch) f(perChild.get(ch)!);
  };
  const prefix = insideRegion(region);

  const workshops = await WorkshopModel.find({ region: prefix, status: { $in: ['registered', 'unlicensed'] } }, { _id: 1, region: 1, status: 1, lastInspectionAt: 1 }).lean();
  const registered = workshops.filter((w) => w.status === 'registered');
  const regionOf = new Map(registered.map((w) => [String(w._id), w.region]));
  const ids = [...regionOf.keys()];
  const filed = new Set<string>();
  for (let i = 0; i < ids.length; i += 1000) {
    for (const id of await CreditEventModel.distinct('workshopId', { workshopId: { $in: ids.slice(i, i + 1000) } })) filed.add(String(id));
  }
  for (const w of workshops) add(w.region, (c) => { c.workshops += 1; });
  for (const w of registered) {
    const id = String(w._id);
    add(w.region, (c) => {
      c.registered += 1;
      if (w.lastInspectionAt && w.lastInspectionAt >= from && w.lastInspectionAt < to) c.inspected += 1;
      if (filed.has(id)) c.filed += 1;
    });
  }

  const samples = await SampleModel.find({ region: prefix, at: { $gte: from, $lt: to } }, { workshopId: 1, region: 1, result: 1, followUp: 1 }).lean();
  const sampledIds = new Set<string>();
  for (const s of samples) {
    if (regionOf.has(s.workshopId) && !sampledIds.has(s.workshopId)) {
      sampledIds.add(s.workshopId);
      add(regionOf.get(s.workshopId), (c) => { c.sampled += 1; });
    }
    if (s.result === 'fail') add(s.region, (c) => { c.failed += 1; if (s.followUp?.status === 'closed') c.failedClosed += 1; });
  }

  const [regs, rects] = await Promise.all([
    RegistrationModel.find({ region: prefix, status: { $in: OPEN_REGISTRATION }, 'deadline.dueAt': { $lt: now } }, { region: 1 }).lean(),
    InspectionModel.find({ region: prefix, 'rectification.status': 'pending', 'rectification.deadlineAt': { $lt: now } }, { region: 1 }).lean(),
  ]);
  for (const r of regs) add(r.region, (c) => { c.overdueRegs += 1; });
  for (const r of rects) add(r.region, (c) => { c.overdueRects += 1; });

  // Tip-off cases (the tip-off feature's collection), read raw so this view only needs its field names.
  const db = mongoose.connection.db;
  if (db) {
    const cases = await db.collection('tipoff_cases').find({ region: prefix, createdAt: { $gte: from, $lt: to } }, { projection: { region: 1, createdAt: 1, acceptedAt: 1, decidedAt: 1, status: 1, 'outcome.closedAt': 1 } }).toArray();
    for (const t of cases) {
      add(t.region as string, (c) => {
        c.tip ??= { cases: 0, open: 0, acceptDays: [], closeDays: [] };
        c.tip.cases += 1;
        const created = new Date(t.createdAt as Date).getTime();
        const decided = (t.acceptedAt ?? t.decidedAt) as Date | null;
        if (decided) c.tip.acceptDays.push((new Date(decided).getTime() - created) / DAY_MS);
        const closed = (t.outcome as { closedAt?: Date } | null)?.closedAt;
        if (closed) c.tip.closeDays.push((new Date(closed).getTime() - created) / DAY_MS);
        if (t.status === 'submitted' || t.status === 'accepted') c.tip.open += 1;
      });
    }
  }

  return {
    year,
    generatedAt: now.toISOString(),
    summary: row(services, region, total),
    children: children.map((c) => row(services, c, perChild.get(c)!)).filter((r) => r.workshops > 0 || regionLevel(r.region.code) !== 'township'),
  };
}
