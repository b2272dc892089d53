import type { RegistrationDoc, Registration } from '../../models/Registration';
import { RegistrationModel } from '../../models/Registration';
import { WorkshopModel } from '../../models/Workshop';
import { negativeHits as matchProducts, type NegativeHit } from '@shared/domain/negativeList';
import { negativeListFor } from '../../services/negativeList';
import { shanghaiDate } from '../../services/calendar';
import type { RegionService } from '../../services/regions';
import type { RegistrationStatus } from '@shared/domain/registration';
import { addressKey } from '@shared/domain/address';

/** What an application still lacks before it can be submitted, in words an owner understands. */
export function missingMaterials(r: Registration, today = shanghaiDate(new Date())): string[] {
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

export async function negativeHits(r: Registration): Promise<NegativeHit[]> {
  const products = r.kind === 'change' ? ((r.change as { products?: string[] } | null)?.products ?? []) : r.products;
  if (!products?.length) return [];
  return matchProducts(products, await negativeListFor(r.workshop?.region ?? r.region ?? null));
}

const OPEN_STATUSES: RegistrationStatus[] = ['submitted', 'correction', 'accepted', 'site_check'];

/** An address as a place in its region: see shared/src/domain/address.ts. */
export function placeKey(regions: Pick<RegionService, 'name' | 'list'>, address: string, region: string): string {
  const levels = [2, 4, 6, 9].filter((n) => n <= region.length).map((n) => regions.name(region.slice(0, n)) ?? '');
  const townships = region.length >= 6 ? (regions.list(region.slice(0, 6)) ?? []).map((t) => t.name) : [];
  return addressKey(address, levels, townships);
}

/**
 * Registered workshops, or other open applications, at the same address: addresses are compared as places
 * (NFKC, spaces, the region prefix the region code implies), among the county's workshops and applications.
 */
export async function duplicatesAt(r: RegistrationDoc | (Registration & { _id: unknown }), regions?: Pick<RegionService, 'name' | 'list'>) {
  const address = r.workshop?.address;
  if (!address || r.kind !== 'new') return [];
  const region = r.workshop?.region ?? r.region;
  if (!regions || !region || region.length < 6 || !/^\d+$/.test(region)) {
    // No county yet: only the very same text can be compared.
    const [workshops, apps] = await Promise.all([
      WorkshopModel.find({ address, status: 'registered' }).limit(3).lean(),
      RegistrationModel.find({ 'workshop.address': address, kind: 'new', status: { $in: OPEN_STATUSES } }).limit(3).lean(),
    ]);
    return [
      ...workshops.map((w) => ({ id: String(w._id), name: w.name, address: w.address })),
      ...apps.filter((a) => String(a._id) !== String(r._id)).map((a) => ({ id: String(a._id), name: `${a.workshop?.name ?? ''}（申请中）`, address })),
    ];
  }
  const key = placeKey(regions, address, region);
  const inCounty = new RegExp(`^${region.slice(0, 6)}`);
  // Both queries are served by the { status, region } indexes; kind is checked here, off the index.
  const [workshops, apps] = await Promise.all([
    WorkshopModel.find({ status: 'registered', region: inCounty }, { name: 1, address: 1, region: 1 }).lean(),
    RegistrationModel.find({ status: { $in: OPEN_STATUSES }, region: inCounty }, { kind: 1, workshop: 1, region: 1 }).lean(),
  ]);
  const same = (a: string | null | undefined, reg: string | null | undefined) => !!a && !!reg && placeKey(regions, a, reg) === key;
  return [
    ...workshops.filter((w) => same(w.address, w.region)).slice(0, 3).map((w) => ({ id: String(w._id), name: w.name, address: w.address })),
    ...apps
      .filter((a) => a.kind === 'new' && String(a._id) !== String(r._id) && same(a.workshop?.address, a.workshop?.region ?? a.region))
      .slice(0, 3)
      .map((a) => ({ id: String(a._id), name: `${a.workshop?.name ?? ''}（申请中）`, address: a.workshop!.address! })),
  ];
}
