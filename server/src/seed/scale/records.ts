// The generator's state and its small helpers (deterministic names, numbers, dates), and the supervision
// records of one workshop: inspections, penalties, samples, as the commands store them.
import { CHECKLIST_ITEMS, type CategoryCode } from '@shared/domain/categories';
import { idCheckChar } from '@shared/domain/idNumber';
import { PENALTY_MAX_PUBLIC_DAYS, SAMPLE_FOLLOW_UP_WORKING_DAYS } from '@shared/domain/supervision';
import { endOfShanghaiDay } from '../../commands/registration/deadline';
import type { InspectionFacts } from '../../commands/supervision/inspections';
import type { SampleFacts } from '../../commands/supervision/sampling';
import { CalendarService, shanghaiDate } from '../../services/calendar';
import type { CreditEventFields } from '../../services/publicFile';
import { officeOf, type RegionService } from '../../services/regions';
import {
  CODE_ALPHABET, DAY_MS, FAIL_NOTES, FAILABLE, GIVEN, LABS, PRODUCT_ITEMS, SAMPLE_SIZE, SURNAMES, VILLAGES, prng, townshipsOf,
  type Batch, type Doc, type Rand, type ScaleSample, type Township,
} from './vocabulary';

export abstract class Records {
  protected readonly r: Rand;
  protected readonly towns: Township[];
  protected readonly names = new Set<string>();
  protected readonly receipts = new Set<string>();
  protected readonly openKeys = new Set<string>();
  protected readonly certSeq = new Map<string, number>();
  protected readonly decisionSeq = new Map<string, number>();
  protected readonly calendar = new CalendarService();
  readonly inspectors = new Map<string, [string, string]>();
  readonly sample: ScaleSample = { workshopIds: [], certificateNumbers: [], counties: [], words: [] };
  protected readonly countyCounts = new Map<string, number>();
  protected readonly stride: number;
  protected sampleSeq = 0;
  protected lastClosedAt: Date | null = null;

  constructor(protected readonly regions: RegionService, total: number, seed: number, protected readonly asOf: Date) {
    this.r = prng(seed);
    this.towns = townshipsOf(regions);
    this.stride = Math.max(1, Math.floor(total / SAMPLE_SIZE));
  }

  // ---- small helpers

