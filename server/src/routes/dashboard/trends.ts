// Monthly trends of the regional KPIs (last 12 months, Asia/Shanghai) and 示范单位 per county, computed in JS
// from small projected reads like kpis.ts (FerretDB: no $lookup/$facet). Every read has a declared index:
// workshops {status, region}, inspections and samples {region, at}, credit events {workshopId, at},
// registrations {status, region, deadline.dueAt}, tipoff_cases {region, createdAt}, awards {status, region}
// and {kind, status, grantedAt, region}.
import mongoose from 'mongoose';
import { KPI_TARGETS, MODEL_UNIT_TARGETS } from '@shared/domain/supervision';
import { AWARD_STATUSES, SHOWN_AWARD_STATUSES } from '@shared/domain/programs';
import { regionLevel } from '@shared/domain/region';
import type { DashboardAwardsResponse, DashboardTrendsResponse } from '@shared/schemas/dashboard';
import { AwardModel } from '../../models/Award';
import { CreditEventModel } from '../../models/CreditEvent';
import { InspectionModel } from '../../models/Inspection';
import { RegistrationModel } from '../../models/Registration';
import { SampleModel } from '../../models/Sample';
import { WorkshopModel } from '../../models/Workshop';
import type { Services } from '../../services';
import { insideRegion } from '../../policies/jurisdiction';
import { shanghaiDate } from '../../services/calendar';
import { OPEN_REGISTRATION } from './kpis';

const DAY_MS = 86_400_000;

/** First instant of a Shanghai month. */
const monthStart = (y: number, m: number) => new Date(`${y + Math.floor((m - 1) / 12)}-${String(((m - 1) % 12) + 1).padStart(2, '0')}-01T00:00:00+08:00`);

function ratio(numerator: number, denominator: number) {
  return { value: denominator ? Math.round((numerator / denominator) * 10000) / 10000 : null, numerator, denominator };
}

/** The 12 months ending with `to` (YYYY-MM; default: this month in Shanghai). */
export function trendMonths(to: string | undefined, now: Date) {
  const [ty, tm] = (to ?? shanghaiDate(now).slice(0, 7)).split('-').map(Number);
  return Array.from({ length: 12 }, (_, i) => {
    const k = ty * 12 + (tm - 1) - 11 + i;
    const y = Math.floor(k / 12);
    const m = (k % 12) + 1;
    return { label: `${y}-${String(m).padStart(2, '0')}`, year: y, start: monthStart(y, m), end: monthStart(y, m + 1), yearStart: monthStart(y, 1) };
  });
}

const time = (d: unknown) => (d ? new Date(d as Date).getTime() : null);

