// After approval: the public notice (公示) for the program's working days, objections (tip-offs linked to the
// application) that keep the award pending until handled, the granting job (safe to run twice), the badge on
// the public credit file, revocation after a new serious penalty or a failed sample of a key item, and an
// inheritor's teaching hours for the subsidy.
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs, uploadPhoto, type LoggedIn } from '../../support/factories';
import { expectUnchanged } from '../../support/unchanged';
import { expireAwards, grantDueAwards } from '../../../server/src/commands/programs';
import { AwardModel } from '../../../server/src/models/Award';
import { CreditEventModel } from '../../../server/src/models/CreditEvent';
import { ProgramApplicationModel } from '../../../server/src/models/ProgramApplication';
import { ProgramQuotaModel } from '../../../server/src/models/ProgramQuota';
import { TipoffModel } from '../../../server/src/models/Tipoff';
import { WorkshopModel } from '../../../server/src/models/Workshop';
import { applied, approved, applyFor, createProgram, dayOffset, ownerWithWorkshop, penaltyBody, type Owner } from './support';

let t: TestApp;
let admin: LoggedIn;
let guilin: LoggedIn;
let inspector: LoggedIn;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_USER_PER_MIN: '100000', RATE_LIMIT_IP_PER_MIN: '100000', TIPOFF_SUBMITS_PER_HOUR: '100000' });
  admin = await loginAs(t, 'admin', { region: '4502', name: '柳州市局' });
  guilin = await loginAs(t, 'admin', { region: '4503', name: '桂林市局' });
  inspector = await loginAs(t, 'inspector', { region: '450203', name: '鱼峰监管' });
});
afterAll(async () => { await t.close(); });

const DAY = 86_400_000;
const later = (days: number) => new Date(Date.now() + days * DAY);
const post = (path: string, who: LoggedIn | null, body: object = {}) => {
  const r = t.http.post(`/api/v1${path}`);
  if (who) r.set(who.auth);
  return r.send(body);
};
const badges = async (workshopId: string) => (await WorkshopModel.findById(workshopId).lean())!.badges;
const timeline = async (workshopId: string) => (await t.http.get(`/api/v1/workshops/${workshopId}/timeline`)).body.data as { type: string; title: string; source: string }[];
const objection = (over: Record<string, unknown> = {}) => ({ description: '该作坊上月被发现使用过期原料，不应评为示范单位。', anonymous: true, consent: true, ...over });

async function inNotice(name: string, programOver: Record<string, unknown> = {}): Promise<{ owner: Owner; programId: string; applicationId: string }> {
  const programId = await createProgram(t, admin, { name: `${name}示范单位`, ...programOver });
  const owner = await ownerWithWorkshop(t, name);
  const applicationId = await applied(t, owner, programId);
  await approved(t, admin, applicationId);
  return { owner, programId, applicationId };
}