  protected office(region: string) { return officeOf({ regions: this.regions }, region) ?? '市场监督管理局'; }
  /** A moment in working hours (Beijing time) on the day of `d`. */
  protected workTime(d: Date): Date {
    const day = shanghaiDate(d);
    return new Date(new Date(`${day}T09:00:00+08:00`).getTime() + this.r.int(8 * 60) * 60_000);
  }
  protected between(a: Date, b: Date): Date { return new Date(a.getTime() + this.r.next() * Math.max(0, b.getTime() - a.getTime())); }
  protected ago(days: number): Date { return new Date(this.asOf.getTime() - days * DAY_MS); }
  protected async working(from: Date, days: number) {
    const r = await this.calendar.addWorkingDays(from, days);
    return { due: r.date, dueAt: endOfShanghaiDay(r.date), estimated: r.estimated };
  }
  protected person() { return this.r.pick(SURNAMES) + this.r.pick(GIVEN); }
  protected phone() { return `1${this.r.pick(['3', '5', '7', '8', '9'])}${String(this.r.int(1e9)).padStart(9, '0')}`; }
  protected idNumber(county: string) {
    const birth = new Date(Date.UTC(1955 + this.r.int(45), this.r.int(12), 1 + this.r.int(28)));
    const first17 = `${county}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(this.r.int(1000)).padStart(3, '0')}`;
    return first17 + idCheckChar(first17);
  }
  protected receipt(): string {
    for (;;) {
      let s = '';
      for (let i = 0; i < 10; i++) s += CODE_ALPHABET[this.r.int(CODE_ALPHABET.length)];
      if (!this.receipts.has(s)) { this.receipts.add(s); return s; }
    }
  }
  protected workshopName(t: Township, surname: string, owner: string, product: string): string {
    const county = (this.regions.name(t.county) ?? '').replace(/(自治县|县|区|市)$/, '');
    const patterns = [
      () => `${t.short}${surname}记${product}作坊`, () => `${t.short}${surname}家${product}坊`, () => `${t.short}老${surname}${product}店`,
      () => `${t.short}${surname}氏${product}手工坊`, () => `${county}${owner}${product}作坊`, () => `${surname}记${product}坊`,
      () => `${t.short}${product}加工坊`, () => `${county}${t.short}${surname}记${product}店`,
    ];
    for (let i = 0; i < 12; i++) {
      const name = this.r.pick(patterns)();
      if (!this.names.has(name)) { this.names.add(name); return name; }
    }
    for (let n = 2; ; n++) {
      const name = `${t.short}${surname}记${product}${'二三四五六七八九'[Math.min(n - 2, 7)]}${n > 9 ? n : ''}店`;
      if (!this.names.has(name)) { this.names.add(name); return name; }
    }
  }
  protected certificateNumber(county: string, year: number): string {
    const key = `cert:${county}:${year}`;
    const n = (this.certSeq.get(key) ?? 0) + 1;
    this.certSeq.set(key, n);
    return `JY${county}${year}${String(n).padStart(4, '0')}`;
  }
  protected decisionNumber(t: Township, year: number): string {
    const abbr = `${(this.regions.name(t.city) ?? '').slice(0, 1)}${(this.regions.name(t.county) ?? '').slice(0, 1)}`;
    const key = `${abbr}:${year}`;
    const n = (this.decisionSeq.get(key) ?? 0) + 1;
    this.decisionSeq.set(key, n);
    return `${abbr}市监处罚〔${year}〕${n}号`;
  }
  protected credit(b: Batch, ref: string, fields: CreditEventFields, events: (CreditEventFields & { ref: string })[]) {
    const doc = { _id: this.r.oid(fields.at), ref, ...fields, detail: fields.detail ?? null, result: fields.result ?? null, publicUntil: fields.publicUntil ?? null, data: fields.data ?? null };
    b.credit.push(doc);
    events.push({ ref, ...fields });
  }


  protected uniqueBlackName(t: Township, product: string): string {
    for (let n = 1; ; n++) {
      const name = `${t.short}${this.r.pick(VILLAGES)}${n > 1 ? n : ''}巷无证${product}加工点`;
      if (!this.names.has(name)) { this.names.add(name); return name; }
    }
  }


  protected inspection(t: Township, workshopId: string, at: Date, inspectors: [string, string], office: string): Doc & InspectionFacts {
    const r = this.r;
    const roll = r.next();
    const result = roll < 0.7 ? 'none' : roll < 0.98 ? 'rectify' : 'case';
    const failed = result === 'none' ? [] : [r.pick(FAILABLE), ...(r.next() < 0.4 ? [r.pick(FAILABLE)] : [])];
    const deadline = result === 'rectify' ? shanghaiDate(new Date(at.getTime() + 15 * DAY_MS)) : null;
    const age = (this.asOf.getTime() - at.getTime()) / DAY_MS;
    const rstatus = !deadline ? 'none' : age > 45 ? 'closed' : age > 12 ? (r.next() < 0.5 ? 'pending' : 'submitted') : 'pending';
    const reviewedAt = rstatus === 'closed' ? new Date(at.getTime() + (16 + r.int(10)) * DAY_MS) : null;
    const doc = {
      _id: r.oid(at), clientId: r.uuid(), workshopId, region: t.code, date: shanghaiDate(at), at, inspectorIds: inspectors, office,
      items: CHECKLIST_ITEMS.map((c) => ({ code: c.code, result: failed.includes(c.code) ? 'fail' : r.next() < 0.08 ? 'basic' : 'pass', note: failed.includes(c.code) ? FAIL_NOTES[c.code] : null, photos: [] })),
      result, note: result === 'case' ? '涉嫌违法生产经营，已报请立案' : null, taskId: null,
      rectification: deadline
        ? {
            status: rstatus, deadline, deadlineAt: endOfShanghaiDay(deadline), photos: [],
            note: rstatus === 'none' || rstatus === 'pending' ? null : '已按要求完成整改',
            submittedAt: rstatus === 'submitted' || rstatus === 'closed' ? new Date(at.getTime() + (5 + r.int(9)) * DAY_MS) : null,
            reviewedAt, reviewedBy: reviewedAt ? inspectors[0] : null, reviewNote: reviewedAt ? '复查合格' : null,
            version: rstatus === 'closed' ? 2 : rstatus === 'submitted' ? 1 : 0,
          }
        : { status: 'none' },
      createdAt: at, updatedAt: reviewedAt ?? at,
    };
    return doc;
  }

