import type { Role } from '@shared/domain/roles';
import type { TestApp } from './app';

export interface LoggedIn {
  token: string;
  userId: string;
  auth: { Authorization: string };
}

const DEFAULT_REGION: Partial<Record<Role, string>> = { inspector: '450203', admin: '4502', trainer: '450203' };

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

/** A small real JPEG, uploaded the way the app does; returns the file id. */
export async function uploadPhoto(t: TestApp, auth: { Authorization: string }, purpose = 'registration'): Promise<string> {
  const sharp = (await import('sharp')).default;
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 180, b: 120 } } }).jpeg().toBuffer();
  const res = await t.http.post('/api/v1/files').set(auth).field('purpose', purpose).attach('file', jpeg, { filename: 'premises.jpg', contentType: 'image/jpeg' });
  if (res.status !== 201 && res.status !== 200) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.id;
}

/** Every section a complete "一次不跑" application needs. */
export function completeApplication(photoId: string, over: { name?: string; region?: string; products?: string[]; address?: string } = {}) {
  return {
    applicant: { name: '李秀英', phone: '13812345678', idNumber: '45020319800101128X' },
    workshop: { name: over.name ?? '鱼峰李记螺蛳粉作坊', region: over.region ?? '450203001', address: over.address ?? '柳州市鱼峰区柳石路88号', categories: ['rice_flour'] },
    products: over.products ?? ['螺蛳粉', '米粉'],
    premises: { photos: [photoId], floorPlan: null, area: 60, water: '市政自来水' },
    equipment: [{ name: '米粉机', quantity: 1 }],
    staff: [{ name: '李秀英', healthCertNo: 'JK2026001', healthCertExpiry: '2027-06-30' }],
    commitment: { signed: true, signatureName: '李秀英' },
    licence: { businessName: '柳州市鱼峰区李记螺蛳粉店', operatorName: '李秀英', form: 'individual', scope: '食品小作坊生产（米面制品）' },
  } as const;
}

/** A complete application for `owner`, created and submitted; returns its id. */
export async function submittedApplication(t: TestApp, owner: LoggedIn, over: Parameters<typeof completeApplication>[1] = {}): Promise<string> {
  const photo = await uploadPhoto(t, owner.auth);
  const created = await t.http.post('/api/v1/registrations').set(owner.auth).send(completeApplication(photo, over));
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const submitted = await t.http.post(`/api/v1/registrations/${created.body.data.id}/submit`).set(owner.auth);
  if (submitted.status !== 200) throw new Error(`submit failed: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  return created.body.data.id;
}

/** The 10-item checklist with every item 符合, or with the given codes 不符合. */
export function checklist(failed: string[] = []) {
  const { CHECKLIST_ITEMS } = require('../../shared/src/domain/categories') as typeof import('../../shared/src/domain/categories');
  return CHECKLIST_ITEMS.map((i) => ({ code: i.code, result: failed.includes(i.code) ? 'fail' : 'pass' }));
}

/**
 * A new application taken through 受理 and a passed 现场核查 by two inspectors of its county, so the
 * next step is 准予登记. Returns its id.
 */
export async function readyForApproval(t: TestApp, owner: LoggedIn, inspectors: [LoggedIn, LoggedIn], over: Parameters<typeof completeApplication>[1] = {}): Promise<string> {
  const id = await submittedApplication(t, owner, over);
  const post = async (action: string, body: object = {}) => {
    const res = await t.http.post(`/api/v1/registrations/${id}/${action}`).set(inspectors[0].auth).send(body);
    if (res.status !== 200) throw new Error(`${action} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };
  await post('accept');
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  await post('schedule-site-check', { inspectorIds: inspectors.map((i) => i.userId), date: today });
  await post('site-check-result', { items: checklist(), passed: true });
  return id;
}