describe('public notice and objections', () => {
  it('approval opens a notice of 5 working days; the public list shows it; the award waits for the end of the notice', async () => {
    const { owner, programId, applicationId } = await inNotice('韦秀兰');
    const a = await ProgramApplicationModel.findById(applicationId).lean();
    const expected = await t.services.calendar.addWorkingDays(new Date(), 5);
    expect(a!.noticeUntil).toBe(expected.date);
    expect(a!.noticeEndsAt!.toISOString()).toBe(new Date(`${expected.date}T23:59:59.999+08:00`).toISOString());
    const notice = await t.http.get(`/api/v1/programs/${programId}/notice`);
    expect(notice.status).toBe(200);
    expect(notice.body.data.entries).toEqual([expect.objectContaining({ applicationId, workshop: expect.objectContaining({ id: owner.workshopId }), noticeUntil: expected.date })]);
    // The job before the end of the notice grants nothing.
    expect(await grantDueAwards(t.services, new Date())).toBe(0);
    expect(await badges(owner.workshopId)).toEqual([]);
    // After it: granted once, however often the job runs (several instances).
    const end = new Date(a!.noticeEndsAt!.getTime() + 1000);
    const [n1, n2] = await Promise.all([grantDueAwards(t.services, end), grantDueAwards(t.services, end)]);
    expect(n1 + n2).toBe(1);
    expect(await grantDueAwards(t.services, end)).toBe(0);
    expect(await AwardModel.countDocuments({ applicationId })).toBe(1);
    const mine = await t.http.get('/api/v1/applications/mine').set(owner.auth);
    expect(mine.body.data[0]).toMatchObject({ status: 'awarded', statusLabel: '已授予' });
    // The badge on the public credit file, with its date and issuing body.
    expect(await badges(owner.workshopId)).toEqual(['食品小作坊示范单位']);
    expect((await t.http.get(`/api/v1/workshops/${owner.workshopId}`)).body.badges).toEqual(['食品小作坊示范单位']);
    expect(await timeline(owner.workshopId)).toEqual([expect.objectContaining({ type: 'award', title: '荣誉称号：食品小作坊示范单位', source: '柳州市市场监督管理局' })]);
    const awards = await t.http.get('/api/v1/awards').query({ region: '450203' });
    expect(awards.body.data.map((x: { workshop: { id: string } }) => x.workshop.id)).toContain(owner.workshopId);
    expect((await t.http.get('/api/v1/awards').query({ region: '4503' })).body.total).toBe(0);
  });

  it('an objection during the notice is a tip-off linked to the application and keeps the award pending until dismissed', async () => {
    const { owner, applicationId } = await inNotice('覃建国');
    expect((await post(`/applications/${applicationId}/objections`, null, { description: '' })).status).toBe(400);
    const res = await post(`/applications/${applicationId}/objections`, null, objection());
    expect(res.status).toBe(201);
    expect(res.body.receiptCode).toMatch(/^[A-Z0-9]{10}$/);
    const tip = await TipoffModel.findOne({ receiptCode: res.body.receiptCode }).lean();
    expect(tip).toMatchObject({ kind: 'violation', workshopId: owner.workshopId, anonymous: true });
    expect(tip!.description).toContain('公示异议');
    const a = await ProgramApplicationModel.findById(applicationId).lean();
    expect(a).toMatchObject({ openObjections: 1, objections: [expect.objectContaining({ tipoffId: String(tip!._id), status: 'open' })] });

    // Past the notice: still pending while the objection is open.
    expect(await grantDueAwards(t.services, later(30))).toBe(0);
    expect((await ProgramApplicationModel.findById(applicationId).lean())!.status).toBe('in_notice');

    // Handling: 401 → 400 → 403 → dismissed; then the job grants.
    const body = { objectionId: String(tip!._id), upheld: false, note: '经现场核查，原料均在保质期内' };
    expect((await post(`/applications/${applicationId}/objections/resolve`, null, body)).status).toBe(401);
    expect((await post(`/applications/${applicationId}/objections/resolve`, admin, { ...body, note: '' })).status).toBe(400);
    await expectUnchanged(async () => ProgramApplicationModel.findById(applicationId).lean(), async () => {
      expect((await post(`/applications/${applicationId}/objections/resolve`, guilin, body)).status).toBe(403);
      expect((await post(`/applications/${applicationId}/objections/resolve`, owner, body)).status).toBe(403);
    });
    const done = await post(`/applications/${applicationId}/objections/resolve`, admin, body);
    expect(done.status).toBe(200);
    expect(done.body.data).toMatchObject({ status: 'in_notice', openObjections: 0, objections: [expect.objectContaining({ status: 'dismissed', statusLabel: '异议不成立' })] });
    expect(await grantDueAwards(t.services, later(30))).toBe(1);
    expect((await ProgramApplicationModel.findById(applicationId).lean())!.status).toBe('awarded');
    // After the notice, no more objections.
    expect((await post(`/applications/${applicationId}/objections`, null, objection({ description: '再提异议' }))).status).toBe(422);
  });

  it('an upheld objection: not awarded, and the place goes back to the quota', async () => {
    const { applicationId, programId } = await inNotice('莫桂芳', { quota: { perYear: 1, scope: 'program' } });
    const res = await post(`/applications/${applicationId}/objections`, null, objection({ description: '该作坊存在无证分装行为。' }));
    const tip = await TipoffModel.findOne({ receiptCode: res.body.receiptCode }).lean();
    const done = await post(`/applications/${applicationId}/objections/resolve`, admin, { objectionId: String(tip!._id), upheld: true, note: '经查属实' });
    expect(done.body.data).toMatchObject({ status: 'rejected', decisionNote: '公示异议成立：经查属实' });
    expect(await grantDueAwards(t.services, later(30))).toBe(0);
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    expect((await ProgramQuotaModel.findById(`${programId}:${year}:4502`).lean())!.used).toBe(0);
    // The freed place can be given to another applicant.
    const next = await ownerWithWorkshop(t, '蓝志强');
    expect((await approved(t, admin, await applied(t, next, programId))).status).toBe('in_notice');
  });
});