  protected penalty(t: Township, workshopId: string, decidedAt: Date, inspection: Doc, office: string, by: string): Doc {
    const r = this.r;
    const publicityDays = r.pick([90, 180, 365]);
    const publicityEnds = new Date(decidedAt.getTime() + publicityDays * DAY_MS);
    const facts = (inspection.items as { result: string; note: string | null }[]).filter((i) => i.result === 'fail').map((i) => i.note).join('；');
    // Some penalties past their publicity period were repaired (信用修复): off the public file since.
    const repairable = publicityEnds.getTime() + 30 * DAY_MS < this.asOf.getTime();
    const repaired = repairable && r.next() < 0.3;
    const requestedAt = repaired ? new Date(publicityEnds.getTime() + (5 + r.int(20)) * DAY_MS) : null;
    const reviewedAt = requestedAt ? new Date(requestedAt.getTime() + (3 + r.int(7)) * DAY_MS) : null;
    const fineFen = r.pick([200_000, 500_000, 1_000_000, 2_000_000]);
    return {
      _id: r.oid(decidedAt), decisionNumber: this.decisionNumber(t, Number(shanghaiDate(decidedAt).slice(0, 4))), workshopId, region: t.code,
      facts: `${facts || '生产经营条件不符合要求'}，经责令整改逾期未改正`, basis: '《广西壮族自治区食品小作坊小餐饮和食品摊贩管理条例》',
      outcome: `警告，罚款人民币${fineFen / 100}元`, fineFen, decidedAt, publicityDays, publicityEnds,
      publicUntil: new Date(decidedAt.getTime() + PENALTY_MAX_PUBLIC_DAYS * DAY_MS), office, createdBy: by,
      repair: repaired
        ? { status: 'approved', reason: '已全面整改并签署信用承诺书', photos: [], requestedAt, reviewedAt, reviewedBy: by, reviewNote: '整改到位，同意信用修复', version: 2 }
        : { status: 'none', photos: [], version: 0 },
      createdAt: decidedAt, updatedAt: reviewedAt ?? decidedAt,
    };
  }

  protected async sampleDoc(t: Township, workshopId: string, at: Date, category: CategoryCode, products: string[], office: string, by: string): Promise<Doc & SampleFacts> {
    const r = this.r;
    const items = PRODUCT_ITEMS[category] ?? ['菌落总数', '大肠菌群'];
    const fail = r.next() < 0.08;
    const open = fail && (this.asOf.getTime() - at.getTime()) < 20 * DAY_MS;
    const due = fail ? await this.working(at, SAMPLE_FOLLOW_UP_WORKING_DAYS) : null;
    const closedAt = fail && !open ? new Date(at.getTime() + (5 + r.int(8)) * DAY_MS) : null;
    const doc = {
      _id: r.oid(at), clientId: r.uuid(), workshopId, region: t.code, product: r.pick(products),
      batch: shanghaiDate(new Date(at.getTime() - r.int(20) * DAY_MS)).replace(/-/g, ''), items, sampledAt: shanghaiDate(at), at,
      lab: r.pick(LABS), reportNo: `GX${shanghaiDate(at).replace(/-/g, '')}${r.hex(6).toUpperCase()}`,
      result: fail ? 'fail' : 'pass', failedItems: fail ? [r.pick(items)] : [], office, inspectorId: by,
      followUp: !fail
        ? { status: 'none', photos: [] }
        : open
          ? { status: 'open', due: due!.due, dueAt: due!.dueAt, photos: [] }
          : { status: 'closed', due: due!.due, dueAt: due!.dueAt, disposal: '责令召回并监督销毁同批次产品', photos: [], closedAt, closedBy: by },
      createdAt: at, updatedAt: closedAt ?? at,
    };
    return doc;
  }

}
