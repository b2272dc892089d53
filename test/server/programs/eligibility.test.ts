// "Programs for me": each rule of a program evaluated on the workshop's real records (certificate, penalties,
// risk grade, training certificates, categories, years registered, self-checks), each failing rule saying
// what to do; applying only inside the window and when every rule passes (422 with the failing rules).
import mongoose from 'mongoose';
import { createTestApp, type TestApp } from '../../support/app';
import { checklist, loginAs, type LoggedIn } from '../../support/factories';
import { expectUnchanged } from '../../support/unchanged';
import { WorkshopModel } from '../../../server/src/models/Workshop';
import { ProgramApplicationModel } from '../../../server/src/models/ProgramApplication';
import { ALL_RULES, applyFor, createProgram, dayOffset, ownerWithWorkshop, penaltyBody, trainingCertificate, type Owner } from './support';

let t: TestApp;
let admin: LoggedIn;
let inspector: LoggedIn;
let owner: Owner;
let other: Owner;
let programId: string;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_USER_PER_MIN: '100000', RATE_LIMIT_IP_PER_MIN: '100000' });
  admin = await loginAs(t, 'admin', { region: '4502', name: '柳州市局' });
  inspector = await loginAs(t, 'inspector', { region: '450203', name: '鱼峰监管' });
  owner = await ownerWithWorkshop(t, '韦秀兰');
  other = await ownerWithWorkshop(t, '覃建国');
  programId = await createProgram(t, admin, { rules: ALL_RULES });
});
afterAll(async () => { await t.close(); });

const check = (o: Owner = owner, id = programId) => t.http.get(`/api/v1/programs/${id}/eligibility`).query({ workshopId: o.workshopId }).set(o.auth);
const ruleOf = (body: { data: { rules: { kind: string }[] } }, kind: string) => body.data.rules.find((r) => r.kind === kind) as unknown as { passed: boolean; current: string; todo: string | null; action: string };

