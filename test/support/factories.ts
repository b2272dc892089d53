import type { Role } from '@shared/domain/roles';
import type { TestApp } from './app';

export interface LoggedIn {
  token: string;
  userId: string;
  auth: { Authorization: string };
}

const DEFAULT_REGION: Partial<Record<Role, string>> = { inspector: '450203', admin: '4502' };

/** Signs in through the demo login route, creating the user on first use. */
export async function loginAs(t: TestApp, role: Role, opts: { region?: string; name?: string } = {}): Promise<LoggedIn> {
  const region = opts.region ?? DEFAULT_REGION[role];
  const res = await t.http.post('/api/v1/auth/dev').send({ role, ...(region ? { region } : {}), ...(opts.name ? { name: opts.name } : {}) });
  if (res.status !== 200) throw new Error(`dev login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body.token, userId: res.body.user.id, auth: { Authorization: `Bearer ${res.body.token}` } };
}

let seq = 0;

/** A registered workshop in a real region, with its search keys, as registration approval makes it. */
export async function buildWorkshop(t: TestApp, over: Partial<Record<string, unknown>> & { name?: string; region?: string } = {}) {
  const { WorkshopModel } = await import('../../server/src/models/Workshop');
  const { nameKeys } = await import('../../server/src/services/pinyin');
  seq += 1;
  const name = over.name ?? `测试${seq}号米粉作坊`;
  const region = over.region ?? '450203001';
  const keys = nameKeys(name);
  return WorkshopModel.create({
    name,
    namePinyin: keys.full,
    nameInitials: keys.initials,
    ownerNameMasked: '李*',
    region,
    regionName: t.services.regions.fullName(region) ?? region,
    address: `${t.services.regions.fullName(region)}柳石路${seq}号`,
    categories: ['rice_flour'],
    products: ['米粉'],
    status: 'registered',
    certificate: { number: `JY${region.slice(0, 6)}${String(90000 + seq)}`, status: 'valid', issuedAt: new Date('2025-03-01'), expiresAt: new Date('2028-03-01') },
    riskGrade: 'B',
    ...over,
  });
}
