// Province-scale data (`npm run seed:scale`, `npm run bench`): N workshops across every township of the
// demo province (Guangxi, 45) with the records a few years of supervision leave behind — ~10 daily
// inspections, ~1 sample, penalties after 立案调查, tip-off cases with their reports, the registrations
// (first approval, renewals, cancellations, some applications under review) and certificates — plus the
// credit events and public files the commands write for them (same shapes: the commands' own helpers).
//
// Deterministic: the same seed and the same `asOf` day give the same documents, ids included (a small
// seeded PRNG, never Math.random). Written in chunks of workshops with insertMany (ordered: false) through
// the models, so defaults and validation are the app's. The database should be empty (the CLI checks).
import { createHash } from 'node:crypto';
import { Types, type Model } from 'mongoose';
import { CATEGORIES, CHECKLIST_ITEMS, type CategoryCode } from '@shared/domain/categories';
import { idCheckChar } from '@shared/domain/idNumber';
import { maskIdNumber, maskName, maskPhone } from '@shared/domain/mask';
import {
  ACCEPT_WORKING_DAYS, APPEAL_NOTICE_DEFAULT, CERTIFICATE_YEARS, SITE_CHECK_WORKING_DAYS,
} from '@shared/domain/registration';
import { KEY_AREAS, PENALTY_MAX_PUBLIC_DAYS, SAMPLE_FOLLOW_UP_WORKING_DAYS } from '@shared/domain/supervision';
import {
  TIPOFF_ACCEPT_WORKING_DAYS, TIPOFF_CLOSE_WORKING_DAYS, TIPOFF_RESULT_LABELS, type TipoffResult,
} from '@shared/domain/tipoff';
import { CounterModel } from '../db/sequence';
import { CertificateModel } from '../models/Certificate';
import { CreditEventModel } from '../models/CreditEvent';
import { InspectionModel } from '../models/Inspection';
import { PenaltyModel } from '../models/Penalty';
import { PublicFileModel } from '../models/PublicFile';
import { RegistrationModel } from '../models/Registration';
import { SampleModel } from '../models/Sample';
import { TipoffModel } from '../models/Tipoff';
import { TipoffCaseModel } from '../models/TipoffCase';
import { UserModel } from '../models/User';
import { WorkshopModel } from '../models/Workshop';
import { officeOf } from '../services/regions';
import { endOfShanghaiDay } from '../commands/registration/deadline';
import { inspectionCreditFields } from '../commands/supervision/inspections';
import { sampleCreditFields } from '../commands/supervision/sampling';
import { CalendarService, shanghaiDate } from '../services/calendar';
import { nameKeys } from '../services/pinyin';
import { latestInspectionOf, publicFileOf, type CreditEventFields } from '../services/publicFile';
import type { RegionService } from '../services/regions';
import { scoreRisk } from '../services/risk';
import { DEMO_ACCOUNTS, demoOpenid } from './demo';

/** The demo province: every workshop lies in one of its townships. */
export const SCALE_PROVINCE = '45';
export const SCALE_DEFAULT_SEED = 20261201;

export interface ScaleSeedOptions {
  workshops: number;
  /** PRNG seed: the same seed (and asOf day) gives the same documents. */
  seed?: number;
  /** "Today" for the data (records are dated before it); default the start of the current Shanghai day. */
  asOf?: Date;
  /** Workshops generated and written at a time (memory stays flat at any scale). */
  chunk?: number;
  /** Documents per insertMany. */
  batchSize?: number;
  onProgress?: (p: ScaleProgress) => void;
}

export interface ScaleProgress {
  workshopsDone: number;
  workshops: number;
  docs: number;
  elapsedMs: number;
}

export interface ScaleSample {
  /** Registered or cancelled workshops (their public file is readable), spread over the whole set. */
  workshopIds: string[];
  /** Their certificate numbers (registered ones). */
  certificateNumbers: string[];
  /** Counties that hold workshops, most populated first. */
  counties: string[];
  /** Words that occur in names (products, place names), for search. */
  words: string[];
}

export interface ScaleResult {
  workshops: number;
  docs: Record<string, number>;
  totalDocs: number;
  ms: number;
  docsPerSec: number;
  asOf: Date;
  sample: ScaleSample;
}

const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;
const SAMPLE_SIZE = 400;

// ---------------------------------------------------------------- vocabulary

const PRODUCTS: Record<CategoryCode, string[]> = {
  liquor: ['米酒', '糯米酒', '桂花酒', '三花酒', '甜酒酿', '红薯酒', '玉米酒'],
  meat: ['腊肉', '腊肠', '熏肉', '酸肉', '腊鸭', '扣肉', '牛肉干'],
  rice_flour: ['螺蛳粉', '米粉', '卷筒粉', '年糕', '粽子', '糍粑', '米饼', '生榨粉', '老友粉'],
  soy: ['豆腐', '腐竹', '豆腐乳', '豆干', '豆豉', '油豆腐'],
  pastry: ['月饼', '桃酥', '马蹄糕', '发糕', '艾粑', '芝麻饼', '鸡仔饼'],
  edible_oil: ['花生油', '山茶油', '菜籽油', '芝麻油'],
  condiment: ['辣椒酱', '黄豆酱', '米醋', '蒜蓉辣酱', '酸梅酱'],
  pickles: ['酸笋', '酸豆角', '萝卜干', '梅菜', '酸菜'],
  roasted_nuts: ['炒花生', '瓜子', '板栗', '炒米', '芝麻糖'],
  tea: ['六堡茶', '绿茶', '桂花茶', '苦丁茶', '红茶'],
  candy: ['麦芽糖', '花生糖', '姜糖', '米花糖'],
  bee: ['蜂蜜', '蜂巢蜜', '百花蜜'],
};
const SURNAMES = ['李', '王', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '覃', '韦', '蒙', '莫', '梁', '罗', '潘', '谭', '蓝', '农', '陆', '廖', '卢', '唐', '邓', '何', '苏', '龙', '石', '冯'];
const GIVEN = ['秀英', '建国', '桂花', '永福', '春梅', '德明', '丽娟', '志强', '玉兰', '国庆', '海燕', '文华', '金凤', '振华', '美玲', '宏伟', '月娥', '家宝', '小红', '光明', '淑珍', '伟东', '凤英', '国强'];
const STREETS = ['解放路', '人民路', '中山路', '建设路', '新华路', '民主路', '和平路', '朝阳路', '文化路', '兴业路', '胜利路', '青年路', '长青路', '东环路', '工农路', '城南路'];
const VILLAGES = ['东', '西', '南', '北', '新', '大', '小', '上', '下', '中'];
const LABS = ['广西壮族自治区食品药品检验所', '广西-东盟食品检验检测中心', '市食品药品检验所', '县检验检测中心'];
const PRODUCT_ITEMS: Partial<Record<CategoryCode, string[]>> = {
  edible_oil: ['黄曲霉毒素B1', '酸价', '过氧化值', '苯并[a]芘'], meat: ['亚硝酸盐', '菌落总数', '山梨酸'], rice_flour: ['二氧化硫残留量', '菌落总数', '脱氢乙酸'],
  liquor: ['甲醇', '氰化物', '酒精度'], soy: ['苯甲酸', '菌落总数', '铝的残留量'], pastry: ['酸价', '过氧化值', '菌落总数', '糖精钠'],
  condiment: ['苯甲酸', '山梨酸', '氨基酸态氮'], pickles: ['亚硝酸盐', '苯甲酸'], roasted_nuts: ['酸价', '过氧化值'], tea: ['铅', '草甘膦'],
  candy: ['二氧化硫残留量', '菌落总数'], bee: ['果糖和葡萄糖', '氯霉素'],
};
const FAIL_NOTES: Record<string, string> = {
  cleanliness: '生产车间地面有积水，墙角有霉斑', purchase_check: '原料进货台账记录不全', health_check: '1名从业人员健康证过期',
  labeling: '预包装产品未标注生产日期', additive_notice: '未公示使用的食品添加剂', receipts: '原料采购票据未留存',
  operation: '生熟原料未分开存放', license_display: '登记证未在显著位置公示',
};
const FAILABLE = Object.keys(FAIL_NOTES);
const TIPOFF_TEXTS = [
  '作坊夜里加工，门口堆放原料，卫生条件差。', '工人生产时未戴口罩手套，生料直接放在地上。', '污水直排下水道，气味很大，周边居民反映强烈。',
  '散装产品没有任何标签，也不标生产日期。', '使用的油颜色发黑，疑似反复使用。', '仓库里有过期原料，没有清理。', '生产间和住人的房间连在一起，苍蝇很多。',
];
const UNLICENSED_TEXTS = ['居民楼一楼每天夜里加工{p}，没有看到任何证照。', '出租屋内有人制作{p}，向周边市场批发。', '城中村民房里有人生产{p}，门口没有招牌。'];
const DECLINE_REASONS = ['所反映问题不属于食品小作坊监管范围，已告知向城管部门反映', '举报内容缺少具体地址，无法核查，已告知补充线索'];

