// Demo supervision records across the demo province: inspections (some with rectification in every
// state, a few overdue), samples (a few failed, two follow-ups still open), penalties (one with a credit
// repair waiting for review), risk grades recomputed from them, and one 双随机 task drawn for 柳州.
// Bulk writes (insertMany); called by seedDemo when it creates the workshops.
import { randomUUID } from 'node:crypto';
import { CHECKLIST_ITEMS } from '@shared/domain/categories';
import { PENALTY_MAX_PUBLIC_DAYS } from '@shared/domain/supervision';
import { CreditEventModel } from '../models/CreditEvent';
import { DrawTaskModel } from '../models/DrawTask';
import { InspectionModel, type InspectionDoc } from '../models/Inspection';
import { PenaltyModel, type PenaltyDoc } from '../models/Penalty';
import { SampleModel, type SampleDoc } from '../models/Sample';
import { UserModel } from '../models/User';
import { WorkshopModel } from '../models/Workshop';
import type { RegionService } from '../services/regions';
import type { Services } from '../services';
import { shanghaiDate } from '../services/calendar';
import { scoreRisk } from '../services/risk';
import { officeOf } from '../services/regions';
import { inspectionCreditFields } from '../commands/supervision/inspections';
import { sampleCreditFields } from '../commands/supervision/sampling';
import { newSeed, performDraw } from '../commands/supervision/draws';
import { DRAW_ALGORITHM } from '@shared/domain/draw';

const DAY_MS = 86_400_000;
const PRODUCT_ITEMS: Record<string, string[]> = {
  edible_oil: ['黄曲霉毒素B1', '酸价', '过氧化值'], meat: ['亚硝酸盐', '菌落总数'], rice_flour: ['二氧化硫残留量', '菌落总数'],
  liquor: ['甲醇', '氰化物'], soy: ['苯甲酸', '菌落总数'], pastry: ['酸价', '过氧化值', '菌落总数'],
};
const NOTES: Record<string, string> = {
  cleanliness: '生产车间地面有积水，墙角有霉斑', purchase_check: '原料进货台账记录不全', health_check: '1名从业人员健康证过期',
  labeling: '预包装产品未标注生产日期', additive_notice: '未公示使用的食品添加剂', receipts: '原料采购票据未留存',
};
const FAILABLE = Object.keys(NOTES);

type W = { _id: unknown; name: string; region: string; status: string; categories: string[]; products: string[] };

