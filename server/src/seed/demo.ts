// Demo province data: Guangxi (45) with Liuzhou (4502) and Guilin (4503), ~200 workshops with
// Chinese names, the demo staff and owner accounts. Idempotent: users are upserted, workshops
// are created only when there are none.
import { CATEGORIES, type CategoryCode } from '@shared/domain/categories';
import { maskName } from '@shared/domain/mask';
import { certificateEnd } from '@shared/domain/registration';
import type { Role } from '@shared/domain/roles';
import { UserModel } from '../models/User';
import { WorkshopModel } from '../models/Workshop';
import { seedDemoTipoffs } from './tipoffs';
import { nameKeys } from '../services/pinyin';
import type { RegionService } from '../services/regions';
import { seedDemoRegistrations, type SeedRegistrationOptions } from './registrations';
import { seedDemoSupervision } from './supervision';
import { rebuildPublicFiles } from '../services/publicFile';
import type { Services } from '../services';
import { seedDemoTraining } from './training';
import { seedDemoPrograms } from './programs';

export { seedDemoRegistrations } from './registrations';

export const DEMO_COUNTIES = ['450203', '450204', '450205', '450303', '450305'];

/** The accounts the H5 demo login offers; openids match what POST /auth/dev creates. */
export const DEMO_ACCOUNTS: { role: Role; name: string; region: string | null; note: string }[] = [
  { role: 'citizen', name: '演示公众', region: null, note: '查询、举报' },
  { role: 'owner', name: '演示作坊业主', region: null, note: '登记申请、培训报名、我的作坊' },
  { role: 'trainer', name: '演示培训讲师', region: '450203', note: '课程、场次、签到与发证（柳州市鱼峰区）' },
  { role: 'inspector', name: '演示监管人员', region: '450203', note: '柳州市鱼峰区' },
  { role: 'admin', name: '演示监管部门管理员', region: '4502', note: '柳州市' },
];

export function demoOpenid(role: Role, region: string | null, name = ''): string {
  return `dev:${role}:${region ?? '-'}:${name}`;
}

// Products by category, as a local market would name them.
const PRODUCTS: Record<CategoryCode, string[]> = {
  liquor: ['米酒', '糯米酒', '桂花酒', '三花酒'],
  meat: ['腊肉', '腊肠', '熏肉', '酸肉'],
  rice_flour: ['螺蛳粉', '米粉', '年糕', '粽子', '糍粑'],
  soy: ['豆腐', '腐竹', '豆腐乳', '豆干'],
  pastry: ['月饼', '桃酥', '马蹄糕', '发糕'],
  edible_oil: ['花生油', '山茶油', '菜籽油'],
  condiment: ['辣椒酱', '黄豆酱', '米醋'],
  pickles: ['酸笋', '酸豆角', '萝卜干'],
  roasted_nuts: ['炒花生', '瓜子', '板栗'],
  tea: ['六堡茶', '绿茶', '桂花茶'],
  candy: ['麦芽糖', '花生糖', '姜糖'],
  bee: ['蜂蜜', '蜂巢蜜'],
};
const SURNAMES = ['李', '王', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '覃', '韦', '蒙', '莫', '梁', '罗', '潘', '谭'];
const GIVEN = ['秀英', '建国', '桂花', '永福', '春梅', '德明', '丽娟', '志强', '玉兰', '国庆', '海燕', '文华'];
const SHOP = ['作坊', '食品作坊', '手工坊', '老作坊', '家庭作坊'];
const KEY_AREAS = ['农贸集市', '城乡结合部', '校园周边', '城镇主次街道', null, null, null];
const STREETS = ['柳石路', '箭盘路', '屏山大道', '航鹰大道', '文昌路', '中山路', '八一路', '解放路'];