// Approximate centres of the 14 cities (the division data has no coordinates): lat, lng.
const CITY_CENTRES: Record<string, [number, number]> = {
  南宁市: [22.82, 108.37], 柳州市: [24.33, 109.42], 桂林市: [25.27, 110.29], 梧州市: [23.48, 111.28], 北海市: [21.48, 109.12],
  防城港市: [21.69, 108.35], 钦州市: [21.98, 108.65], 贵港市: [23.11, 109.6], 玉林市: [22.65, 110.18], 百色市: [23.9, 106.62],
  贺州市: [24.4, 111.57], 河池市: [24.69, 108.09], 来宾市: [23.75, 109.22], 崇左市: [22.38, 107.36],
};

// ---------------------------------------------------------------- deterministic randomness

/** mulberry32: a small, fast 32-bit PRNG; good enough for test data and fully reproducible. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  const hex = (chars: number) => { let s = ''; while (s.length < chars) s += (int(0x10000) | 0x10000).toString(16).slice(1); return s.slice(0, chars); };
  /** An ObjectId whose time part is `at` (so ids sort like the records), the rest from the PRNG. */
  const oid = (at: Date) => new Types.ObjectId(Math.max(0, Math.floor(at.getTime() / 1000)).toString(16).padStart(8, '0').slice(-8) + hex(16));
  const uuid = () => { const h = hex(32); return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`; };
  return { next, int, pick, hex, oid, uuid };
}
type Rand = ReturnType<typeof prng>;

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // services/crypto publicCode's alphabet
const sha256hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

// ---------------------------------------------------------------- the province

interface Township { code: string; county: string; city: string; name: string; short: string; fullName: string; lat: number; lng: number; street: boolean }

function townshipsOf(regions: RegionService): Township[] {
  const out: Township[] = [];
  for (const city of regions.list(SCALE_PROVINCE) ?? []) {
    const [clat, clng] = CITY_CENTRES[city.name] ?? [23.5, 108.8];
    for (const county of regions.list(city.code) ?? []) {
      const towns = regions.list(county.code) ?? [];
      const list = towns.length ? towns : [county];
      for (const t of list) {
        // A stable offset per township from its code (not from the PRNG, so it never shifts other values).
        const h = createHash('md5').update(t.code).digest();
        out.push({
          code: t.code, county: county.code, city: city.code, name: t.name,
          short: t.name.replace(/(街道办事处|街道|镇|乡|民族乡)$/, '') || t.name,
          fullName: regions.fullName(t.code) ?? t.name,
          lat: clat + (h[0] / 255 - 0.5) * 0.7, lng: clng + (h[1] / 255 - 0.5) * 0.9,
          street: /街道/.test(t.name),
        });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- the generator

type Doc = Record<string, unknown> & { _id: unknown };
type Entry = Record<string, unknown>;
interface Batch {
  users: Doc[]; workshops: Doc[]; certificates: Doc[]; registrations: Doc[]; inspections: Doc[]; samples: Doc[]; penalties: Doc[];
  cases: Doc[]; tipoffs: Doc[]; credit: Doc[]; files: Doc[];
}
const emptyBatch = (): Batch => ({ users: [], workshops: [], certificates: [], registrations: [], inspections: [], samples: [], penalties: [], cases: [], tipoffs: [], credit: [], files: [] });

const MODELS: [keyof Batch, Model<any>][] = [
  ['workshops', WorkshopModel], ['certificates', CertificateModel], ['registrations', RegistrationModel], ['inspections', InspectionModel],
  ['samples', SampleModel], ['penalties', PenaltyModel], ['cases', TipoffCaseModel], ['tipoffs', TipoffModel], ['credit', CreditEventModel], ['files', PublicFileModel],
];

class Generator {
  private readonly r: Rand;
  private readonly towns: Township[];
  private readonly names = new Set<string>();
  private readonly receipts = new Set<string>();
  private readonly openKeys = new Set<string>();
  private readonly certSeq = new Map<string, number>();
  private readonly decisionSeq = new Map<string, number>();
  private readonly calendar = new CalendarService();
  readonly inspectors = new Map<string, [string, string]>();
  readonly sample: ScaleSample = { workshopIds: [], certificateNumbers: [], counties: [], words: [] };
  private readonly countyCounts = new Map<string, number>();
  private readonly stride: number;
  private sampleSeq = 0;
  private lastClosedAt: Date | null = null;

  constructor(private readonly regions: RegionService, private readonly total: number, seed: number, private readonly asOf: Date) {
    this.r = prng(seed);
    this.towns = townshipsOf(regions);
    this.stride = Math.max(1, Math.floor(total / SAMPLE_SIZE));
  }

  counties(): string[] { return [...new Set(this.towns.map((t) => t.county))]; }

  /** Two inspectors per county (the ≥ 2 of a site check), with real-looking names. */
  staff(): Doc[] {
    const users: Doc[] = [];
    const at = new Date(this.asOf.getTime() - 9 * YEAR_MS);
    for (const county of this.counties()) {
      const ids: string[] = [];
      for (const k of [1, 2]) {
        const _id = this.r.oid(at);
        ids.push(String(_id));
        users.push({ _id, openid: `dev:inspector:${county}:执法员${k}`, name: this.r.pick(SURNAMES) + this.r.pick(GIVEN), roles: ['citizen', 'inspector'], region: county, createdAt: at, updatedAt: at });
      }
      this.inspectors.set(county, ids as [string, string]);
    }
    return users;
  }

  finish(): ScaleSample {
    this.sample.counties = [...this.countyCounts].sort((a, b) => b[1] - a[1]).map(([c]) => c);
    this.sample.words = [...new Set(this.sample.words)];
    return this.sample;
  }

  counters(): Doc[] {
    return [...this.certSeq].map(([key, value]) => ({ _id: key, value }));
  }

  // ---- small helpers

  private office(region: string) { return officeOf({ regions: this.regions }, region) ?? '市场监督管理局'; }
  /** A moment in working hours (Beijing time) on the day of `d`. */
  private workTime(d: Date): Date {
    const day = shanghaiDate(d);
    return new Date(new Date(`${day}T09:00:00+08:00`).getTime() + this.r.int(8 * 60) * 60_000);
  }
  private between(a: Date, b: Date): Date { return new Date(a.getTime() + this.r.next() * Math.max(0, b.getTime() - a.getTime())); }
  private ago(days: number): Date { return new Date(this.asOf.getTime() - days * DAY_MS); }
  private async working(from: Date, days: number) {
    const r = await this.calendar.addWorkingDays(from, days);
    return { due: r.date, dueAt: endOfShanghaiDay(r.date), estimated: r.estimated };
  }
  private person() { return this.r.pick(SURNAMES) + this.r.pick(GIVEN); }
  private phone() { return `1${this.r.pick(['3', '5', '7', '8', '9'])}${String(this.r.int(1e9)).padStart(9, '0')}`; }
  private idNumber(county: string) {
    const birth = new Date(Date.UTC(1955 + this.r.int(45), this.r.int(12), 1 + this.r.int(28)));
    const first17 = `${county}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(this.r.int(1000)).padStart(3, '0')}`;
    return first17 + idCheckChar(first17);
  }
  private receipt(): string {
    for (;;) {
      let s = '';
      for (let i = 0; i < 10; i++) s += CODE_ALPHABET[this.r.int(CODE_ALPHABET.length)];
      if (!this.receipts.has(s)) { this.receipts.add(s); return s; }
    }
  }
  private workshopName(t: Township, surname: string, owner: string, product: string): string {
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
  private certificateNumber(county: string, year: number): string {
    const key = `cert:${county}:${year}`;
    const n = (this.certSeq.get(key) ?? 0) + 1;
    this.certSeq.set(key, n);
    return `JY${county}${year}${String(n).padStart(4, '0')}`;
  }
  private decisionNumber(t: Township, year: number): string {
    const abbr = `${(this.regions.name(t.city) ?? '').slice(0, 1)}${(this.regions.name(t.county) ?? '').slice(0, 1)}`;
    const key = `${abbr}:${year}`;
    const n = (this.decisionSeq.get(key) ?? 0) + 1;
    this.decisionSeq.set(key, n);
    return `${abbr}市监处罚〔${year}〕${n}号`;
  }
  private credit(b: Batch, ref: string, fields: CreditEventFields, events: (CreditEventFields & { ref: string })[]) {
    const doc = { _id: this.r.oid(fields.at), ref, ...fields, detail: fields.detail ?? null, result: fields.result ?? null, publicUntil: fields.publicUntil ?? null, data: fields.data ?? null };
    b.credit.push(doc);
    events.push({ ref, ...fields });
  }

  // ---- one workshop and everything about it

  async workshop(index: number, b: Batch): Promise<void> {
    const r = this.r;
    const t = this.towns[r.int(this.towns.length)];
    const inspectors = this.inspectors.get(t.county)!;
    const roll = r.next();
    const status: 'registered' | 'unlicensed' | 'cancelled' = roll < 0.02 ? 'unlicensed' : roll < 0.04 ? 'cancelled' : 'registered';
    // Key categories (酒类、肉类、米面制品、豆制品、糕点) are the common trades.
    const category = CATEGORIES[r.next() < 0.7 ? r.int(5) : 5 + r.int(CATEGORIES.length - 5)].code;
    const products = [r.pick(PRODUCTS[category])];
    if (r.next() < 0.35) { const p2 = r.pick(PRODUCTS[category]); if (p2 !== products[0]) products.push(p2); }
    const surname = r.pick(SURNAMES);
    const owner = surname + r.pick(GIVEN);
    const name = status === 'unlicensed' ? this.uniqueBlackName(t, products[0]) : this.workshopName(t, surname, owner, products[0]);
    const keys = nameKeys(name);
    const address = t.street
      ? `${t.fullName}${r.pick(STREETS)}${1 + r.int(300)}号`
      : `${t.fullName}${r.pick(VILLAGES)}${t.short.slice(0, 1)}村${1 + r.int(12)}组${1 + r.int(80)}号`;
    const location = { lat: +(t.lat + (r.next() - 0.5) * 0.04).toFixed(6), lng: +(t.lng + (r.next() - 0.5) * 0.04).toFixed(6) };
    const start = this.workTime(this.ago(55 + r.int(Math.round(8 * 365))));
    const _id = r.oid(start);
    const id = String(_id);
    const office = this.office(t.code);
    const events: (CreditEventFields & { ref: string })[] = [];
    const end = status === 'cancelled' ? this.workTime(this.between(new Date(start.getTime() + 200 * DAY_MS), this.ago(10))) : this.asOf;

    // Registration: the first approval, renewals every three years, a cancellation.
    let certificate: Record<string, unknown> = { number: null, status: null, issuedAt: null, expiresAt: null };
    const applicant = { name: owner, phone: this.phone(), idNumber: this.idNumber(t.county) };
    if (status !== 'unlicensed') {
      const number = this.certificateNumber(t.county, start.getUTCFullYear()); // the year as the approval command takes it
      let expiresAt = new Date(start.getTime());
      expiresAt.setUTCFullYear(expiresAt.getUTCFullYear() + CERTIFICATE_YEARS);
      const first = await this.registration(b, { kind: 'new', t, workshopId: id, name, address, location, category, products, applicant, decidedAt: start, number, expiresAt, inspectors });
      this.credit(b, `Registration:${first}`, { workshopId: id, type: 'registration', at: start, title: '准予登记', detail: `登记证编号 ${number}，有效期${CERTIFICATE_YEARS}年`, result: '准予登记', source: office }, events);
      let lapsed = false;
      // Renewal ~20 days before expiry, while it falls before the end; 3% let it lapse.
      while (expiresAt.getTime() - 20 * DAY_MS < end.getTime()) {
        if (r.next() < 0.03) { lapsed = true; break; }
        let decidedAt = this.workTime(new Date(expiresAt.getTime() - (10 + r.int(25)) * DAY_MS));
        if (decidedAt >= end) decidedAt = this.workTime(new Date(end.getTime() - (1 + r.int(3)) * DAY_MS));
        const next = new Date(expiresAt.getTime());
        next.setUTCFullYear(next.getUTCFullYear() + CERTIFICATE_YEARS);
        const reg = await this.registration(b, { kind: 'renewal', t, workshopId: id, name, address, location, category, products, applicant, decidedAt, number, expiresAt: next, inspectors });
        this.credit(b, `Registration:${reg}`, { workshopId: id, type: 'certificate', at: decidedAt, title: '登记证延续', detail: `有效期至 ${next.toISOString().slice(0, 10)}`, source: office }, events);
        expiresAt = next;
      }
      let certStatus = 'valid';
      if (status === 'cancelled') {
        const reg = await this.registration(b, { kind: 'cancellation', t, workshopId: id, name, address, location, category, products, applicant, decidedAt: end, number, expiresAt: null, inspectors });
        this.credit(b, `Registration:${reg}`, { workshopId: id, type: 'certificate', at: end, title: '注销登记', detail: null, source: office }, events);
        certStatus = 'cancelled';
      } else if (r.next() < 0.03) {
        // An application under review for this workshop (renewal or change).
        await this.openApplication(b, { t, workshopId: id, name, address, location, category, products, applicant, number, inspectors });
      }
      b.certificates.push({
        _id: number, number, registrationId: first, workshopId: id, scope: products, categories: [category], issuedAt: start, expiresAt,
        status: certStatus, issuer: office, createdAt: start, updatedAt: start,
      });
      certificate = { number, status: certStatus === 'cancelled' ? 'cancelled' : lapsed || expiresAt < this.asOf ? 'expired' : 'valid', issuedAt: start, expiresAt };
      if (status === 'registered' && index % this.stride === 0 && this.sample.workshopIds.length < SAMPLE_SIZE) {
        this.sample.workshopIds.push(id);
        this.sample.certificateNumbers.push(number);
        if (this.sampleSeq++ % 8 === 0) this.sample.words.push(products[0], t.short);
      }
    }

    // Daily inspections: ~2–3 a year (key categories more), each with its public record.
    const inspections: { at: Date; result: 'none' | 'rectify' | 'case'; failedItems: number }[] = [];
    const penalties: { at: Date }[] = [];
    let latest: Doc | null = null;
    if (status !== 'unlicensed') {
      const years = (end.getTime() - start.getTime()) / YEAR_MS;
      const rate = (category === 'meat' || category === 'edible_oil' ? 3.2 : CATEGORIES.find((c) => c.code === category)!.key ? 2.6 : 1.8) * (0.6 + r.next() * 0.8);
      const n = Math.min(30, Math.max(1, Math.round(years * rate)));
      const dates = Array.from({ length: n }, () => this.workTime(this.between(new Date(start.getTime() + 20 * DAY_MS), new Date(end.getTime() - DAY_MS)))).sort((a, c) => a.getTime() - c.getTime());
      for (const at of dates) {
        const doc = this.inspection(t, id, at, inspectors, office);
        b.inspections.push(doc);
        const fields = inspectionCreditFields(doc as never);
        this.credit(b, `Inspection:${String(doc._id)}`, fields as CreditEventFields, events);
        const failed = (doc.items as { result: string }[]).filter((x) => x.result === 'fail').length;
        inspections.push({ at, result: doc.result as 'none' | 'rectify' | 'case', failedItems: failed });
        latest = doc;
        if (doc.result === 'case') {
          const decidedAt = new Date(at.getTime() + (15 + r.int(20)) * DAY_MS);
          if (decidedAt < this.asOf) {
            const p = this.penalty(t, id, decidedAt, doc, office, inspectors[0]);
            b.penalties.push(p);
            penalties.push({ at: decidedAt });
            const repaired = (p.repair as { status: string; reviewedAt?: Date }).status === 'approved';
            this.credit(b, `Penalty:${String(p._id)}`, {
              workshopId: id, type: 'penalty', at: decidedAt, title: '行政处罚',
              detail: `决定书文号：${p.decisionNumber}；违法事实：${p.facts}；处罚依据：${p.basis}`, result: p.outcome as string, source: office,
              publicUntil: repaired ? (p.repair as { reviewedAt: Date }).reviewedAt : p.publicUntil as Date,
            }, events);
          }
        }
      }
    }

    // Sampling: 0–3 samples, about one on average; ~8% fail.
    const samples: { at: Date; result: 'pass' | 'fail' }[] = [];
    if (status !== 'unlicensed') {
      const roll2 = r.next();
      const n = roll2 < 0.35 ? 0 : roll2 < 0.75 ? 1 : roll2 < 0.95 ? 2 : 3;
      for (let k = 0; k < n; k++) {
        const at = this.workTime(this.between(new Date(start.getTime() + 30 * DAY_MS), new Date(end.getTime() - 2 * DAY_MS)));
        if (at <= start) continue;
        const s = await this.sampleDoc(t, id, at, category, products, office, inspectors[0]);
        b.samples.push(s);
        samples.push({ at, result: s.result as 'pass' | 'fail' });
        this.credit(b, `Sample:${String(s._id)}`, sampleCreditFields(s as never) as CreditEventFields, events);
      }
    }

    // Tip-offs: a confirmed report made each black workshop; some reports about registered ones.
    const verified: { at: Date }[] = [];
    if (status === 'unlicensed') {
      await this.tipoffCase(b, { t, workshopId: id, workshopName: name, kind: 'unlicensed', product: products[0], location, address, office, inspectors, outcome: 'confirmed', black: true, events, verified, category });
    } else {
      const roll3 = r.next();
      const n = roll3 < 0.76 ? 0 : roll3 < 0.96 ? 1 : 2;
      for (let k = 0; k < n; k++) {
        await this.tipoffCase(b, { t, workshopId: id, workshopName: name, kind: 'violation', product: products[0], location, address, office, inspectors, events, verified, category, after: start, before: end });
      }
      // Now and then a report about an unlicensed site nearby, not yet confirmed (an open case by place).
      if (r.next() < 0.015) {
        const near = { lat: +(location.lat + (r.next() - 0.5) * 0.01).toFixed(6), lng: +(location.lng + (r.next() - 0.5) * 0.01).toFixed(6) };
        await this.tipoffCase(b, { t, workshopId: null, workshopName: null, kind: 'unlicensed', product: r.pick(PRODUCTS[category]), location: near, address: null, office, inspectors, events, verified, category, open: true });
      }
    }

    const risk = status === 'registered'
      ? scoreRisk({ categories: [category], inspections, samples, penalties, tipoffs: verified }, this.asOf)
      : null;
    const lastInspectionAt = inspections.length ? inspections[inspections.length - 1].at : null;
    // A black workshop enters the file when its case is closed (the tip-off command records it then).
    const createdAt = status === 'unlicensed' ? this.lastClosedAt ?? start : start;
    b.workshops.push({
      _id, name, namePinyin: keys.full, nameInitials: keys.initials, ownerId: null, ownerNameMasked: status === 'unlicensed' ? null : maskName(owner),
      region: t.code, regionName: t.fullName, address, location, categories: [category], products: status === 'unlicensed' ? [] : products,
      status, certificate, riskGrade: risk?.grade ?? null, riskScore: risk?.score ?? null, riskReasons: risk?.reasons ?? [], riskUpdatedAt: risk ? this.asOf : null,
      badges: [], keyArea: r.next() < 0.4 ? r.pick(KEY_AREAS) : null, lastInspectionAt,
      createdAt, updatedAt: events.reduce((m, e) => (e.at > m ? e.at : m), createdAt),
    });
    const latestFacts = latest ? latestInspectionOf(latest as never) : null;
    b.files.push({ _id: id, ...publicFileOf(events, latestFacts) });
    this.countyCounts.set(t.county, (this.countyCounts.get(t.county) ?? 0) + 1);
  }

  private uniqueBlackName(t: Township, product: string): string {
    for (let n = 1; ; n++) {
      const name = `${t.short}${this.r.pick(VILLAGES)}${n > 1 ? n : ''}巷无证${product}加工点`;
      if (!this.names.has(name)) { this.names.add(name); return name; }
    }
  }

  private inspection(t: Township, workshopId: string, at: Date, inspectors: [string, string], office: string): Doc {
    const r = this.r;
    const roll = r.next();
    const result = roll < 0.7 ? 'none' : roll < 0.98 ? 'rectify' : 'case';
    const failed = result === 'none' ? [] : [r.pick(FAILABLE), ...(r.next() < 0.4 ? [r.pick(FAILABLE)] : [])];
    const deadline = result === 'rectify' ? shanghaiDate(new Date(at.getTime() + 15 * DAY_MS)) : null;
    const age = (this.asOf.getTime() - at.getTime()) / DAY_MS;
    const rstatus = !deadline ? 'none' : age > 45 ? 'closed' : age > 12 ? (r.next() < 0.5 ? 'pending' : 'submitted') : 'pending';
    const reviewedAt = rstatus === 'closed' ? new Date(at.getTime() + (16 + r.int(10)) * DAY_MS) : null;
    return {
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
  }

  private penalty(t: Township, workshopId: string, decidedAt: Date, inspection: Doc, office: string, by: string): Doc {
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

  private async sampleDoc(t: Township, workshopId: string, at: Date, category: CategoryCode, products: string[], office: string, by: string): Promise<Doc> {
    const r = this.r;
    const items = PRODUCT_ITEMS[category] ?? ['菌落总数', '大肠菌群'];
    const fail = r.next() < 0.08;
    const open = fail && (this.asOf.getTime() - at.getTime()) < 20 * DAY_MS;
    const due = fail ? await this.working(at, SAMPLE_FOLLOW_UP_WORKING_DAYS) : null;
    const closedAt = fail && !open ? new Date(at.getTime() + (5 + r.int(8)) * DAY_MS) : null;
    return {
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
  }

  private async registration(b: Batch, p: {
    kind: 'new' | 'renewal' | 'cancellation'; t: Township; workshopId: string; name: string; address: string; location: { lat: number; lng: number };
    category: string; products: string[]; applicant: { name: string; phone: string; idNumber: string }; decidedAt: Date; number: string;
    expiresAt: Date | null; inspectors: [string, string];
  }): Promise<string> {
    const r = this.r;
    const by = this.office(p.t.code);
    const submittedAt = this.workTime(new Date(p.decidedAt.getTime() - (p.kind === 'new' ? 6 + r.int(5) : 3 + r.int(3)) * DAY_MS));
    const acceptedAt = this.workTime(new Date(submittedAt.getTime() + (1 + r.int(2)) * DAY_MS));
    const _id = r.oid(submittedAt);
    const timeline: Entry[] = [{ at: submittedAt, status: 'submitted', title: '提交申请', note: null, by: '申请人' }, { at: acceptedAt, status: 'accepted', title: '受理', note: null, by }];
    let siteCheck: Record<string, unknown> = { date: null, inspectorIds: [], result: null };
    if (p.kind === 'new') {
      const checkAt = this.workTime(new Date(acceptedAt.getTime() + DAY_MS));
      siteCheck = {
        date: shanghaiDate(checkAt), inspectorIds: p.inspectors,
        result: { items: CHECKLIST_ITEMS.map((c) => ({ code: c.code, result: 'pass' })), passed: true, note: '场所布局合理，设施齐全', by: p.inspectors[0], at: checkAt },
      };
      timeline.push({ at: acceptedAt, status: 'site_check', title: '安排现场核查', note: shanghaiDate(checkAt), by }, { at: checkAt, status: 'site_check', title: '现场核查通过', note: null, by });
    }
    const title = p.kind === 'new' ? '准予登记，发放登记证' : '审批通过';
    timeline.push({ at: p.decidedAt, status: 'approved', title, note: null, by });
    b.registrations.push({
      _id, kind: p.kind, status: 'approved', applicantId: `seed:owner:${p.workshopId}`, workshopId: p.workshopId, region: p.t.code,
      applicant: this.applicantFields(p.applicant),
      workshop: { name: p.name, region: p.t.code, address: p.address, location: p.location, categories: [p.category] },
      products: p.products,
      premises: { photos: [], floorPlan: null, area: 30 + r.int(90), water: r.pick(['市政自来水', '自备井水（检测合格）']) },
      equipment: [{ name: '操作台', quantity: 1 + r.int(3) }, { name: '冷藏柜', quantity: 1 }],
      staff: [{ name: p.applicant.name, healthCertNo: `JK${shanghaiDate(submittedAt).slice(0, 4)}${r.hex(6).toUpperCase()}`, healthCertExpiry: shanghaiDate(new Date(submittedAt.getTime() + 300 * DAY_MS)) }],
      commitment: { signed: true, signatureName: p.applicant.name, signedAt: submittedAt },
      licence: { businessName: `${p.name.replace(/(作坊|坊|店)$/, '')}店`, operatorName: p.applicant.name, form: 'individual', scope: `食品小作坊生产（${p.products.join('、')}）` },
      change: null, reason: p.kind === 'cancellation' ? '经营者不再从事食品生产' : null, corrections: [], correctionFrom: null,
      deadline: { step: null, due: null, dueAt: null, estimated: false, pausedRemaining: null },
      siteCheck,
      decision: { result: 'approved', reason: null, appealNotice: null, at: p.decidedAt, by: p.inspectors[0], expiresAt: p.expiresAt },
      certificateNumber: p.number, timeline, escalated: false, submittedAt,
      createdAt: submittedAt, updatedAt: p.decidedAt,
    });
    return String(_id);
  }

  private applicantFields(a: { name: string; phone: string; idNumber: string }) {
    return { name: a.name, phoneEnc: null, phoneMasked: maskPhone(a.phone), idNumberEnc: null, idNumberMasked: maskIdNumber(a.idNumber) };
  }

  /** An application under review: a renewal or a change of a workshop, waiting for acceptance or approval. */
  private async openApplication(b: Batch, p: {
    t: Township; workshopId: string; name: string; address: string; location: { lat: number; lng: number }; category: string; products: string[];
    applicant: { name: string; phone: string; idNumber: string }; number: string; inspectors: [string, string];
  }) {
    const r = this.r;
    const kind = r.next() < 0.6 ? 'renewal' : 'change';
    const status = r.next() < 0.5 ? 'submitted' : 'accepted';
    const by = this.office(p.t.code);
    const submittedAt = this.workTime(this.ago(1 + r.int(6)));
    const _id = r.oid(submittedAt);
    const timeline: Entry[] = [{ at: submittedAt, status: 'submitted', title: '提交申请', note: null, by: '申请人' }];
    let deadline = { step: 'accept', ...(await this.working(submittedAt, ACCEPT_WORKING_DAYS)), pausedRemaining: null };
    if (status === 'accepted') {
      const acceptedAt = this.workTime(new Date(submittedAt.getTime() + DAY_MS));
      timeline.push({ at: acceptedAt, status: 'accepted', title: '受理', note: null, by });
      deadline = { step: 'decision', ...(await this.working(acceptedAt, 5)), pausedRemaining: null };
    }
    const product = r.pick(PRODUCTS[p.category as CategoryCode] ?? ['米粉']);
    b.registrations.push({
      _id, kind, status, applicantId: `seed:owner:${p.workshopId}`, workshopId: p.workshopId, region: p.t.code,
      applicant: this.applicantFields(p.applicant),
      workshop: { name: p.name, region: p.t.code, address: p.address, location: p.location, categories: [p.category] },
      products: p.products, premises: { photos: [], floorPlan: null, area: null, water: null }, equipment: [], staff: [],
      commitment: { signed: true, signatureName: p.applicant.name, signedAt: submittedAt },
      licence: { businessName: null, operatorName: null, form: null, scope: null },
      change: kind === 'change' ? { products: [...new Set([...p.products, product])] } : null,
      reason: kind === 'change' ? '新增生产品种' : '登记证即将到期，申请延续', corrections: [], correctionFrom: null,
      deadline, siteCheck: { date: null, inspectorIds: [], result: null }, decision: null, certificateNumber: p.number,
      timeline, escalated: false, submittedAt, createdAt: submittedAt, updatedAt: submittedAt,
    });
  }

  /** A new workshop's application under review (not a workshop yet): the review queues at scale. */
  async newApplication(b: Batch): Promise<void> {
    const r = this.r;
    const t = this.towns[r.int(this.towns.length)];
    const category = CATEGORIES[r.int(CATEGORIES.length)].code;
    const product = r.pick(PRODUCTS[category]);
    const surname = r.pick(SURNAMES);
    const applicant = { name: surname + r.pick(GIVEN), phone: this.phone(), idNumber: this.idNumber(t.county) };
    const name = this.workshopName(t, surname, applicant.name, product);
    const by = this.office(t.code);
    const roll = r.next();
    const status = roll < 0.35 ? 'submitted' : roll < 0.5 ? 'correction' : roll < 0.75 ? 'accepted' : 'site_check';
    const submittedAt = this.workTime(this.ago(1 + r.int(8)));
    const acceptedAt = this.workTime(new Date(submittedAt.getTime() + DAY_MS));
    const timeline: Entry[] = [{ at: submittedAt, status: 'submitted', title: '提交申请', note: null, by: '申请人' }];
    let deadline: Record<string, unknown> = { step: 'accept', ...(await this.working(submittedAt, ACCEPT_WORKING_DAYS)), pausedRemaining: null };
    let corrections: { field: string; reason: string }[] = [];
    const siteCheck: Record<string, unknown> = { date: null, inspectorIds: [], result: null };
    if (status === 'correction') {
      corrections = [{ field: 'premises', reason: '场所照片不清晰，请补拍生产车间全景和原料库房' }];
      timeline.push({ at: acceptedAt, status: 'correction', title: '需补正', note: '场所照片及平面图：照片不清晰', by });
      deadline = { ...deadline, pausedRemaining: 3 };
    } else if (status === 'accepted' || status === 'site_check') {
      timeline.push({ at: acceptedAt, status: 'accepted', title: '受理', note: null, by });
      const d = await this.working(acceptedAt, SITE_CHECK_WORKING_DAYS);
      deadline = { step: 'site_check', ...d, pausedRemaining: null };
      if (status === 'site_check') {
        siteCheck.date = d.due;
        siteCheck.inspectorIds = this.inspectors.get(t.county)!;
        timeline.push({ at: acceptedAt, status: 'site_check', title: '安排现场核查', note: d.due, by });
      }
    }
    const _id = r.oid(submittedAt);
    b.registrations.push({
      _id, kind: 'new', status, applicantId: `seed:applicant:${String(_id)}`, workshopId: null, region: t.code,
      applicant: this.applicantFields(applicant),
      workshop: { name, region: t.code, address: `${t.fullName}${r.pick(STREETS)}${1 + r.int(300)}号`, location: { lat: t.lat, lng: t.lng }, categories: [category] },
      products: [product], premises: { photos: [], floorPlan: null, area: 30 + r.int(60), water: '市政自来水' },
      equipment: [{ name: '操作台', quantity: 2 }], staff: [{ name: applicant.name, healthCertNo: `JK${r.hex(8).toUpperCase()}`, healthCertExpiry: shanghaiDate(new Date(this.asOf.getTime() + 200 * DAY_MS)) }],
      commitment: { signed: true, signatureName: applicant.name, signedAt: submittedAt },
      licence: { businessName: `${name.replace(/(作坊|坊|店)$/, '')}店`, operatorName: applicant.name, form: 'individual', scope: `食品小作坊生产（${product}）` },
      change: null, reason: null, corrections, correctionFrom: status === 'correction' ? 'submitted' : null,
      deadline, siteCheck, decision: null, certificateNumber: null, timeline, escalated: false, submittedAt,
      createdAt: submittedAt, updatedAt: submittedAt,
    });
    // a rejected one now and then, with its reason and appeal notice
    if (r.next() < 0.15) {
      const at = this.workTime(this.ago(20 + r.int(300)));
      b.registrations.push({
        _id: r.oid(at), kind: 'new', status: 'rejected', applicantId: `seed:applicant:${r.hex(24)}`, workshopId: null, region: t.code,
        applicant: this.applicantFields({ name: this.person(), phone: this.phone(), idNumber: this.idNumber(t.county) }),
        workshop: { name: `${t.short}${this.person().slice(0, 1)}记${product}作坊`, region: t.code, address: `${t.fullName}${r.pick(STREETS)}${1 + r.int(300)}号`, location: { lat: t.lat, lng: t.lng }, categories: [category] },
        products: [product], premises: { photos: [], floorPlan: null, area: 20, water: '市政自来水' }, equipment: [], staff: [],
        commitment: { signed: true, signatureName: null, signedAt: at }, licence: { businessName: null, operatorName: null, form: null, scope: null },
        change: null, reason: null, corrections: [], correctionFrom: null, deadline: { step: null, due: null, dueAt: null, estimated: false, pausedRemaining: null },
        siteCheck: { date: null, inspectorIds: [], result: null },
        decision: { result: 'rejected', reason: '生产场所与生活区未有效分隔，不符合食品小作坊生产场所卫生要求', appealNotice: APPEAL_NOTICE_DEFAULT, at, by },
        certificateNumber: null, timeline: [{ at, status: 'rejected', title: '不予登记', note: null, by }], escalated: false, submittedAt: at, createdAt: at, updatedAt: at,
      });
    }
  }

  private async tipoffCase(b: Batch, p: {
    t: Township; workshopId: string | null; workshopName: string | null; kind: 'unlicensed' | 'violation'; product: string; category: CategoryCode;
    location: { lat: number; lng: number }; address: string | null; office: string; inspectors: [string, string];
    events: (CreditEventFields & { ref: string })[]; verified: { at: Date }[];
    outcome?: TipoffResult; black?: boolean; open?: boolean; after?: Date; before?: Date;
  }) {
    const r = this.r;
    const openKey = p.workshopId ? `w:${p.workshopId}` : `g:${p.t.county}:${Math.floor(p.location.lat * 1000)}:${Math.floor(p.location.lng * 1000)}`;
    // One open case per group (unique key): a second recent report about the same place is an old, closed one.
    const recent = (p.open || r.next() < 0.06) && !p.black && !this.openKeys.has(openKey);
    const from = p.after ?? this.ago(1500);
    const to = new Date(Math.max(from.getTime(), (p.before ?? this.asOf).getTime() - 30 * DAY_MS));
    const submittedAt = this.workTime(recent ? this.ago(r.int(12)) : this.between(from, to));
    const isOpen = recent;
    const age = (this.asOf.getTime() - submittedAt.getTime()) / DAY_MS;
    const status: 'submitted' | 'accepted' | 'declined' | 'closed' = isOpen ? (age > 4 && r.next() < 0.6 ? 'accepted' : 'submitted') : p.black ? 'closed' : r.next() < 0.12 ? 'declined' : 'closed';
    const result: TipoffResult | null = status !== 'closed' ? null : p.outcome ?? r.pick(['confirmed', 'confirmed', 'partly', 'unfounded', 'unfounded'] as const);
    const caseId = r.oid(submittedAt);
    const id = String(caseId);
    if (isOpen) this.openKeys.add(openKey);
    const accept = await this.working(submittedAt, TIPOFF_ACCEPT_WORKING_DAYS);
    const acceptedAt = status === 'accepted' || status === 'closed' ? this.workTime(new Date(submittedAt.getTime() + (1 + r.int(4)) * DAY_MS)) : null;
    const close = acceptedAt ? await this.working(acceptedAt, TIPOFF_CLOSE_WORKING_DAYS) : null;
    const closedAt = status === 'closed' ? this.workTime(new Date(acceptedAt!.getTime() + (3 + r.int(15)) * DAY_MS)) : null;
    const declinedAt = status === 'declined' ? this.workTime(new Date(submittedAt.getTime() + (1 + r.int(5)) * DAY_MS)) : null;
    const declineReason = declinedAt ? r.pick(DECLINE_REASONS) : null;
    const by = p.office;
    const reports = 1 + (r.next() < 0.2 ? 1 + r.int(2) : 0);
    const tipoffs: Doc[] = [];
    for (let k = 0; k < reports; k++) {
      const at = new Date(submittedAt.getTime() + k * (2 + r.int(30)) * 3600_000);
      const content = r.hex(43);
      const sender = r.hex(43);
      tipoffs.push({
        _id: r.oid(at), caseId: id, groupKey: openKey, reporterEnc: null, receiptCode: this.receipt(), tokenHashes: [sha256hex(r.hex(24))],
        kind: p.kind, workshopId: p.kind === 'violation' ? p.workshopId : null, region: p.t.code, county: p.t.county, address: p.address, location: p.location,
        description: p.kind === 'unlicensed' ? r.pick(UNLICENSED_TEXTS).replace('{p}', p.product) : `${p.workshopName ?? ''}：${r.pick(TIPOFF_TEXTS)}`,
        media: [], anonymous: true, mineKey: null, contentKey: content, senderKey: sender, dedupeKey: `${content}:${sender}:${Math.floor(at.getTime() / 600_000)}`,
        consentAt: at, rating: closedAt && r.next() < 0.3 ? { score: 3 + r.int(3), comment: null, at: new Date(closedAt.getTime() + DAY_MS) } : null,
        createdAt: at, updatedAt: at,
      });
    }
    const timeline: Entry[] = [{ at: submittedAt, title: '收到举报', note: null, by: '系统' }];
    for (const t of tipoffs.slice(1)) timeline.push({ at: t.createdAt, title: '合并新的举报', note: `共${tipoffs.indexOf(t) + 1}件举报`, by: '系统' });
    if (acceptedAt) timeline.push({ at: acceptedAt, title: '受理', note: `将于${close!.due}前核查办结`, by });
    if (declinedAt) timeline.push({ at: declinedAt, title: '不予受理', note: declineReason, by });
    const label = result ? TIPOFF_RESULT_LABELS[result] : null;
    const publicReason = result === 'unfounded' ? '现场核查未发现所反映的问题' : p.black ? '经现场核查，该处无证生产食品，已依法查处并取缔' : '经现场核查，举报问题属实，已依法查处';
    if (closedAt) timeline.push({ at: closedAt, title: `办结：${label}`, note: publicReason, by });
    const dueAt = status === 'submitted' ? accept.dueAt : status === 'accepted' ? close!.dueAt : null;
    b.cases.push({
      _id: caseId, kind: p.kind, status, region: p.t.code, county: p.t.county, address: p.address, location: p.location,
      workshopId: p.workshopId, reportCount: reports, reportIds: tipoffs.map((t) => String(t._id)),
      groupKey: status === 'submitted' || status === 'accepted' ? openKey : `closed:${id}`,
      blackWorkshop: p.black ? { name: p.workshopName, address: p.address ?? `${p.t.fullName}`, categories: [p.category], region: p.t.code } : null,
      acceptDeadline: accept, closeDeadline: close, dueAt, extended: false, extensionReason: null,
      escalated: { accept: status === 'submitted' && accept.dueAt < this.asOf, close: false },
      handlerId: acceptedAt || declinedAt ? p.inspectors[0] : null, acceptedAt, decidedAt: acceptedAt ?? declinedAt, declineReason,
      outcome: closedAt ? { result, publicReason, note: null, closedAt, by: p.inspectors[0] } : null,
      timeline, createdAt: submittedAt, updatedAt: closedAt ?? declinedAt ?? acceptedAt ?? submittedAt,
    });
    b.tipoffs.push(...tipoffs);
    this.lastClosedAt = closedAt;
    if (closedAt && result !== 'unfounded' && p.workshopId) {
      this.credit(b, `TipoffCase:${id}`, { workshopId: p.workshopId, type: 'tipoff', at: closedAt, title: p.black ? '举报查实：无证生产' : '举报查实', detail: publicReason, result: label, source: by }, p.events);
      if (result === 'confirmed') p.verified.push({ at: closedAt });
    }
  }
}

// ---------------------------------------------------------------- writing

/** "[████████░░░░░░░░] 52%  10,400/20,000 作坊 · 281,553 条 · 2,431 条/秒 · 1分56秒" */
export function progressLine(p: ScaleProgress, width = 24): string {
  const share = p.workshops ? p.workshopsDone / p.workshops : 1;
  const filled = Math.round(share * width);
  const secs = p.elapsedMs / 1000;
  const rate = secs > 0 ? Math.round(p.docs / secs) : 0;
  const n = (x: number) => x.toLocaleString('en-US');
  const time = secs >= 60 ? `${Math.floor(secs / 60)}分${Math.round(secs % 60)}秒` : `${secs.toFixed(1)}秒`;
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)}%  ${n(p.workshopsDone)}/${n(p.workshops)} 作坊 · ${n(p.docs)} 条 · ${n(rate)} 条/秒 · ${time}`;
}


