// What an application lacks or conflicts with, as the owner's form and the submission check see it.
import { addressKey } from '@shared/domain/address';
import { negativeHits as matchProducts, type NegativeHit } from '@shared/domain/negativeList';
import { OPEN_STATUSES } from '@shared/domain/registration';
import type { Lean } from '../../models/lean';
import type { Registration } from '../../models/Registration';
import { RegistrationModel } from '../../models/Registration';
import { WorkshopModel } from '../../models/Workshop';
import { insideRegion } from '../../policies/jurisdiction';
import { shanghaiDate } from '../../services/calendar';
import { negativeListsFor } from '../../services/negativeList';
import type { RegionService } from '../../services/regions';

type Application = Lean<Registration>;
type Regions = Pick<RegionService, 'name' | 'list'>;
export interface Duplicate { id: string; name: string; address: string }
export interface Checks { negativeList: NegativeHit[]; duplicates: Duplicate[] }

/** What an application still lacks before it can be submitted, in words an owner understands. */
export function missingMaterials(r: Application, today = shanghaiDate(new Date())): string[] {
  if (r.kind !== 'new') return [];
  const m: string[] = [];
  if (!r.applicant?.name) m.push('申请人姓名');
  if (!r.applicant?.phoneEnc) m.push('申请人手机号');
  if (!r.applicant?.idNumberEnc) m.push('申请人身份证号');
  if (!r.workshop?.name) m.push('作坊名称');
  if (!r.workshop?.region || r.workshop.region.length < 6) m.push('所在区域（到区县或乡镇）');
  if (!r.workshop?.address) m.push('详细地址');
  if (!r.workshop?.categories?.length) m.push('食品类别');
  if (!r.products?.filter(Boolean).length) m.push('生产品种');
  if (!r.premises?.photos?.length) m.push('生产场所照片（至少1张）');
  if (!r.staff?.length) m.push('从业人员及健康证');
  for (const s of r.staff ?? []) {
    if (s.healthCertExpiry && s.healthCertExpiry < today) m.push(`从业人员${s.name}的健康证已过期`);
  }
  if (!r.commitment?.signed) m.push('食品安全承诺书（阅读并签署）');
  if (!r.licence?.businessName || !r.licence?.operatorName || !r.licence?.form || !r.licence?.scope) m.push('个体工商户营业执照信息');
  return m;
}

const productsOf = (r: Application): string[] => [...(r.kind === 'change' ? ((r.change as { products?: string[] } | null)?.products ?? []) : (r.products ?? []))];
const regionOf = (r: Application) => r.workshop?.region ?? r.region ?? null;

export async function negativeHits(r: Application): Promise<NegativeHit[]> {
  const products = productsOf(r);
  if (!products.length) return [];
  return matchProducts(products, (await negativeListsFor([regionOf(r)]))(regionOf(r)));
}

/** An address as a place in its region: see shared/src/domain/address.ts. */
function placeKey(regions: Regions, address: string, region: string): string {
  const levels = [2, 4, 6, 9].filter((n) => n <= region.length).map((n) => regions.name(region.slice(0, n)) ?? '');
  const townships = region.length >= 6 ? (regions.list(region.slice(0, 6)) ?? []).map((t) => t.name) : [];
  return addressKey(address, levels, townships);
}

const countyOf = (r: Application) => {
  const region = regionOf(r);
  return region && region.length >= 6 && /^\d+$/.test(region) ? region.slice(0, 6) : null;
};

/** Registered workshops and open applications of a county: what a new application's address is compared with. */
async function placesOf(county: string) {
  // Both queries are served by the { status, region } indexes; kind is checked in JS, off the index.
  const [workshops, apps] = await Promise.all([
    WorkshopModel.find({ status: 'registered', region: insideRegion(county) }, { name: 1, address: 1, region: 1 }).lean(),
    RegistrationModel.find({ status: { $in: OPEN_STATUSES }, region: insideRegion(county) }, { kind: 1, workshop: 1, region: 1 }).lean(),
  ]);
  return { workshops, apps };
}
type Places = Awaited<ReturnType<typeof placesOf>>;

/**
 * Registered workshops, or other open applications, at the same address: compared as places (NFKC, spaces,
 * the region prefix the region code implies) among the county's workshops and applications.
 */
function duplicatesIn(r: Application, places: Places, regions: Regions): Duplicate[] {
  const address = r.workshop!.address!;
  const key = placeKey(regions, address, regionOf(r)!);
  const same = (a: string | null | undefined, reg: string | null | undefined) => !!a && !!reg && placeKey(regions, a, reg) === key;
  return [
    ...places.workshops.filter((w) => same(w.address, w.region)).slice(0, 3).map((w) => ({ id: String(w._id), name: w.name, address: w.address })),
    ...places.apps
      .filter((a) => a.kind === 'new' && String(a._id) !== String(r._id) && same(a.workshop?.address, a.workshop?.region ?? a.region))
      .slice(0, 3)
      .map((a) => ({ id: String(a._id), name: `${a.workshop?.name ?? ''}（申请中）`, address: a.workshop!.address! })),
  ];
}

/** No county yet: only the very same text can be compared. */
async function sameText(r: Application): Promise<Duplicate[]> {
  const address = r.workshop!.address!;
  const [workshops, apps] = await Promise.all([
    WorkshopModel.find({ address, status: 'registered' }).limit(3).lean(),
    RegistrationModel.find({ 'workshop.address': address, kind: 'new', status: { $in: OPEN_STATUSES } }).limit(3).lean(),
  ]);
  return [
    ...workshops.map((w) => ({ id: String(w._id), name: w.name, address: w.address })),
    ...apps.filter((a) => String(a._id) !== String(r._id)).map((a) => ({ id: String(a._id), name: `${a.workshop?.name ?? ''}（申请中）`, address })),
  ];
}

/**
 * The negative-list hits and same-place duplicates of open applications, for a whole list: one read of the
 * negative lists, one pair of reads per county (a list's applications are mostly of one county).
 */
export async function registrationChecks(regions: Regions, regs: readonly Application[]): Promise<Map<Application, Checks>> {
  const out = new Map<Application, Checks>();
  if (!regs.length) return out;
  const lists = await negativeListsFor(regs.map(regionOf));
  const withAddress = regs.filter((r) => r.kind === 'new' && r.workshop?.address);
  const counties = [...new Set(withAddress.map(countyOf).filter((c): c is string => !!c))];
  const places = new Map(await Promise.all(counties.map(async (c) => [c, await placesOf(c)] as const)));
  for (const r of regs) {
    const products = productsOf(r);
    const negativeList = products.length ? matchProducts(products, lists(regionOf(r))) : [];
    const county = countyOf(r);
    const duplicates = !withAddress.includes(r) ? [] : county ? duplicatesIn(r, places.get(county)!, regions) : await sameText(r);
    out.set(r, { negativeList, duplicates });
  }
  return out;
}
