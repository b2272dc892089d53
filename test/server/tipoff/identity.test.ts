// Confidentiality: a named reporter's name, phone, openid and account never appear in any response of any
// tip-off route, for any role, except the audited identity route for the handling inspector and the
// region's admin. Table: every route that returns tip-off data × every role.
import { createTestApp, type TestApp } from '../../support/app';
import { buildWorkshop, loginAs, type LoggedIn } from '../../support/factories';
import { AuditEventModel } from '../../../server/src/models/AuditEvent';
import { TipoffRewardModel } from '../../../server/src/models/TipoffReward';
import { caseOf, submitted } from './support';

let t: TestApp;
const NAME = '赵保密';
const PHONE = '13655551234';
const ACCOUNT = '举报人赵';
type Role = 'anonymous' | 'citizen' | 'reporter' | 'owner' | 'inspector' | 'outsider' | 'admin';
const ROLES: Role[] = ['anonymous', 'citizen', 'reporter', 'owner', 'outsider', 'admin', 'inspector'];
const users = {} as Record<Exclude<Role, 'anonymous'>, LoggedIn>;
let secrets: string[];
let receipt: { receiptCode: string; token: string };
const ids = {} as Record<'main' | 'accept' | 'decline' | 'extend' | 'close' | 'rewards' | 'approve' | 'reject' | 'mainReport' | 'rewardsReport', string>;
let workshopId: string;

let n = 0;
async function namedCase(state: 'submitted' | 'accepted' | 'closed') {
  const r = await submitted(t, { location: { lat: 23.5 + (++n) * 0.02, lng: 108.9 }, description: `保密测试 ${n}`, anonymous: false, reporter: { name: NAME, phone: PHONE } }, users.reporter);
  const id = await caseOf(r);
  if (state !== 'submitted') await t.http.post(`/api/v1/tipoffs/${id}/accept`).set(users.inspector.auth).expect(200);
  let reportId = '';
  if (state === 'closed') {
    const c = await t.http.post(`/api/v1/tipoffs/${id}/close`).set(users.inspector.auth).send({ result: 'confirmed', publicReason: '查实', blackWorkshop: { name: `保密黑作坊${n}`, address: '某地', categories: [] } }).expect(200);
    reportId = c.body.data.reports[0].id;
  }
  return { id, reportId, r };
}

beforeAll(async () => {
  t = await createTestApp({ TIPOFF_SUBMITS_PER_HOUR: '1000' });
  users.citizen = await loginAs(t, 'citizen', { name: '普通公众' });
  users.reporter = await loginAs(t, 'citizen', { name: ACCOUNT });
  users.owner = await loginAs(t, 'owner', { name: '被举报业主' });
  users.inspector = await loginAs(t, 'inspector', { name: '承办监管员' });
  users.outsider = await loginAs(t, 'inspector', { region: '450303', name: '外区监管员' });
  users.admin = await loginAs(t, 'admin', { name: '本市管理员' });
  secrets = [NAME, PHONE, '136****1234', `dev:citizen:-:${ACCOUNT}`, ACCOUNT, users.reporter.userId];
  const w = await buildWorkshop(t, { ownerId: users.owner.userId, region: '450203001', location: { lat: 24.0, lng: 109.0 } });
  workshopId = String(w._id);
  // The main case: a named report about the owner's workshop, confirmed, with a reward.
  receipt = await submitted(t, { kind: 'violation', workshopId, location: undefined, address: undefined, description: '后厨卫生极差', anonymous: false, reporter: { name: NAME, phone: PHONE } }, users.reporter);
  ids.main = await caseOf(receipt);
  await t.http.post(`/api/v1/tipoffs/${ids.main}/accept`).set(users.inspector.auth).expect(200);
  const closed = await t.http.post(`/api/v1/tipoffs/${ids.main}/close`).set(users.inspector.auth).send({ result: 'confirmed', publicReason: '查实卫生问题' }).expect(200);
  ids.mainReport = closed.body.data.reports[0].id;
  ids.accept = (await namedCase('submitted')).id;
  ids.decline = (await namedCase('submitted')).id;
  ids.extend = (await namedCase('accepted')).id;
  ids.close = (await namedCase('accepted')).id;
  const forRewards = await namedCase('closed');
  ids.rewards = forRewards.id;
  ids.rewardsReport = forRewards.reportId;
  for (const k of ['approve', 'reject'] as const) {
    const c = await namedCase('closed');
    const p = await t.http.post(`/api/v1/tipoffs/${c.id}/rewards`).set(users.inspector.auth).send({ reportId: c.reportId, level: 4, reason: '奖励' }).expect(201);
    ids[k] = p.body.data.id;
  }
});
afterAll(async () => { await t.close(); });

