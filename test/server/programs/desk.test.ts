// The admin review desk: the programs an admin reviews with counts and quota use; one application with its
// facts, eligibility at submission and now, and every score (a score sheet adds to the total); keeping a
// flagged award.
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs, type LoggedIn } from '../../support/factories';
import { expectUnchanged } from '../../support/unchanged';
import { AwardModel } from '../../../server/src/models/Award';
import { ProgramApplicationModel } from '../../../server/src/models/ProgramApplication';
import { grantDueAwards } from '../../../server/src/commands/programs';
import { applied, approved, createProgram, ownerWithWorkshop, penaltyBody, type Owner } from './support';

let t: TestApp;
let admin: LoggedIn;
let county: LoggedIn;
let guilin: LoggedIn;
let inspector: LoggedIn;
let owner: Owner;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_USER_PER_MIN: '100000', RATE_LIMIT_IP_PER_MIN: '100000' });
  admin = await loginAs(t, 'admin', { region: '4502', name: '柳州市局评审' });
  county = await loginAs(t, 'admin', { region: '450203', name: '鱼峰区局评审' });
  guilin = await loginAs(t, 'admin', { region: '4503', name: '桂林市局' });
  inspector = await loginAs(t, 'inspector', { region: '450203', name: '鱼峰监管' });
  owner = await ownerWithWorkshop(t, '黄丽萍');
});
afterAll(async () => { await t.close(); });

const get = (path: string, who: LoggedIn | null) => {
  const r = t.http.get(`/api/v1${path}`);
  return who ? r.set(who.auth) : r;
};
const post = (path: string, who: LoggedIn | null, body: object = {}) => {
  const r = t.http.post(`/api/v1${path}`);
  if (who) r.set(who.auth);
  return r.send(body);
};
const SHEET = [{ name: '材料审查', score: 30, max: 34 }, { name: '现场评审', score: 28, max: 33 }, { name: '集体审议', score: 30, max: 33 }];

describe('GET /programs/desk', () => {
  it('lists the city\'s programs and the province\'s, with counts per status, quota use and notice; county admins see only theirs', async () => {
    const city = await createProgram(t, admin, { name: '柳州示范单位（评审台）', quota: { perYear: 3, scope: 'county' } });
    const province = await createProgram(t, await loginAs(t, 'admin', { region: '45', name: '自治区局' }), { name: '广西名特优（评审台）', kind: 'famous_specialty', region: '45', quota: { perYear: 2, scope: 'program' } });
    const a1 = await applied(t, owner, city);
    const o2 = await ownerWithWorkshop(t, '韦小明');
    await applied(t, o2, city);
    await approved(t, admin, a1);
    await applied(t, owner, province);

    expect((await get('/programs/desk', null)).status).toBe(401);
    expect((await get('/programs/desk', inspector)).status).toBe(403);
    const res = await get('/programs/desk', admin);
    expect(res.status).toBe(200);
    const byId = (id: string) => res.body.data.find((d: { program: { id: string } }) => d.program.id === id);
    expect(byId(city)).toMatchObject({
      canEdit: true, counts: { submitted: 1, in_notice: 1, awarded: 0 },
      quota: { perYear: 3, scopeLabel: '每个区县', used: 1, byCounty: expect.arrayContaining([{ region: { code: '450203', name: expect.stringContaining('鱼峰') }, used: 1, left: 2 }]) },
      notice: { running: 1, until: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), openObjections: 0 },
    });
    // The city has several counties: 3 places each.
    expect(byId(city).quota.capacity).toBeGreaterThan(3);
    expect(byId(province)).toMatchObject({ canEdit: false, counts: { submitted: 1 }, quota: { used: 0, capacity: 2, left: 2, byCounty: null } });
    // A county admin: the county's part only (capacity 3 of the county); Guilin sees neither application.
    const mine = (await get('/programs/desk', county)).body.data.find((d: { program: { id: string } }) => d.program.id === city);
    expect(mine).toMatchObject({ canEdit: false, quota: { used: 1, capacity: 3, left: 2 } });
    const far = (await get('/programs/desk', guilin)).body.data;
    expect(far.find((d: { program: { id: string } }) => d.program.id === city)).toBeUndefined();
    expect(far.find((d: { program: { id: string } }) => d.program.id === province)).toMatchObject({ counts: { submitted: 0 } });
  });
});

