// The words, places and randomness of the province-scale seed (seed/scale): names, products, addresses,
// the townships of the demo province, a seeded PRNG, and the batch the generator fills.
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import type { CategoryCode } from '@shared/domain/categories';
import type { RegionService } from '../../services/regions';

/** The demo province: every workshop lies in one of its townships. */
export const SCALE_PROVINCE = '45';

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

export const DAY_MS = 86_400_000;
export const YEAR_MS = 365.25 * DAY_MS;
export const SAMPLE_SIZE = 400;

// ---------------------------------------------------------------- vocabulary

export const PRODUCTS: Record<CategoryCode, string[]> = {
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
export const SURNAMES = ['李', '王', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '覃', '韦', '蒙', '莫', '梁', '罗', '潘', '谭', '蓝', '农', '陆', '廖', '卢', '唐', '邓', '何', '苏', '龙', '石', '冯'];
export const GIVEN = ['秀英', '建国', '桂花', '永福', '春梅', '德明', '丽娟', '志强', '玉兰', '国庆', '海燕', '文华', '金凤', '振华', '美玲', '宏伟', '月娥', '家宝', '小红', '光明', '淑珍', '伟东', '凤英', '国强'];
export const STREETS = ['解放路', '人民路', '中山路', '建设路', '新华路', '民主路', '和平路', '朝阳路', '文化路', '兴业路', '胜利路', '青年路', '长青路', '东环路', '工农路', '城南路'];
export const VILLAGES = ['东', '西', '南', '北', '新', '大', '小', '上', '下', '中'];
export const LABS = ['广西壮族自治区食品药品检验所', '广西-东盟食品检验检测中心', '市食品药品检验所', '县检验检测中心'];
export const PRODUCT_ITEMS: Partial<Record<CategoryCode, string[]>> = {
  edible_oil: ['黄曲霉毒素B1', '酸价', '过氧化值', '苯并[a]芘'], meat: ['亚硝酸盐', '菌落总数', '山梨酸'], rice_flour: ['二氧化硫残留量', '菌落总数', '脱氢乙酸'],
  liquor: ['甲醇', '氰化物', '酒精度'], soy: ['苯甲酸', '菌落总数', '铝的残留量'], pastry: ['酸价', '过氧化值', '菌落总数', '糖精钠'],
  condiment: ['苯甲酸', '山梨酸', '氨基酸态氮'], pickles: ['亚硝酸盐', '苯甲酸'], roasted_nuts: ['酸价', '过氧化值'], tea: ['铅', '草甘膦'],
  candy: ['二氧化硫残留量', '菌落总数'], bee: ['果糖和葡萄糖', '氯霉素'],
};
export const FAIL_NOTES: Record<string, string> = {
  cleanliness: '生产车间地面有积水，墙角有霉斑', purchase_check: '原料进货台账记录不全', health_check: '1名从业人员健康证过期',
  labeling: '预包装产品未标注生产日期', additive_notice: '未公示使用的食品添加剂', receipts: '原料采购票据未留存',
  operation: '生熟原料未分开存放', license_display: '登记证未在显著位置公示',
};
export const FAILABLE = Object.keys(FAIL_NOTES);
export const TIPOFF_TEXTS = [
  '作坊夜里加工，门口堆放原料，卫生条件差。', '工人生产时未戴口罩手套，生料直接放在地上。', '污水直排下水道，气味很大，周边居民反映强烈。',
  '散装产品没有任何标签，也不标生产日期。', '使用的油颜色发黑，疑似反复使用。', '仓库里有过期原料，没有清理。', '生产间和住人的房间连在一起，苍蝇很多。',
];
export const UNLICENSED_TEXTS = ['居民楼一楼每天夜里加工{p}，没有看到任何证照。', '出租屋内有人制作{p}，向周边市场批发。', '城中村民房里有人生产{p}，门口没有招牌。'];
export const DECLINE_REASONS = ['所反映问题不属于食品小作坊监管范围，已告知向城管部门反映', '举报内容缺少具体地址，无法核查，已告知补充线索'];

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
export type Rand = ReturnType<typeof prng>;

export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // services/crypto publicCode's alphabet
export const sha256hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

// ---------------------------------------------------------------- the province

export interface Township { code: string; county: string; city: string; name: string; short: string; fullName: string; lat: number; lng: number; street: boolean }

export function townshipsOf(regions: RegionService): Township[] {
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


export type Doc = Record<string, unknown> & { _id: unknown };
export type Entry = Record<string, unknown>;
export interface Batch {
  users: Doc[]; workshops: Doc[]; certificates: Doc[]; registrations: Doc[]; inspections: Doc[]; samples: Doc[]; penalties: Doc[];
  cases: Doc[]; tipoffs: Doc[]; credit: Doc[]; files: Doc[];
}
export const emptyBatch = (): Batch => ({ users: [], workshops: [], certificates: [], registrations: [], inspections: [], samples: [], penalties: [], cases: [], tipoffs: [], credit: [], files: [] });