type Call = (as: (req: ReturnType<TestApp['http']['get']>) => ReturnType<TestApp['http']['get']>) => ReturnType<TestApp['http']['get']>;
const ROUTES: [string, Call][] = [
  ['POST /tipoffs', (as) => as(t.http.post('/api/v1/tipoffs').set('X-Device-Id', `dev-${Math.random().toString(36).slice(2, 12)}`)).send({ kind: 'violation', workshopId, region: '450203001', description: `又一次举报 ${Math.random()}`, anonymous: true, consent: true })],
  ['GET /tipoffs/mine', (as) => as(t.http.get('/api/v1/tipoffs/mine'))],
  ['GET /tipoffs/track', (as) => as(t.http.get('/api/v1/tipoffs/track').query({ code: receipt.receiptCode, token: receipt.token }))],
  ['POST /tipoffs/track/rating', (as) => as(t.http.post('/api/v1/tipoffs/track/rating')).send({ code: receipt.receiptCode, token: receipt.token, score: 5 })],
  ['POST /tipoffs/claim-reward', (as) => as(t.http.post('/api/v1/tipoffs/claim-reward')).send({ code: receipt.receiptCode, token: receipt.token })],
  ['GET /tipoffs', (as) => as(t.http.get('/api/v1/tipoffs?status=closed'))],
  ['GET /tipoffs/:id', (as) => as(t.http.get(`/api/v1/tipoffs/${ids.main}`))],
  ['POST /tipoffs/:id/accept', (as) => as(t.http.post(`/api/v1/tipoffs/${ids.accept}/accept`))],
  ['POST /tipoffs/:id/decline', (as) => as(t.http.post(`/api/v1/tipoffs/${ids.decline}/decline`)).send({ reason: '不属于监管范围' })],
  ['POST /tipoffs/:id/extend', (as) => as(t.http.post(`/api/v1/tipoffs/${ids.extend}/extend`)).send({ reason: '需要抽检' })],
  ['POST /tipoffs/:id/close', (as) => as(t.http.post(`/api/v1/tipoffs/${ids.close}/close`)).send({ result: 'confirmed', publicReason: '查实', blackWorkshop: { name: '关闭测试黑作坊', address: '某地', categories: [] } })],
  ['POST /tipoffs/:id/rewards', (as) => as(t.http.post(`/api/v1/tipoffs/${ids.rewards}/rewards`)).send({ reportId: ids.rewardsReport, level: 3, reason: '奖励' })],
  ['GET /tipoff-rewards', (as) => as(t.http.get('/api/v1/tipoff-rewards?status=proposed'))],
  ['POST /tipoff-rewards/:id/approve', (as) => as(t.http.post(`/api/v1/tipoff-rewards/${ids.approve}/approve`))],
  ['POST /tipoff-rewards/:id/reject', (as) => as(t.http.post(`/api/v1/tipoff-rewards/${ids.reject}/reject`)).send({ reason: '证据不足' })],
  ['POST /tipoff-rewards/:id/retry', (as) => as(t.http.post(`/api/v1/tipoff-rewards/${ids.approve}/retry`))],
  ['GET /workshops/:id/timeline', (as) => as(t.http.get(`/api/v1/workshops/${workshopId}/timeline`))],
  ['GET /black-workshops', (as) => as(t.http.get('/api/v1/black-workshops'))],
  ['POST /tipoffs/:id/reporter', (as) => as(t.http.post(`/api/v1/tipoffs/${ids.main}/reporter`)).send({ reason: '核实举报细节' })],
];

const asRole = (role: Role) => (req: ReturnType<TestApp['http']['get']>) => (role === 'anonymous' ? req : req.set(users[role].auth));

describe.each(ROUTES)('%s', (label, call) => {
  it.each(ROLES)('as %s: no reporter identity in the answer', async (role) => {
    const res = await call(asRole(role));
    const text = JSON.stringify(res.body ?? '') + (res.text ?? '');
    const identityRoute = label === 'POST /tipoffs/:id/reporter';
    if (identityRoute && (role === 'inspector' || role === 'admin')) {
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual([expect.objectContaining({ named: true, name: NAME, phone: PHONE })]);
      expect(text).not.toContain(`dev:citizen:-:${ACCOUNT}`);
      expect(text).not.toContain(users.reporter.userId);
      return;
    }
    if (identityRoute) expect([401, 403]).toContain(res.status);
    expect(res.status).toBeLessThan(500);
    for (const s of secrets) expect(text).not.toContain(s);
  });
});

describe('POST /api/v1/tipoffs/:id/reporter', () => {
  it('400 without a reason; only the handler and the region\'s admin; each view audited with the reason', async () => {
    const before = await AuditEventModel.countDocuments({ action: 'tipoff.reporter_viewed', subjectId: ids.main });
    expect((await t.http.post(`/api/v1/tipoffs/${ids.main}/reporter`).set(users.inspector.auth).send({ reason: '  ' })).status).toBe(400);
    const colleague = await loginAs(t, 'inspector', { name: '同所其他监管员' });
    const refused = await t.http.post(`/api/v1/tipoffs/${ids.main}/reporter`).set(colleague.auth).send({ reason: '好奇' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('tipoff.identity_forbidden');
    await t.http.post(`/api/v1/tipoffs/${ids.main}/reporter`).set(users.inspector.auth).send({ reason: '电话联系举报人补充线索' }).expect(200);
    const rows = await AuditEventModel.find({ action: 'tipoff.reporter_viewed', subjectId: ids.main }).sort({ at: -1 }).lean();
    expect(rows).toHaveLength(before + 1);
    expect(rows[0]).toMatchObject({ actorId: users.inspector.userId, reason: '电话联系举报人补充线索', subjectType: 'TipoffCase' });
    expect(JSON.stringify(rows)).not.toMatch(new RegExp(`${NAME}|${PHONE}`));
    // Nothing else in the audit log names the reporter either.
    expect(JSON.stringify(await AuditEventModel.find({}).lean())).not.toMatch(new RegExp(`${NAME}|${PHONE}`));
    expect(await TipoffRewardModel.countDocuments()).toBeGreaterThan(0);
  });
});