/**
 * The model's defaults for every path a generated document leaves out (what `new Model(doc)` would
 * fill in), so documents can be inserted lean: hydrating and validating every document through
 * mongoose cost ~1 ms each, more than the database's own insert. Shapes are still checked: see `check`.
 */
function defaultsOf(model: Model<any>): (doc: Doc) => Doc {
  const paths: [string[], () => unknown][] = [];
  model.schema.eachPath((path, type) => {
    if (path === '_id' || path === '__v') return;
    const def = (type as unknown as { defaultValue?: unknown }).defaultValue;
    if (def === undefined) return;
    paths.push([path.split('.'), typeof def === 'function' ? (def as () => unknown) : () => structuredClone(def)]);
  });
  const versioned = model.schema.get('versionKey') !== false;
  return (doc) => {
    for (const [parts, value] of paths) {
      let o = doc as Record<string, unknown>;
      for (let i = 0; i < parts.length - 1; i++) {
        const next = o[parts[i]];
        if (next === null) { o = null as never; break; }
        if (next === undefined) o[parts[i]] = {};
        o = o[parts[i]] as Record<string, unknown>;
      }
      if (o && o[parts[parts.length - 1]] === undefined) o[parts[parts.length - 1]] = value();
    }
    if (versioned && doc.__v === undefined) doc.__v = 0;
    return doc;
  };
}