/** Deterministic numbers, so every demo database looks the same. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

export async function seedDemoSupervision(regions: RegionService, workshops: W[], opts: { now?: Date } = {}): Promise<{ inspections: number; samples: number; penalties: number }> {
  if (await InspectionModel.exists({ demo: true })) return { inspections: 0, samples: 0, penalties: 0 };
  const now = opts.now ?? new Date();
  const rand = rng(20261124);
  const pick = <T>(l: readonly T[]) => l[Math.floor(rand() * l.length)];
  const daysAgo = (n: number) => new Date(now.getTime() - n * DAY_MS);
  const dateOf = (d: Date) => shanghaiDate(d);
  const office = (region: string) => officeOf({ regions }, region) ?? '市场监督管理局';

  // One more inspector per demo county (鱼峰区 already has two), so pairs can be drawn everywhere.
  const counties = [...new Set(workshops.map((w) => w.region.slice(0, 6)))];
  for (const county of counties) {
    const openid = `dev:inspector:${county}:演示执法员`;
    const name = `${regions.name(county) ?? ''}执法员`;
    await UserModel.updateOne({ openid }, { $setOnInsert: { openid, name, roles: ['citizen', 'inspector'], region: county } }, { upsert: true });
  }
  const staff = await UserModel.find({ roles: 'inspector', region: { $in: counties } }).lean();
  const inspectorsOf = (region: string) => staff.filter((u) => region.startsWith(u.region!)).map((u) => String(u._id));

  const registered = workshops.filter((w) => w.status === 'registered');
  const inspections: Record<string, unknown>[] = [];
  const samples: Record<string, unknown>[] = [];
  const penalties: Record<string, unknown>[] = [];
  let openFollowUps = 0;
  let penaltySeq = 0;
  registered.forEach((w, idx) => {
    const id = String(w._id);
    const pair = inspectorsOf(w.region).slice(0, 2);
    // Most workshops were inspected this year; some only last year; a few not at all (coverage < 100%).
    const visits = idx % 11 === 10 ? [] : idx % 7 === 6 ? [400 + Math.floor(rand() * 200)] : [20 + Math.floor(rand() * 280), ...(rand() < 0.3 ? [400 + Math.floor(rand() * 200)] : [])];
    for (const ago of visits) {
      const roll = rand();
      const result = roll < 0.68 ? 'none' : roll < 0.95 ? 'rectify' : 'case';
      const failed = result === 'none' ? [] : [pick(FAILABLE), ...(rand() < 0.4 ? [pick(FAILABLE)] : [])];
      const at = daysAgo(ago);
      const deadline = result === 'rectify' ? dateOf(new Date(at.getTime() + 15 * DAY_MS)) : null;
      // Old orders are closed; recent ones pending or submitted; a couple overdue for the dashboard.
      const status = !deadline ? 'none' : ago > 60 ? 'closed' : ago > 30 ? (rand() < 0.5 ? 'pending' : 'submitted') : 'pending';
      inspections.push({
        clientId: randomUUID(), workshopId: id, region: w.region, date: dateOf(at), at, inspectorIds: pair, office: office(w.region),
        items: CHECKLIST_ITEMS.map((c) => ({
          code: c.code, result: failed.includes(c.code) ? 'fail' : rand() < 0.08 ? 'basic' : 'pass', note: failed.includes(c.code) ? NOTES[c.code] : null, photos: [],
        })),
        result, note: result === 'case' ? '涉嫌违法生产经营，已报请立案' : null,
        rectification: deadline
          ? {
              status, deadline, deadlineAt: new Date(`${deadline}T23:59:59.999+08:00`),
              note: status === 'submitted' || status === 'closed' ? '已按要求完成整改' : null,
              submittedAt: status === 'submitted' || status === 'closed' ? new Date(at.getTime() + 10 * DAY_MS) : null,
              reviewedAt: status === 'closed' ? new Date(at.getTime() + 16 * DAY_MS) : null,
              reviewedBy: status === 'closed' ? pair[0] ?? null : null,
              reviewNote: status === 'closed' ? '复查合格' : null,
            }
          : { status: 'none' },
        demo: true,
      });
      if (result === 'case') {
        penaltySeq += 1;
        const decidedAt = new Date(at.getTime() + 20 * DAY_MS);
        const publicityDays = penaltySeq % 2 ? 90 : 365;
        const repairRequested = penaltySeq === 1 && now.getTime() - decidedAt.getTime() > publicityDays * DAY_MS;
        penalties.push({
          decisionNumber: `${(regions.name(w.region.slice(0, 6)) ?? '').slice(0, 2)}市监处罚〔${decidedAt.getUTCFullYear()}〕${100 + penaltySeq}号`,
          workshopId: id, region: w.region,
          facts: `${failed.map((c) => NOTES[c]).join('；')}，经责令整改逾期未改正`, basis: '《广西壮族自治区食品小作坊小餐饮和食品摊贩管理条例》',
          outcome: '警告，罚款人民币五千元', fineFen: 500_000, decidedAt, publicityDays,
          publicityEnds: new Date(decidedAt.getTime() + publicityDays * DAY_MS), publicUntil: new Date(decidedAt.getTime() + PENALTY_MAX_PUBLIC_DAYS * DAY_MS),
          office: office(w.region), createdBy: pair[0] ?? 'seed',
          repair: repairRequested ? { status: 'requested', reason: '已全面整改并签署信用承诺书', requestedAt: daysAgo(3) } : { status: 'none' },
          demo: true,
        });
      }
    }
    // Sampling coverage around 60%; about one in twelve samples fails.
    if (rand() < 0.62) {
      const category = w.categories[0] ?? 'rice_flour';
      const items = PRODUCT_ITEMS[category] ?? ['菌落总数', '大肠菌群'];
      const fail = rand() < 0.085;
      const at = daysAgo(10 + Math.floor(rand() * 250));
      const open = fail && openFollowUps < 2;
      if (open) openFollowUps += 1;
      samples.push({
        clientId: randomUUID(), workshopId: id, region: w.region, product: w.products[0] ?? '米粉', batch: dateOf(daysAgo(15 + Math.floor(rand() * 250))).replace(/-/g, ''),
        items, sampledAt: dateOf(at), at, lab: '广西壮族自治区食品药品检验所', reportNo: `GX${dateOf(at).replace(/-/g, '')}${String(idx).padStart(3, '0')}`,
        result: fail ? 'fail' : 'pass', failedItems: fail ? [items[0]] : [], office: office(w.region), inspectorId: pair[0] ?? 'seed',
        followUp: fail
          ? open
            ? { status: 'open', due: dateOf(daysAgo(-7)), dueAt: new Date(now.getTime() + 7 * DAY_MS) }
            : { status: 'closed', due: dateOf(new Date(at.getTime() + 14 * DAY_MS)), disposal: '责令召回并监督销毁同批次产品', closedAt: new Date(at.getTime() + 12 * DAY_MS), closedBy: pair[0] ?? null }
          : { status: 'none' },
        demo: true,
      });
    }
  });

  const [insDocs, sampleDocs, penDocs] = (await Promise.all([
    InspectionModel.insertMany(inspections), SampleModel.insertMany(samples), PenaltyModel.insertMany(penalties),
  ])) as unknown as [InspectionDoc[], SampleDoc[], PenaltyDoc[]];
  const credit = [
    ...insDocs.map((i) => ({ ref: `Inspection:${String(i._id)}`, ...inspectionCreditFields(i.toObject()) })),
    ...sampleDocs.map((s) => ({ ref: `Sample:${String(s._id)}`, ...sampleCreditFields(s.toObject()) })),
    ...penDocs.map((p) => ({
      ref: `Penalty:${String(p._id)}`, workshopId: p.workshopId, type: 'penalty', at: p.decidedAt, title: '行政处罚',
      detail: `决定书文号：${p.decisionNumber}；违法事实：${p.facts}；处罚依据：${p.basis}`, result: p.outcome, source: p.office, publicUntil: p.publicUntil,
    })),
  ];
  await CreditEventModel.insertMany(credit, { ordered: false });

  // Grades and last inspection dates from the records just written (same scoring as the live path).
  const byWorkshop = <T extends { workshopId: string }>(list: T[]) => {
    const m = new Map<string, T[]>();
    for (const x of list) m.set(x.workshopId, [...(m.get(x.workshopId) ?? []), x]);
    return m;
  };
  const ins = byWorkshop(insDocs.map((i) => i.toObject()));
  const sam = byWorkshop(sampleDocs.map((s) => s.toObject()));
  const pen = byWorkshop(penDocs.map((p) => p.toObject()));
  for (const w of registered) {
    const id = String(w._id);
    const list = ins.get(id) ?? [];
    const outcome = scoreRisk({
      categories: w.categories,
      inspections: list.map((i) => ({ at: i.at, result: i.result as 'none' | 'rectify' | 'case', failedItems: i.items.filter((x) => x.result === 'fail').length })),
      samples: (sam.get(id) ?? []).map((s) => ({ at: s.at, result: s.result as 'pass' | 'fail' })),
      penalties: (pen.get(id) ?? []).map((p) => ({ at: p.decidedAt })),
      tipoffs: [],
    }, now);
    const last = list.reduce<Date | null>((m, i) => (!m || i.at > m ? i.at : m), null);
    await WorkshopModel.updateOne({ _id: w._id }, { $set: { riskGrade: outcome.grade, riskScore: outcome.score, riskReasons: outcome.reasons, riskUpdatedAt: now, lastInspectionAt: last } });
  }

  // 双随机: one task for 柳州 whose seed hash was published 26 hours ago, drawn, with planned visits for the
  // inspector pairs; and one for 鱼峰区 published 4 hours ago, waiting out the commitment period.
  const year = Number(dateOf(now).slice(0, 4));
  const q = Math.floor(Number(dateOf(now).slice(5, 7)) / 3.01);
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);
  const committed = async (fields: { title: string; region: string; office: string; sharePercent: number }, publishedHoursAgo: number) => {
    const { seed, seedHash } = newSeed();
    const task = await DrawTaskModel.create({
      ...fields, categories: [], periodStart: dateOf(now), periodEnd: dateOf(daysAgo(-60)), seed, seedHash, algorithm: DRAW_ALGORITHM,
      createdBy: 'seed', demo: true, drawableAt: hoursAgo(publishedHoursAgo - 24),
    });
    // Published back then: createdAt is the publication time the notice shows (through the driver: mongoose
    // keeps createdAt immutable).
    await DrawTaskModel.collection.updateOne({ _id: task._id }, { $set: { createdAt: hoursAgo(publishedHoursAgo) } });
    return task;
  };
  const task = await committed({ title: `${year}年第${'一二三四'[q]}季度柳州市食品小作坊双随机抽查`, region: '4502', office: '柳州市市场监督管理局', sharePercent: 10 }, 26);
  // Demo tasks send no notices, so the draw needs no WeChat client.
  await performDraw({} as Services, task, null);
  await committed({ title: `${year}年鱼峰区米粉作坊专项双随机抽查`, region: '450203', office: '柳州市鱼峰区市场监督管理局', sharePercent: 20 }, 4);
  return { inspections: insDocs.length, samples: sampleDocs.length, penalties: penDocs.length };
}
