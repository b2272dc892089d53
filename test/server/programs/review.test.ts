// Review: admins of the workshop's region score, ask and decide; the applicant answers; approval takes a place
// of the yearly quota — with a parallel race, exactly the quota is approved — and starts the public notice.
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs, type LoggedIn } from '../../support/factories';
import { expectUnchanged } from '../../support/unchanged';
import { ProgramApplicationModel } from '../../../server/src/models/ProgramApplication';
import { ProgramQuotaModel } from '../../../server/src/models/ProgramQuota';
import { manyOwners } from '../training/support';
import { quotaKey, repairPlaces, takePlace } from '../../../server/src/commands/programs';
import { ProgramModel } from '../../../server/src/models/Program';
import { applied, applyFor, createProgram, ownerWithWorkshop, type Owner } from './support';

let t: TestApp;
let admin: LoggedIn;
let admin2: LoggedIn;
let guilin: LoggedIn;
let inspector: LoggedIn;
let owner: Owner;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_USER_PER_MIN: '100000', RATE_LIMIT_IP_PER_MIN: '100000' });
  admin = await loginAs(t, 'admin', { region: '4502', name: '柳州市局甲' });
  admin2 = await loginAs(t, 'admin', { region: '450203', name: '鱼峰区局乙' });
  guilin = await loginAs(t, 'admin', { region: '4503', name: '桂林市局' });
  inspector = await loginAs(t, 'inspector', { region: '450203', name: '鱼峰监管' });
  owner = await ownerWithWorkshop(t, '韦秀兰');
});
afterAll(async () => { await t.close(); });

const stored = (id: string) => async () => ProgramApplicationModel.findById(id).lean();
const post = (path: string, who: LoggedIn | null, body: object = {}) => {
  const r = t.http.post(`/api/v1${path}`);
  if (who) r.set(who.auth);
  return r.send(body);
};

describe('score, question, answer, approve, reject', () => {
  it('each route: 401 → 400 → 403 (owner, admin of another city) → success; a refused write changes nothing', async () => {
    const pid = await createProgram(t, admin, { minScores: 2 });
    const id = await applied(t, owner, pid);
    for (const [path, body, bad] of [
      ['score', { score: 88, comment: '场所整洁，制度健全' }, { score: 101 }],
      ['question', { question: '请补充近三年产量' }, { question: '' }],
      ['approve', {}, { note: 5 }],
      ['reject', { reason: '材料不实' }, { reason: '' }],
    ] as const) {
      expect((await post(`/applications/${id}/${path}`, null, body)).status).toBe(401);
      expect((await post(`/applications/${id}/${path}`, admin, bad)).status).toBe(400);
      await expectUnchanged(stored(id), async () => {
        expect((await post(`/applications/${id}/${path}`, owner, body)).status).toBe(403);
        expect((await post(`/applications/${id}/${path}`, inspector, body)).status).toBe(403);
        const out = await post(`/applications/${id}/${path}`, guilin, body);
        expect(out.status).toBe(403);
        expect(out.body.error.code).toBe('auth.out_of_region');
      });
    }
    // Two reviewers score; a second score of the same reviewer replaces the first.
    expect((await post(`/applications/${id}/score`, admin, { score: 80 })).body.data).toMatchObject({ status: 'under_review', averageScore: 80 });
    expect((await post(`/applications/${id}/score`, admin, { score: 90 })).body.data.scores).toHaveLength(1);
    // One score of the two required: approval refused.
    await expectUnchanged(stored(id), async () => {
      const early = await post(`/applications/${id}/approve`, admin);
      expect(early.status).toBe(422);
      expect(early.body.error).toMatchObject({ code: 'program.scores_missing', message: '须至少2位评审人员打分，目前1位' });
    });
    const two = await post(`/applications/${id}/score`, admin2, { score: 70 });
    expect(two.body.data).toMatchObject({ averageScore: 80, scores: [expect.objectContaining({ score: 90 }), expect.objectContaining({ score: 70 })] });

    // A question, answered by the applicant (only); the owner never sees the scores.
    const asked = await post(`/applications/${id}/question`, admin, { question: '请补充近三年产量' });
    const qid = asked.body.data.questions[0].id;
    const mine = await t.http.get('/api/v1/applications/mine').set(owner.auth);
    expect(mine.body.data[0]).toMatchObject({ scores: null, averageScore: null, canAnswer: true, questions: [{ id: qid, question: '请补充近三年产量', answer: null }] });
    expect((await post(`/applications/${id}/answer`, null, { questionId: qid, answer: 'x' })).status).toBe(401);
    expect((await post(`/applications/${id}/answer`, owner, { questionId: qid, answer: '' })).status).toBe(400);
    expect((await post(`/applications/${id}/answer`, admin, { questionId: qid, answer: '代答' })).status).toBe(404);
    const answered = await post(`/applications/${id}/answer`, owner, { questionId: qid, answer: '2023年28吨，2024年30吨，2025年33吨。' });
    expect(answered.status).toBe(200);
    expect(answered.body.data).toMatchObject({ canAnswer: false, questions: [{ answer: '2023年28吨，2024年30吨，2025年33吨。' }] });
    expect((await post(`/applications/${id}/answer`, owner, { questionId: qid, answer: '再答' })).status).toBe(422);

    const ok = await post(`/applications/${id}/approve`, admin, { note: '综合评分80分' });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ status: 'in_notice', statusLabel: '已通过评审，公示中', canWithdraw: false });
    expect(ok.body.data.noticeUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Decided: no second decision, no withdrawal.
    expect((await post(`/applications/${id}/reject`, admin, { reason: '改判' })).status).toBe(409);
    expect((await post(`/applications/${id}/withdraw`, owner)).status).toBe(409);
  });

  it('reject: the applicant is told the reason; the list is scoped to the admin\'s region', async () => {
    const pid = await createProgram(t, admin, { name: '柳州名特优食品作坊', kind: 'famous_specialty' });
    const o = await ownerWithWorkshop(t, '覃建国');
    const id = await applied(t, o, pid);
    const res = await post(`/applications/${id}/reject`, admin2, { reason: '生产场所不符合示范要求' });
    expect(res.body.data).toMatchObject({ status: 'rejected', decisionNote: '生产场所不符合示范要求' });
    const list = await t.http.get(`/api/v1/programs/${pid}/applications`).set(admin.auth);
    expect(list.status).toBe(200);
    expect(list.body.data.map((a: { id: string }) => a.id)).toEqual([id]);
    expect((await t.http.get(`/api/v1/programs/${pid}/applications`).set(guilin.auth)).status).toBe(403);
    expect((await t.http.get(`/api/v1/programs/${pid}/applications`).query({ status: 'in_notice' }).set(admin.auth)).body.total).toBe(0);
  });
});

