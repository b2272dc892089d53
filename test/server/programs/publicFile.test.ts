// What the app's program pages read besides the program routes: the badges on the public credit file (with
// dates and issuing body, heritage ones pointing to their story page; a revoked one gone) and an inheritor's
// teaching record with the subsidy before anything is recorded.
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs, type LoggedIn } from '../../support/factories';
import { grantDueAwards } from '../../../server/src/commands/programs';
import { AwardModel } from '../../../server/src/models/Award';
import { WorkshopDetail } from '@shared/schemas/workshops';
import { applied, approved, createProgram, dayOffset, ownerWithWorkshop, type Owner } from './support';

let t: TestApp;
let admin: LoggedIn;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_USER_PER_MIN: '100000', RATE_LIMIT_IP_PER_MIN: '100000' });
  admin = await loginAs(t, 'admin', { region: '4502', name: '柳州市局' });
});
afterAll(async () => { await t.close(); });

const later = (days: number) => new Date(Date.now() + days * 86_400_000);

async function granted(owner: Owner, over: Record<string, unknown>): Promise<string> {
  const programId = await createProgram(t, admin, over);
  const applicationId = await applied(t, owner, programId);
  await approved(t, admin, applicationId);
  await grantDueAwards(t.services, later(30));
  const aw = await AwardModel.findOne({ applicationId }).lean();
  return String(aw!._id);
}

it('the public credit file lists each badge with its dates and issuing body; a heritage one is marked for its story page; a revoked one is gone', async () => {
  const owner = await ownerWithWorkshop(t, '覃桂芳');
  const before = await t.http.get(`/api/v1/workshops/${owner.workshopId}`);
  expect(before.body.awards).toEqual([]);
  const unit = await granted(owner, { name: '柳州市示范单位（档案测试）' });
  const heritage = await granted(owner, { name: '螺蛳粉制作技艺（档案测试）', kind: 'heritage_item', quota: { perYear: 10, scope: 'program' } });
  const res = await t.http.get(`/api/v1/workshops/${owner.workshopId}`);
  expect(res.status).toBe(200);
  expect(() => WorkshopDetail.parse(res.body)).not.toThrow();
  const awards = res.body.awards as { id: string; badge: string; issuer: string; grantedAt: string; validUntil: string; heritage: boolean; programName: string }[];
  expect(awards.map((a) => a.id).sort()).toEqual([unit, heritage].sort());
  const h = awards.find((a) => a.id === heritage)!;
  expect(h).toMatchObject({ badge: '非遗代表性项目', programName: '螺蛳粉制作技艺（档案测试）', issuer: '柳州市市场监督管理局', heritage: true });
  expect(awards.find((a) => a.id === unit)!.heritage).toBe(false);
  // Valid for the program's 3 years from the day it was granted.
  expect(new Date(h.validUntil).getFullYear() - new Date(h.grantedAt).getFullYear()).toBe(3);

  const revoked = await t.http.post(`/api/v1/awards/${unit}/revoke`).set(admin.auth).send({ reason: '档案测试：撤销' });
  expect(revoked.status).toBe(200);
  const after = await t.http.get(`/api/v1/workshops/${owner.workshopId}`);
  expect((after.body.awards as { id: string }[]).map((a) => a.id)).toEqual([heritage]);
});

it('an inheritor (and the admin of the region) reads this year\'s teaching record and subsidy, before and after recording; others cannot; a model unit has none', async () => {
  const owner = await ownerWithWorkshop(t, '莫振华');
  const id = await granted(owner, { name: '传承人（档案测试）', kind: 'heritage_inheritor', quota: { perYear: 10, scope: 'program' }, subsidy: { fenPerYear: 800_000, requiredHours: 20 } });
  const url = `/api/v1/awards/${id}/teaching`;
  expect((await t.http.get(url)).status).toBe(401);
  const stranger = await ownerWithWorkshop(t, '外人乙');
  expect((await t.http.get(url).set(stranger.auth)).status).toBe(404);
  const empty = await t.http.get(url).set(owner.auth);
  expect(empty.status).toBe(200);
  expect(empty.body.data).toMatchObject({ awardId: id, hours: 0, apprentices: 0, requiredHours: 20, fenPerYear: 800_000, dueFen: 0, dueLabel: '0.00元', entries: [] });
  await t.http.post(url).set(owner.auth).send({ date: dayOffset(0), apprentices: ['黄小军', '韦小梅'], hours: 5 }).expect(201);
  const read = await t.http.get(url).set(owner.auth);
  expect(read.body.data).toMatchObject({ hours: 5, apprentices: 2, dueFen: 200_000, dueLabel: '2000.00元' });
  expect(read.body.data.entries).toEqual([{ date: dayOffset(0), apprentices: ['黄小军', '韦小梅'], hours: 5, note: null }]);
  // The admins who pay the subsidy read it too; an admin elsewhere cannot.
  expect((await t.http.get(url).set(admin.auth)).body.data).toMatchObject({ hours: 5, dueLabel: '2000.00元' });
  const guilin = await loginAs(t, 'admin', { region: '4503', name: '桂林市局' });
  expect((await t.http.get(url).set(guilin.auth)).status).toBe(403);

  const plain = await ownerWithWorkshop(t, '韦家宝');
  const unit = await granted(plain, { name: '示范单位（补贴测试）' });
  const none = await t.http.get(`/api/v1/awards/${unit}/teaching`).set(plain.auth);
  expect(none.status).toBe(422);
  expect(none.body.error.code).toBe('award.no_subsidy');
});