/** Deterministic pseudo-random numbers so every demo database looks the same. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export async function seedDemo(
  regions: RegionService,
  opts: { workshops?: number; cipher?: SeedRegistrationOptions['cipher']; services?: Services } = {},
): Promise<{ users: number; workshops: number; created: boolean }> {
  for (const a of DEMO_ACCOUNTS) {
    const roles: Role[] = a.role === 'citizen' ? ['citizen'] : ['citizen', a.role];
    await UserModel.updateOne(
      { openid: demoOpenid(a.role, a.region) },
      { $setOnInsert: { openid: demoOpenid(a.role, a.region), name: a.name, roles, region: a.region } },
      { upsert: true },
    );
  }
  const owner = await UserModel.findOne({ openid: demoOpenid('owner', null) });
  const existing = await WorkshopModel.countDocuments({});
  if (existing > 0) {
    if (opts.services) await seedDemoTraining(opts.services); // a database seeded before training existed
    if (opts.services) await seedDemoPrograms(opts.services); // … or before programs existed
    return { users: DEMO_ACCOUNTS.length, workshops: existing, created: false };
  }

  const count = opts.workshops ?? 200;
  const rand = rng(20261123);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  const townsByCounty = new Map(DEMO_COUNTIES.map((c) => [c, (regions.list(c) ?? []).map((r) => r.code)]));
  const docs = [];
  const seen = new Set<string>();
  for (let i = 0; docs.length < count && i < count * 5; i++) {
    const county = DEMO_COUNTIES[i % DEMO_COUNTIES.length];
    const towns = townsByCounty.get(county)!;
    const region = towns.length ? pick(towns) : county;
    const category = pick(CATEGORIES);
    const product = pick(PRODUCTS[category.code]);
    const owner = pick(SURNAMES) + pick(GIVEN);
    const place = (regions.name(region) ?? '').replace(/(街道|镇|乡)$/, '');
    const name = `${place}${owner[0]}记${product}${pick(SHOP)}`;
    if (seen.has(name)) continue;
    seen.add(name);
    const keys = nameKeys(name);
    // Issued on a day in the last ~3 years (never in the future), at 10:00 Beijing time; three draws of the
    // generator as before, so the demo's names stay the same.
    const [ry, rm, rd] = [rand(), rand(), rand()];
    const issued = new Date((Math.floor(Date.now() / 86400_000) - 20 - Math.floor(ry * 3 * 340 + rm * 12 + rd * 27)) * 86400_000 + 2 * 3600_000);
    const expires = certificateEnd(issued);
    const unlicensed: boolean = docs.length % 40 === 39; // a few confirmed black workshops
    docs.push({
      name,
      namePinyin: keys.full,
      nameInitials: keys.initials,
      ownerId: null as string | null,
      ownerNameMasked: unlicensed ? null : maskName(owner),
      region,
      regionName: regions.fullName(region) ?? region,
      address: `${regions.fullName(region)}${pick(STREETS)}${1 + Math.floor(rand() * 300)}号`,
      location: { lat: 24.3 + rand() * 0.2, lng: 109.4 + rand() * 0.2 },
      categories: [category.code],
      products: [product],
      status: unlicensed ? 'unlicensed' : 'registered',
      certificate: unlicensed
        ? { number: null, status: null, issuedAt: null, expiresAt: null }
        : { number: `JY${region.slice(0, 6)}${String(docs.length + 1).padStart(5, '0')}`, status: expires < new Date() ? 'expired' : 'valid', issuedAt: issued, expiresAt: expires },
      riskGrade: unlicensed ? null : pick(['A', 'A', 'B', 'B', 'B', 'C', 'D']),
      badges: [] as string[],
      keyArea: pick(KEY_AREAS),
      demo: true,
    });
  }
  if (owner && docs[0]) docs[0].ownerId = String(owner._id);
  const inserted = await WorkshopModel.insertMany(docs);
  await seedDemoRegistrations(regions, inserted.map((w) => w.toObject()), { cipher: opts.cipher, inspectorOpenid: demoOpenid('inspector', '450203') });
  await seedDemoSupervision(regions, inserted.map((w) => w.toObject()));
  await seedDemoTipoffs(regions, inserted.map((w) => w.toObject()), { cipher: opts.cipher, counties: DEMO_COUNTIES });
  // Every seeded workshop's public credit file, from the records just written (one bulk pass).
  await rebuildPublicFiles(inserted.map((w) => String(w._id)));
  // Training goes through the commands, which need the services (npm start and the tests pass them).
  if (opts.services) await seedDemoTraining(opts.services);
  if (opts.services) await seedDemoPrograms(opts.services);
  return { users: DEMO_ACCOUNTS.length, workshops: docs.length, created: true };
}