describe('quota', () => {
  it('two admins approving in parallel: exactly the yearly quota is approved, the others get 409 program.quota_full', async () => {
    const pid = await createProgram(t, admin, { name: '柳州示范单位（名额测试）', rules: [], quota: { perYear: 3, scope: 'county' } });
    const owners = await manyOwners(t, 8);
    const ids: string[] = [];
    for (const o of owners) ids.push(await applied(t, o, pid));
    const results = await Promise.all(ids.flatMap((id) => [post(`/applications/${id}/approve`, admin), post(`/applications/${id}/approve`, admin2)]));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 409)).toBe(true);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.error.code)).toContain('program.quota_full');
    const inNotice = await ProgramApplicationModel.find({ programId: pid, status: 'in_notice' }).lean();
    expect(inNotice).toHaveLength(3);
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    const counter = await ProgramQuotaModel.findById(`${pid}:${year}:450203`).lean();
    expect(counter!.used).toBe(3);
    expect([...counter!.holders].sort()).toEqual(inNotice.map((a) => String(a._id)).sort());
    // A place is per county: a workshop of another county of the city still has its own.
    const far = await ownerWithWorkshop(t, '柳北业主');
    await (await import('../../../server/src/models/Workshop')).WorkshopModel.updateOne({ _id: far.workshopId }, { $set: { region: '450205001' } });
    const farId = await applied(t, far, pid);
    expect((await post(`/applications/${farId}/approve`, admin)).status).toBe(200);
  });

  it('a program-wide quota of 1: the second approval is refused and nothing about it changes', async () => {
    const pid = await createProgram(t, admin, { name: '柳州地方特色品牌', kind: 'local_brand', rules: [], quota: { perYear: 1, scope: 'program' } });
    const [a, b] = await manyOwners(t, 2);
    const first = await applied(t, a, pid);
    const second = await applied(t, b, pid);
    expect((await post(`/applications/${first}/approve`, admin)).status).toBe(200);
    await expectUnchanged(stored(second), async () => {
      const full = await post(`/applications/${second}/approve`, admin);
      expect(full.status).toBe(409);
      expect(full.body.error.message).toMatch(/年度名额（1个）已满$/);
    });
    expect((await applyFor(t, a, pid)).status).toBe(409);
  });

  it('an approval that died after taking its place: the repair job gives the place back, and keeps the places of applications in notice', async () => {
    const pid = await createProgram(t, admin, { name: '柳州文旅作坊（修复测试）', kind: 'culture_tourism', rules: [], quota: { perYear: 2, scope: 'program' } });
    const [a, b] = await manyOwners(t, 2);
    const crashed = await applied(t, a, pid);
    const fine = await applied(t, b, pid);
    const p = (await ProgramModel.findById(pid).lean())!;
    const app = (await ProgramApplicationModel.findById(crashed).lean())!;
    const key = quotaKey(p, app);
    // The process took the place and died before moving the application.
    expect(await takePlace(key, crashed, 2)).toBe('taken');
    expect((await post(`/applications/${fine}/approve`, admin)).status).toBe(200);
    expect((await ProgramQuotaModel.findById(key).lean())!.used).toBe(2);
    // Not yet stale: nothing changes.
    expect(await repairPlaces(new Date())).toBe(0);
    expect(await repairPlaces(new Date(Date.now() + 10 * 60_000))).toBe(1);
    const q = (await ProgramQuotaModel.findById(key).lean())!;
    expect({ used: q.used, holders: [...q.holders], placing: q.placing.length }).toEqual({ used: 1, holders: [fine], placing: 0 });
    // The crashed application can be approved now.
    expect((await post(`/applications/${crashed}/approve`, admin)).status).toBe(200);
    expect((await ProgramQuotaModel.findById(key).lean())!.used).toBe(2);
  });
});