describe('GET /applications/:id/review and the score sheet', () => {
  it('shows facts, eligibility at submission and now, my score sheet and the others\'; 403 outside the region', async () => {
    const pid = await createProgram(t, admin, { name: '柳州出彩小作坊（评审台）', kind: 'outstanding', rules: [{ kind: 'registered' }, { kind: 'category', categories: ['rice_flour'] }] });
    const o = await ownerWithWorkshop(t, '覃秀英');
    const id = await applied(t, o, pid);
    expect((await get(`/applications/${id}/review`, null)).status).toBe(401);
    expect((await get(`/applications/${id}/review`, o)).status).toBe(403);
    expect((await get(`/applications/${id}/review`, guilin)).status).toBe(403);

    // A sheet whose items do not add up is refused, and nothing changes.
    await expectUnchanged(async () => ProgramApplicationModel.findById(id).lean(), async () => {
      expect((await post(`/applications/${id}/score`, admin, { score: 90, items: SHEET })).status).toBe(400);
      expect((await post(`/applications/${id}/score`, admin, { score: 88, items: [{ name: '材料审查', score: 40, max: 34 }, { name: '其他', score: 48, max: 66 }] })).status).toBe(400);
    });
    expect((await post(`/applications/${id}/score`, admin, { score: 88, comment: '特色鲜明', items: SHEET })).status).toBe(200);
    expect((await post(`/applications/${id}/score`, county, { score: 76 })).status).toBe(200);

    const res = await get(`/applications/${id}/review`, admin);
    expect(res.status).toBe(200);
    const r = res.body.data;
    expect(r.application).toMatchObject({ id, status: 'under_review', averageScore: 82 });
    expect(r.program).toMatchObject({ id: pid, reviewSteps: expect.any(Array) });
    expect(r.workshop).toMatchObject({ id: o.workshopId, name: '覃秀英的米粉作坊', categories: ['rice_flour'], penalties24m: 0, trainingHours: 0 });
    expect(r.eligibility.submitted).toMatchObject({ eligible: true, rules: [expect.objectContaining({ kind: 'registered', passed: true }), expect.objectContaining({ kind: 'category', passed: true })] });
    expect(r.eligibility.current.eligible).toBe(true);
    expect(r.scores).toEqual([
      expect.objectContaining({ reviewerName: '柳州市局评审', mine: true, score: 88, comment: '特色鲜明', items: SHEET }),
      expect.objectContaining({ reviewerName: '鱼峰区局评审', mine: false, score: 76, items: null }),
    ]);
    expect(r.quota).toMatchObject({ perYear: 3, used: 0, left: 3 });
    expect(r.can).toEqual({ score: true, decide: true, resolve: false });

    // A new penalty: eligibility now fails while the snapshot keeps what the applicant met.
    expect((await post('/penalties', inspector, penaltyBody(o.workshopId))).status).toBe(201);
    const after = (await get(`/applications/${id}/review`, county)).body.data;
    expect(after.workshop.penalties24m).toBe(1);
    expect(after.eligibility.submitted.eligible).toBe(true);
    expect(after.scores.map((s: { mine: boolean }) => s.mine)).toEqual([false, true]);
    await approved(t, admin, id);
    expect((await get(`/applications/${id}/review`, admin)).body.data).toMatchObject({ can: { score: false, decide: false, resolve: false }, quota: { used: 1, left: 2 }, objectionCases: [] });
    // An objection during the notice: the reviewer is given its tip-off case to read before resolving it.
    const objected = await post(`/applications/${id}/objections`, null, { description: '该作坊上月使用过期原料。', anonymous: true, consent: true });
    expect(objected.status).toBe(201);
    const withObjection = (await get(`/applications/${id}/review`, admin)).body.data;
    expect(withObjection.can.resolve).toBe(true);
    expect(withObjection.objectionCases).toEqual([{ id: withObjection.application.objections[0].id, caseId: expect.stringMatching(/^[0-9a-f]{24}$/) }]);
    const kase = await get(`/tipoffs/${withObjection.objectionCases[0].caseId}`, admin);
    expect(kase.status).toBe(200);
    expect(JSON.stringify(kase.body)).toContain('该作坊上月使用过期原料。');
  });
});

describe('POST /awards/:id/keep', () => {
  it('a flagged award kept with a note is active again; not flagged → 409; outside the region → 403; revoke still works later', async () => {
    const pid = await createProgram(t, admin, { name: '柳州阳光作坊（评审台）', kind: 'sunshine', noticeDays: 0 });
    const o = await ownerWithWorkshop(t, '蓝海燕');
    const id = await applied(t, o, pid);
    await approved(t, admin, id);
    await grantDueAwards(t.services, new Date(Date.now() + 60_000));
    const aw = await AwardModel.findOne({ applicationId: id }).lean();
    expect(aw).toMatchObject({ status: 'active' });
    const awardId = String(aw!._id);
    expect((await post(`/awards/${awardId}/keep`, admin, { note: '经核实情节轻微' })).status).toBe(409);

    expect((await post('/penalties', inspector, penaltyBody(o.workshopId))).status).toBe(201);
    const flagged = await get('/awards/flagged', admin);
    expect(flagged.body.data.find((a: { id: string }) => a.id === awardId)).toMatchObject({ status: 'flagged', flags: [expect.objectContaining({ reason: expect.any(String) })] });
    expect((await get('/programs/desk', admin)).body.flagged).toBeGreaterThanOrEqual(1);

    expect((await post(`/awards/${awardId}/keep`, admin, { note: '' })).status).toBe(400);
    await expectUnchanged(async () => AwardModel.findById(awardId).lean(), async () => {
      expect((await post(`/awards/${awardId}/keep`, guilin, { note: '保留' })).status).toBe(403);
      expect((await post(`/awards/${awardId}/keep`, inspector, { note: '保留' })).status).toBe(403);
    });
    const kept = await post(`/awards/${awardId}/keep`, county, { note: '经核实情节轻微，已整改' });
    expect(kept.status).toBe(200);
    expect(kept.body.data).toMatchObject({ status: 'active', history: expect.arrayContaining([expect.objectContaining({ title: '复核后保留：经核实情节轻微，已整改' })]) });
    expect((await get('/awards/flagged', admin)).body.data.find((a: { id: string }) => a.id === awardId)).toBeUndefined();
    // The badge stays on the public file; it can still be revoked.
    expect((await post(`/awards/${awardId}/revoke`, admin, { reason: '再次违法' })).body.data).toMatchObject({ status: 'revoked' });
  });
});