export async function computeTrends(services: Pick<Services, 'regions'>, region: string, to: string | undefined, now = new Date()): Promise<DashboardTrendsResponse> {
  const months = trendMonths(to, now);
  const first = months[0];
  const last = months[11];
  const from = first.yearStart; // year-to-date figures of the first month start in its January
  const prefix = insideRegion(region);
  const nowMs = now.getTime();

  // Workshops known by each month end: registered since their certificate (or record) date, black workshops
  // since they were recorded. Cancelled ones are left out, as in the yearly figures.
  const workshops = await WorkshopModel.find({ region: prefix, status: { $in: ['registered', 'unlicensed'] } }, { _id: 1, status: 1, createdAt: 1, certificate: 1 }).lean();
  const since = new Map<string, number>();
  const unlicensedSince: number[] = [];
  for (const w of workshops) {
    const created = time((w as { createdAt?: Date }).createdAt) ?? 0;
    if (w.status === 'registered') since.set(String(w._id), time(w.certificate?.issuedAt) ?? created);
    else unlicensedSince.push(created);
  }
  const ids = [...since.keys()];
  const firstEvent = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 1000) {
    const events = await CreditEventModel.find({ workshopId: { $in: ids.slice(i, i + 1000) }, at: { $lt: last.end } }, { _id: 0, workshopId: 1, at: 1 }).lean();
    for (const e of events) {
      const at = new Date(e.at).getTime();
      const prev = firstEvent.get(e.workshopId);
      if (prev === undefined || at < prev) firstEvent.set(e.workshopId, at);
    }
  }

  const [inspections, samples, regs] = await Promise.all([
    InspectionModel.find({ region: prefix, at: { $gte: from, $lt: last.end } }, { workshopId: 1, at: 1, rectification: 1 }).lean(),
    SampleModel.find({ region: prefix, at: { $gte: from, $lt: last.end } }, { workshopId: 1, at: 1, result: 1, followUp: 1 }).lean(),
    RegistrationModel.find({ region: prefix, status: { $in: OPEN_REGISTRATION }, 'deadline.dueAt': { $gte: first.start, $lt: last.end } }, { deadline: 1 }).lean(),
  ]);
  const db = mongoose.connection.db;
  const cases = db
    ? await db.collection('tipoff_cases').find({ region: prefix, createdAt: { $gte: first.start, $lt: last.end } }, { projection: { createdAt: 1, 'outcome.closedAt': 1 } }).toArray()
    : [];

  const series: DashboardTrendsResponse['series'] = {
    registrationRate: [], inspectionCoverage: [], fileRate: [], samplingCoverage: [], failedFollowUp: [],
    overdueItems: [], inspections: [], samples: [], tipoffs: [], tipoffCloseDays: [],
  };
  for (const m of months) {
    const s = m.start.getTime();
    const e = m.end.getTime();
    const y = m.yearStart.getTime();
    const registered = new Set(ids.filter((id) => since.get(id)! < e));
    const known = registered.size + unlicensedSince.filter((t) => t < e).length;
    series.registrationRate.push(ratio(registered.size, known));
    series.fileRate.push(ratio([...registered].filter((id) => (firstEvent.get(id) ?? Infinity) < e).length, registered.size));

    const inspected = new Set<string>();
    let inspectionsInMonth = 0;
    let lateRectifications = 0;
    for (const i of inspections) {
      const at = new Date(i.at).getTime();
      if (at >= y && at < e && registered.has(i.workshopId)) inspected.add(i.workshopId);
      if (at >= s && at < e) inspectionsInMonth += 1;
      const r = i.rectification;
      const due = time(r?.deadlineAt);
      if (r && r.status !== 'none' && due !== null && due >= s && due < e && due < nowMs) {
        const submitted = time(r.submittedAt);
        if (submitted === null ? r.status === 'pending' : submitted > due) lateRectifications += 1;
      }
    }
    series.inspectionCoverage.push(ratio(inspected.size, registered.size));
    series.inspections.push(inspectionsInMonth);

    const sampled = new Set<string>();
    let samplesInMonth = 0;
    let failed = 0;
    let followedUp = 0;
    for (const x of samples) {
      const at = new Date(x.at).getTime();
      if (at < y || at >= e) continue;
      if (registered.has(x.workshopId)) sampled.add(x.workshopId);
      if (at >= s) samplesInMonth += 1;
      if (x.result === 'fail') {
        failed += 1;
        const closed = time(x.followUp?.closedAt);
        if (x.followUp?.status === 'closed' && (closed === null || closed < e)) followedUp += 1;
      }
    }
    series.samplingCoverage.push(ratio(sampled.size, registered.size));
    series.failedFollowUp.push(ratio(followedUp, failed));
    series.samples.push(samplesInMonth);

    const lateRegs = regs.filter((r) => { const due = time(r.deadline?.dueAt)!; return due >= s && due < e && due < nowMs; }).length;
    series.overdueItems.push(lateRectifications + lateRegs);

    const inMonth = cases.filter((c) => { const t = time(c.createdAt)!; return t >= s && t < e; });
    const closeDays = inMonth
      .map((c) => { const closed = time((c.outcome as { closedAt?: Date } | null)?.closedAt); return closed === null ? null : (closed - time(c.createdAt)!) / DAY_MS; })
      .filter((d): d is number => d !== null);
    series.tipoffs.push(inMonth.length);
    series.tipoffCloseDays.push(closeDays.length ? Math.round((closeDays.reduce((a, b) => a + b, 0) / closeDays.length) * 10) / 10 : null);
  }

  return {
    region: { code: region, name: services.regions.name(region) ?? region },
    months: months.map((m) => m.label),
    targets: {
      registrationRate: KPI_TARGETS.registrationRate, inspectionCoverage: KPI_TARGETS.inspectionCoverage, fileRate: KPI_TARGETS.fileRate,
      samplingCoverage: KPI_TARGETS.samplingCoverage, failedFollowUp: KPI_TARGETS.failedFollowUp,
    },
    series,
  };
}

/** The counties a region covers: a province's through its cities, a city's, or the county (township) itself. */
function countiesOf(services: Pick<Services, 'regions'>, region: string): string[] {
  const level = regionLevel(region);
  if (level === 'province') return (services.regions.list(region) ?? []).flatMap((c) => (services.regions.list(c.code) ?? []).map((x) => x.code));
  if (level === 'city') return (services.regions.list(region) ?? []).map((c) => c.code);
  return [region];
}

export async function computeAwardsPerCounty(services: Pick<Services, 'regions'>, region: string, year: number): Promise<DashboardAwardsResponse> {
  const prefix = insideRegion(region);
  const counties = countiesOf(services, region);
  const countyOf = (code: string) => counties.find((c) => code.startsWith(c)) ?? null;
  const rows = new Map(counties.map((c) => [c, { code: c, name: services.regions.name(c) ?? c, modelUnits: 0, modelUnitsThisYear: 0, otherAwards: 0, belowTarget: false }]));
  const [shown, grantedThisYear] = await Promise.all([
    AwardModel.find({ status: { $in: [...SHOWN_AWARD_STATUSES] }, region: prefix }, { _id: 0, kind: 1, region: 1 }).lean(),
    AwardModel.find(
      { kind: 'model_unit', status: { $in: [...AWARD_STATUSES] }, grantedAt: { $gte: new Date(`${year}-01-01T00:00:00+08:00`), $lt: new Date(`${year + 1}-01-01T00:00:00+08:00`) }, region: prefix },
      { _id: 0, region: 1 },
    ).lean(),
  ]);
  for (const a of shown) {
    const row = rows.get(countyOf(a.region) ?? '');
    if (!row) continue;
    if (a.kind === 'model_unit') row.modelUnits += 1;
    else row.otherAwards += 1;
  }
  for (const a of grantedThisYear) {
    const row = rows.get(countyOf(a.region) ?? '');
    if (row) row.modelUnitsThisYear += 1;
  }
  for (const r of rows.values()) r.belowTarget = r.modelUnits < MODEL_UNIT_TARGETS.perCounty || r.modelUnitsThisYear < MODEL_UNIT_TARGETS.perYear;
  return {
    year,
    region: { code: region, name: services.regions.name(region) ?? region },
    targets: { modelUnits: MODEL_UNIT_TARGETS.perCounty, modelUnitsPerYear: MODEL_UNIT_TARGETS.perYear },
    counties: [...rows.values()],
  };
}