/** Validates a few documents of each kind through the model (required fields, enums, casts): fails fast. */
async function check(model: Model<any>, docs: Doc[], n = 20) {
  for (const d of docs.slice(0, n)) {
    try {
      await new model(d).validate();
    } catch (err) {
      throw new Error(`seed:scale wrote a ${model.modelName} the model refuses: ${(err as Error).message}`);
    }
  }
}

async function insertAll(model: Model<any>, docs: Doc[], batchSize: number, fill: (d: Doc) => Doc): Promise<number> {
  let n = 0;
  for (let i = 0; i < docs.length; i += batchSize) {
    // lean: the documents are complete (defaults filled, shapes checked); createdAt/updatedAt are the records' own.
    const res = await model.insertMany(docs.slice(i, i + batchSize).map(fill), { ordered: false, lean: true });
    n += (res as unknown[]).length;
  }
  return n;
}

/** Writes `opts.workshops` workshops and their records. Returns counts, timing and a sample for reads. */
export async function seedScale(regions: RegionService, opts: ScaleSeedOptions): Promise<ScaleResult> {
  const started = Date.now();
  const asOf = opts.asOf ?? new Date(`${shanghaiDate(new Date())}T00:00:00+08:00`);
  const chunk = opts.chunk ?? 400;
  const batchSize = opts.batchSize ?? 1000;
  const gen = new Generator(regions, opts.workshops, opts.seed ?? SCALE_DEFAULT_SEED, asOf);
  const counts: Record<string, number> = {};
  const add = (k: string, n: number) => { counts[k] = (counts[k] ?? 0) + n; };
  let docs = 0;
  const progress = (done: number) => opts.onProgress?.({ workshopsDone: done, workshops: opts.workshops, docs, elapsedMs: Date.now() - started });

  // Accounts: the demo logins (so `npm start` on this database offers them) and two inspectors per county.
  const demo = DEMO_ACCOUNTS.map((a) => ({
    openid: demoOpenid(a.role, a.region), name: a.name, roles: a.role === 'citizen' ? ['citizen'] : ['citizen', a.role], region: a.region,
  }));
  const staff = gen.staff();
  await UserModel.insertMany([...demo, ...staff], { ordered: false }).catch((e) => { if ((e as { code?: number }).code !== 11000) throw e; });
  add('users', demo.length + staff.length);
  docs += demo.length + staff.length;

  const fills = new Map(MODELS.map(([key, model]) => [key, defaultsOf(model)]));
  let checked = false;
  const write = async (b: Batch) => {
    if (!checked) { for (const [key, model] of MODELS) await check(model, b[key].map(fills.get(key)!)); checked = true; }
    for (const [key, model] of MODELS) {
      const n = await insertAll(model, b[key], batchSize, fills.get(key)!);
      add(model.collection.collectionName, n);
      docs += n;
    }
  };
  let pending: Promise<void> | null = null;
  let done = 0;
  progress(0);
  while (done < opts.workshops) {
    const size = Math.min(chunk, opts.workshops - done);
    const b = emptyBatch();
    for (let i = 0; i < size; i++) {
      await gen.workshop(done + i, b);
      if ((done + i) % 60 === 59) await gen.newApplication(b); // review queues: ~1.7% new applications
    }
    if (pending) await pending; // generate the next chunk while the previous one is written
    const upTo = done + size;
    pending = write(b).then(() => progress(upTo));
    done = upTo;
  }
  if (pending) await pending;
  // Certificate number sequences continue after the seeded numbers (db/sequence.ts counters).
  const counters = gen.counters();
  if (counters.length) await CounterModel.insertMany(counters, { ordered: false });
  add('counters', counters.length);
  docs += counters.length;

  const ms = Date.now() - started;
  return { workshops: opts.workshops, docs: counts, totalDocs: docs, ms, docsPerSec: Math.round(docs / (ms / 1000)), asOf, sample: gen.finish() };
}