describe('revocation', () => {
  it('a new serious penalty flags the award; the admin revokes it with a reason; the badge leaves the public file, the history keeps it; no re-grant', async () => {
    const { owner, programId, applicationId } = await inNotice('黄美玲', { revokeOn: { penaltyMinFineFen: 100_000, failedSampleItems: null } });
    await grantDueAwards(t.services, later(30));
    const aw = await AwardModel.findOne({ applicationId }).lean();
    // A warning without a fine: below the configured severity, nothing flagged.
    expect((await post('/penalties', inspector, penaltyBody(owner.workshopId, { outcome: '警告', fineFen: undefined }))).status).toBe(201);
    expect((await AwardModel.findById(aw!._id).lean())!.status).toBe('active');
    // A fine of 5,000 yuan: flagged for review, listed for the admin, the badge still shows.
    expect((await post('/penalties', inspector, penaltyBody(owner.workshopId))).status).toBe(201);
    const flagged = await AwardModel.findById(aw!._id).lean();
    expect(flagged!.status).toBe('flagged');
    expect(flagged!.flags).toHaveLength(1);
    const list = await t.http.get('/api/v1/awards/flagged').set(admin.auth);
    expect(list.body.data).toEqual([expect.objectContaining({ id: String(aw!._id), status: 'flagged', flags: [expect.objectContaining({ reason: expect.stringContaining('行政处罚') })] })]);
    expect((await t.http.get('/api/v1/awards/flagged').set(guilin.auth)).body.data).toEqual([]);

    const url = `/awards/${String(aw!._id)}/revoke`;
    expect((await post(url, null, { reason: '严重违法' })).status).toBe(401);
    expect((await post(url, admin, { reason: '' })).status).toBe(400);
    await expectUnchanged(async () => AwardModel.findById(aw!._id).lean(), async () => {
      expect((await post(url, guilin, { reason: '严重违法' })).status).toBe(403);
      expect((await post(url, owner, { reason: '严重违法' })).status).toBe(403);
    });
    const revoked = await post(url, admin, { reason: '使用超范围食品添加剂被罚款，撤销示范单位称号' });
    expect(revoked.status).toBe(200);
    expect(revoked.body.data).toMatchObject({ status: 'revoked', revokeReason: '使用超范围食品添加剂被罚款，撤销示范单位称号' });
    expect(revoked.body.data.history.map((h: { title: string }) => h.title)).toEqual([
      '授予“食品小作坊示范单位”', expect.stringContaining('违法违规待复核'), '撤销：使用超范围食品添加剂被罚款，撤销示范单位称号',
    ]);
    expect(await badges(owner.workshopId)).toEqual([]);
    expect((await timeline(owner.workshopId)).filter((e) => e.type === 'award')).toEqual([]);
    expect(await CreditEventModel.countDocuments({ ref: `Award:${String(aw!._id)}` })).toBe(1); // the record is kept
    expect((await t.http.get(`/api/v1/awards/${String(aw!._id)}`)).status).toBe(404);
    expect((await post(url, admin, { reason: '再次撤销' })).status).toBe(409);
    // Never granted again without a new application: the job finds nothing, the same year's application is taken.
    expect(await grantDueAwards(t.services, later(60))).toBe(0);
    expect((await AwardModel.findById(aw!._id).lean())!.status).toBe('revoked');
    expect((await applyFor(t, owner, programId)).status).toBe(409);
  });

  it('a failed sample of a key item flags the award; another item does not', async () => {
    const { owner, applicationId } = await inNotice('潘德明', { revokeOn: { penaltyMinFineFen: null, failedSampleItems: ['二氧化硫'] } });
    await grantDueAwards(t.services, later(30));
    const sample = (items: string[]) => ({ workshopId: owner.workshopId, product: '米粉', batch: '20261101', items, sampledAt: dayOffset(-1), result: 'fail', failedItems: items });
    expect((await post('/samples', inspector, sample(['菌落总数']))).status).toBe(201);
    expect((await AwardModel.findOne({ applicationId }).lean())!.status).toBe('active');
    expect((await post('/penalties', inspector, penaltyBody(owner.workshopId))).status).toBe(201); // penalties do not flag here
    expect((await AwardModel.findOne({ applicationId }).lean())!.status).toBe('active');
    expect((await post('/samples', inspector, sample(['二氧化硫']))).status).toBe(201);
    expect((await AwardModel.findOne({ applicationId }).lean())!.status).toBe('flagged');
  });
});

describe('validity', () => {
  it('an award past its validity expires: the badge leaves the workshop, the award stays with its history', async () => {
    const { owner, applicationId } = await inNotice('谭国庆', { validityYears: 1 });
    await grantDueAwards(t.services, later(30));
    expect(await expireAwards(t.services, later(300))).toBe(0);
    expect(await badges(owner.workshopId)).toEqual(['食品小作坊示范单位']);
    expect(await expireAwards(t.services, later(400))).toBe(1);
    expect(await expireAwards(t.services, later(400))).toBe(0);
    const aw = await AwardModel.findOne({ applicationId }).lean();
    expect(aw).toMatchObject({ status: 'expired' });
    expect(aw!.history.at(-1)!.title).toBe('有效期届满');
    expect(await badges(owner.workshopId)).toEqual([]);
    expect((await t.http.get(`/api/v1/awards/${String(aw!._id)}`)).body.data).toMatchObject({ status: 'expired', statusLabel: '已到期' });
  });
});