describe('GET /programs/:id/eligibility', () => {
  it('401 without login, 400 for a bad workshop id, 403 for another owner\'s workshop, 404 for an unknown program', async () => {
    expect((await t.http.get(`/api/v1/programs/${programId}/eligibility`).query({ workshopId: owner.workshopId })).status).toBe(401);
    expect((await t.http.get(`/api/v1/programs/${programId}/eligibility`).query({ workshopId: 'x' }).set(owner.auth)).status).toBe(400);
    const denied = await check(other, programId).query({ workshopId: owner.workshopId });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('program.not_workshop_owner');
    expect((await check(owner, '64b000000000000000000001')).status).toBe(404);
    // The same for the list of all programs open to the workshop.
    expect((await t.http.get('/api/v1/programs/for-me')).status).toBe(401);
    expect((await t.http.get('/api/v1/programs/for-me').query({ workshopId: 'x' }).set(owner.auth)).status).toBe(400);
    expect((await t.http.get('/api/v1/programs/for-me').query({ workshopId: owner.workshopId }).set(other.auth)).status).toBe(403);
    const list = await t.http.get('/api/v1/programs/for-me').set(owner.auth);
    expect(list.status).toBe(200);
    expect(list.body.data.programs).toEqual([expect.objectContaining({ program: expect.objectContaining({ id: programId }), eligible: false, applicationStatus: null })]);
  });

  it('each rule on fixed data: 4 of 8 training hours and no self-check fail with what to do; then each passes or fails as the records change', async () => {
    // 4 hours in the last 12 months, 6 hours 13 months ago (too old to count).
    await trainingCertificate(owner.workshopId, 4, 30);
    await trainingCertificate(owner.workshopId, 6, 400);
    let res = await check();
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ eligible: false, open: true, workshop: { id: owner.workshopId } });
    // Without a workshop id: the owner's own workshop.
    expect((await t.http.get(`/api/v1/programs/${programId}/eligibility`).set(owner.auth)).body.data).toEqual(res.body.data);
    expect(ruleOf(res.body, 'registered')).toMatchObject({ passed: true, todo: null });
    expect(ruleOf(res.body, 'no_penalty')).toMatchObject({ passed: true, current: '近24个月无行政处罚' });
    expect(ruleOf(res.body, 'risk_grade')).toMatchObject({ passed: true, current: '风险等级 B 级' });
    expect(ruleOf(res.body, 'training_hours')).toMatchObject({ passed: false, todo: '参加 8 学时培训，目前 4 学时', action: 'training' });
    expect(ruleOf(res.body, 'category')).toMatchObject({ passed: true });
    expect(ruleOf(res.body, 'years_in_business')).toMatchObject({ passed: true });
    expect(ruleOf(res.body, 'self_check')).toMatchObject({ passed: false, current: '尚无自查记录', action: 'selfCheck' });

    // Attends 4 more hours and self-checks: eligible.
    await trainingCertificate(owner.workshopId, 4, 1);
    expect((await t.http.post(`/api/v1/workshops/${owner.workshopId}/self-checks`).set(owner.auth).send({ items: checklist() })).status).toBe(201);
    res = await check();
    expect(ruleOf(res.body, 'training_hours')).toMatchObject({ passed: true, current: '近12个月培训 8 学时' });
    expect(ruleOf(res.body, 'self_check').passed).toBe(true);
    expect(res.body.data.eligible).toBe(true);

    // Risk grade C, a workshop registered last month, an expired certificate: each fails with its reason.
    const w = await WorkshopModel.findById(owner.workshopId).lean();
    await WorkshopModel.updateOne({ _id: owner.workshopId }, { $set: { riskGrade: 'C', 'certificate.status': 'expired', createdAt: new Date(Date.now() - 30 * 86_400_000), 'certificate.issuedAt': new Date(Date.now() - 30 * 86_400_000) } }, { timestamps: false });
    res = await check();
    expect(ruleOf(res.body, 'risk_grade')).toMatchObject({ passed: false, current: '风险等级 C 级' });
    expect(ruleOf(res.body, 'risk_grade').todo).toContain('A/B');
    expect(ruleOf(res.body, 'registered')).toMatchObject({ passed: false, action: 'registration' });
    expect(ruleOf(res.body, 'registered').todo).toContain('延续');
    expect(ruleOf(res.body, 'years_in_business')).toMatchObject({ passed: false });
    expect(ruleOf(res.body, 'years_in_business').todo).toMatch(/^登记经营满1年，\d{4}-\d{2}-\d{2} 后可申报$/);
    await WorkshopModel.updateOne({ _id: owner.workshopId }, { $set: { riskGrade: w!.riskGrade, certificate: w!.certificate, createdAt: w!.createdAt } }, { timestamps: false });

    // A category program for 豆制品 only.
    const soy = await createProgram(t, admin, { name: '豆制品名特优', kind: 'famous_specialty', rules: [{ kind: 'category', categories: ['soy'] }] });
    // A rule's parameters are checked per kind.
    const bad = await t.http.post('/api/v1/programs').set(admin.auth).send({ name: 'x', kind: 'model_unit', region: '4502', quota: { perYear: 1 }, applyFrom: dayOffset(0), applyUntil: dayOffset(1), rules: [{ kind: 'no_penalty', hours: 3 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.rules.0.hours', 'body.rules.0.months']);
    const cat = await check(owner, soy);
    expect(ruleOf(cat.body, 'category')).toMatchObject({ passed: false, todo: '本项目只面向豆制品作坊' });

    // A penalty decided yesterday (recorded by the inspector): no_penalty fails until 24 months later.
    expect((await t.http.post('/api/v1/penalties').set(inspector.auth).send(penaltyBody(owner.workshopId))).status).toBe(201);
    res = await check();
    expect(ruleOf(res.body, 'no_penalty')).toMatchObject({ passed: false, action: 'credit' });
    expect(ruleOf(res.body, 'no_penalty').current).toContain(`最近一次 ${dayOffset(-1)}`);
    expect(ruleOf(res.body, 'no_penalty').todo).toMatch(/^须连续24个月无行政处罚，\d{4}-\d{2}-\d{2} 后可再申报$/);
    expect(res.body.data.eligible).toBe(false);
  });
});

describe('POST /programs/:id/applications', () => {
  it('401, 400, 403 for another\'s workshop; 422 outside the window and when ineligible (the failing rules listed), nothing stored; then 201 once a year', async () => {
    const fresh = await ownerWithWorkshop(t, '莫桂芳');
    const pid = await createProgram(t, admin, { name: '柳州出彩小作坊', kind: 'outstanding', rules: [{ kind: 'registered' }, { kind: 'training_hours', hours: 8 }] });
    const stored = async () => ProgramApplicationModel.find({ programId: pid }).lean();
    expect((await t.http.post(`/api/v1/programs/${pid}/applications`).send({ workshopId: fresh.workshopId, statement: '申报' })).status).toBe(401);
    expect((await applyFor(t, fresh, pid, { statement: '' })).status).toBe(400);
    await expectUnchanged(stored, async () => {
      const res = await applyFor(t, fresh, pid, { workshopId: owner.workshopId });
      expect(res.status).toBe(403);
      const ineligible = await applyFor(t, fresh, pid);
      expect(ineligible.status).toBe(422);
      expect(ineligible.body.error.code).toBe('program.not_eligible');
      expect(ineligible.body.error.message).toContain('参加 8 学时培训，目前 0 学时');
      expect(ineligible.body.error.details.failed).toEqual([expect.objectContaining({ kind: 'training_hours', passed: false })]);
    });
    await trainingCertificate(fresh.workshopId, 8, 3);
    // The window closed yesterday: 422, nothing stored.
    await t.http.patch(`/api/v1/programs/${pid}`).set(admin.auth).send({ applyFrom: dayOffset(-30), applyUntil: dayOffset(-1) }).expect(200);
    await expectUnchanged(stored, async () => {
      const closed = await applyFor(t, fresh, pid);
      expect(closed.status).toBe(422);
      expect(closed.body.error).toMatchObject({ code: 'program.window_closed', message: `申报时间为 ${dayOffset(-30)} 至 ${dayOffset(-1)}` });
    });
    await t.http.patch(`/api/v1/programs/${pid}`).set(admin.auth).send({ applyUntil: dayOffset(5) }).expect(200);
    const ok = await applyFor(t, fresh, pid);
    expect(ok.status).toBe(201);
    expect(ok.body.data).toMatchObject({ status: 'submitted', statusLabel: '已提交，待评审', workshop: { id: fresh.workshopId }, scores: null, objections: null, canWithdraw: true });
    // One application per workshop, program and year; withdrawing frees it.
    const again = await applyFor(t, fresh, pid);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('program.already_applied');
    const other2 = await t.http.post(`/api/v1/applications/${ok.body.data.id}/withdraw`).set(owner.auth);
    expect(other2.status).toBe(404);
    expect((await t.http.post(`/api/v1/applications/${ok.body.data.id}/withdraw`).set(fresh.auth)).body.data.status).toBe('withdrawn');
    expect((await applyFor(t, fresh, pid)).status).toBe(201);
    const mine = await t.http.get('/api/v1/applications/mine').set(fresh.auth);
    expect(mine.body.data.map((a: { status: string }) => a.status)).toEqual(['submitted', 'withdrawn']);
  });

  it('required materials: missing ones are named; files must be the applicant\'s own program uploads', async () => {
    const o = await ownerWithWorkshop(t, '蓝志强');
    const pid = await createProgram(t, admin, { name: '柳州老字号', kind: 'time_honored', materials: [{ code: 'history', label: '传承历史材料', required: true }] });
    const missing = await applyFor(t, o, pid);
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatchObject({ code: 'program.materials_missing', message: '请上传：传承历史材料' });
    const foreign = await applyFor(t, o, pid, { materials: [{ code: 'history', fileId: String(new mongoose.Types.ObjectId()) }] });
    expect(foreign.body.error.code).toBe('program.files_invalid');
  });
});

describe('program definitions', () => {
  it('POST /programs: 401, 400, 403 for a non-admin and for an admin of another region; the level follows the region', async () => {
    expect((await t.http.post('/api/v1/programs').send({})).status).toBe(401);
    expect((await t.http.post('/api/v1/programs').set(admin.auth).send({ name: '' })).status).toBe(400);
    expect((await t.http.post('/api/v1/programs').set(owner.auth).send({ name: 'x' })).status).toBe(403);
    const guilin = await loginAs(t, 'admin', { region: '4503', name: '桂林市局' });
    const out = await t.http.post('/api/v1/programs').set(guilin.auth).send({ name: '柳州项目', kind: 'model_unit', region: '4502', quota: { perYear: 1 }, applyFrom: dayOffset(0), applyUntil: dayOffset(9) });
    expect(out.status).toBe(403);
    expect(out.body.error.code).toBe('auth.out_of_region');
    const res = await t.http.post('/api/v1/programs').set(admin.auth).send({ name: '鱼峰区阳光作坊', kind: 'sunshine', region: '450203', quota: { perYear: 5 }, applyFrom: dayOffset(0), applyUntil: dayOffset(9) });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ level: 'county', levelLabel: '县级', issuer: '柳州市鱼峰区市场监督管理局', badge: '阳光作坊', open: true, noticeDays: 5 });
    const list = await t.http.get('/api/v1/programs').query({ region: '450203001' });
    expect(list.body.data.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining([res.body.data.id, programId]));
    const elsewhere = await t.http.get('/api/v1/programs').query({ region: '450303' });
    expect(elsewhere.body.data.map((p: { id: string }) => p.id)).not.toContain(res.body.data.id);
  });
});