describe('inheritor subsidy', () => {
  it('an inheritor records apprentices and teaching hours; the subsidy is in proportion up to the required hours', async () => {
    const { owner, applicationId } = await inNotice('梁永福', {
      kind: 'heritage_inheritor', name: '螺蛳粉制作技艺代表性传承人', quota: { perYear: 10, scope: 'program' }, subsidy: { fenPerYear: 1_000_000, requiredHours: 40 },
    });
    await grantDueAwards(t.services, later(30));
    const aw = await AwardModel.findOne({ applicationId }).lean();
    const url = `/awards/${String(aw!._id)}/teaching`;
    const day = dayOffset(0); // one calendar year for every entry
    expect((await post(url, null, { date: day, apprentices: ['李小明'], hours: 4 })).status).toBe(401);
    expect((await post(url, owner, { date: day, apprentices: [], hours: 4 })).status).toBe(400);
    const stranger = await ownerWithWorkshop(t, '外人');
    expect((await post(url, stranger, { date: day, apprentices: ['李小明'], hours: 4 })).status).toBe(404);
    const first = await post(url, owner, { date: day, apprentices: ['李小明', '韦小红'], hours: 10 });
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({ hours: 10, apprentices: 2, requiredHours: 40, fenPerYear: 1_000_000, dueFen: 250_000, dueLabel: '2500.00元' });
    expect((await post(url, owner, { date: day, apprentices: ['李小明'], hours: 25 })).status).toBe(400); // at most 24 hours a day
    await post(url, owner, { date: day, apprentices: ['李小明'], hours: 20, note: '汤底熬制' }).expect(201);
    const third = await post(url, owner, { date: day, apprentices: ['蒙小兰'], hours: 15, note: '米粉晾晒' });
    expect(third.body.data).toMatchObject({ hours: 45, apprentices: 3, dueFen: 1_000_000, dueLabel: '10000.00元' });
    expect(third.body.data.entries).toHaveLength(3);
  });

  it('the heritage story page: written by the owner with public photos, read by anyone; not for a model unit', async () => {
    const { owner, applicationId } = await inNotice('韦德明', { kind: 'heritage_item', name: '螺蛳粉制作技艺', quota: { perYear: 10, scope: 'program' } });
    await grantDueAwards(t.services, later(30));
    const aw = await AwardModel.findOne({ applicationId }).lean();
    const url = `/api/v1/awards/${String(aw!._id)}/story`;
    const story = { technique: '石螺与筒骨熬汤八小时，手工压粉晾晒', inheritor: '韦德明，第三代传承人', history: '始于上世纪八十年代的夜市米粉摊' };
    expect((await t.http.put(url).send(story)).status).toBe(401);
    expect((await t.http.put(url).set(owner.auth).send({ ...story, history: '' })).status).toBe(400);
    expect((await t.http.put(url).set(guilin.auth).send(story)).status).toBe(403);
    const stranger = await ownerWithWorkshop(t, '路人甲');
    await expectUnchanged(async () => AwardModel.findById(aw!._id).lean(), async () => {
      expect((await t.http.put(url).set(stranger.auth).send(story)).status).toBe(404);
      const privatePhoto = await uploadPhoto(t, owner.auth, 'program');
      expect((await t.http.put(url).set(owner.auth).send({ ...story, photos: [privatePhoto] })).status).toBe(422);
    });
    const photo = await uploadPhoto(t, owner.auth, 'story');
    const res = await t.http.put(url).set(owner.auth).send({ ...story, photos: [photo] });
    expect(res.status).toBe(200);
    expect(res.body.data.story).toEqual({ ...story, photos: [`/api/v1/files/${photo}`] });
    expect((await t.http.get(`/api/v1/files/${photo}`)).status).toBe(200); // public: anyone sees the photo
    expect((await t.http.get(`/api/v1/awards/${String(aw!._id)}`)).body.data.story.technique).toBe(story.technique);
    const plain = await inNotice('罗文华');
    await grantDueAwards(t.services, later(30));
    const unit = await AwardModel.findOne({ applicationId: plain.applicationId }).lean();
    const refused = await t.http.put(`/api/v1/awards/${String(unit!._id)}/story`).set(plain.owner.auth).send(story);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('award.no_story');
  });

  it('an award without a subsidy takes no teaching record', async () => {
    const { owner, applicationId } = await inNotice('罗海燕');
    await grantDueAwards(t.services, later(30));
    const aw = await AwardModel.findOne({ applicationId }).lean();
    const res = await post(`/awards/${String(aw!._id)}/teaching`, owner, { date: dayOffset(-1), apprentices: ['甲'], hours: 2 });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('award.no_subsidy');
  });
});
