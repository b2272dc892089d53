// Confidentiality: a named reporter's name, phone, openid and account never appear in any response of any
// tip-off route, for any role, except the audited identity route for the handling inspector and the
// region's admin. Table: every route that returns tip-off data × every role, with the status each role gets
// (a route answering 404 to everyone fails it) and, for the readers, what the answer must hold.
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

// The status each role gets, so that a route answering 404 (or 403) to everyone fails this table: the
// roles that may read must get their 2xx, with the data checked for identities. Roles run in ROLES order,
// so of the staff in region the admin acts first (200) and the inspector then finds it done (409).
const ALL = (status: number) => Object.fromEntries(ROLES.map((r) => [r, status])) as Record<Role, number>;
const LOGGED_IN = (status: number) => ({ ...ALL(status), anonymous: 401 });
const STAFF = (inRegion: number) => ({ ...LOGGED_IN(403), admin: inRegion, inspector: inRegion });
const STAFF_ACTION = { ...STAFF(409), admin: 200 };
const EXPECTED: Record<string, Record<Role, number>> = {
  'POST /tipoffs': ALL(201),
  'GET /tipoffs/mine': LOGGED_IN(200),
  'GET /tipoffs/track': ALL(200),
  // The first rating counts; the report is rated after that.
  'POST /tipoffs/track/rating': { ...ALL(409), anonymous: 200 },
  // A named report's payee is its reporter: anyone else claiming it is refused.
  'POST /tipoffs/claim-reward': { ...LOGGED_IN(409), reporter: 200 },
  'GET /tipoffs': { ...STAFF(200), outsider: 200 }, // the outsider's own region: a list without this case
  'GET /tipoffs/:id': STAFF(200),
  'POST /tipoffs/:id/accept': STAFF_ACTION,
  'POST /tipoffs/:id/decline': STAFF_ACTION,
  'POST /tipoffs/:id/extend': STAFF_ACTION,
  'POST /tipoffs/:id/close': STAFF_ACTION,
  'POST /tipoffs/:id/rewards': { ...STAFF_ACTION, admin: 201 },
  'GET /tipoff-rewards': { ...STAFF(200), outsider: 200 },
  // A second person decides: the admin; the inspector who proposed it may not.
  'POST /tipoff-rewards/:id/approve': { ...STAFF(403), admin: 200 },
  'POST /tipoff-rewards/:id/reject': { ...STAFF(403), admin: 200 },
  // Approved, not failed: nothing to retry.
  'POST /tipoff-rewards/:id/retry': STAFF(409),
  'GET /workshops/:id/timeline': ALL(200),
  'GET /black-workshops': ALL(200),
  'POST /tipoffs/:id/reporter': STAFF(200),
};

// What a 200 must hold for the roles that may read, so that an empty answer does not pass either.
const inRegion = (role: Role) => role === 'admin' || role === 'inspector';
const idsOf = (body: { data: { id: string }[] }) => body.data.map((x) => x.id);
const SEES: Record<string, (body: any, role: Role) => void> = {
  'GET /tipoffs/mine': (body, role) => expect(body.data.map((x: { receiptCode: string }) => x.receiptCode).includes(receipt.receiptCode)).toBe(role === 'reporter'),
  'GET /tipoffs/track': (body) => expect(body).toMatchObject({ receiptCode: receipt.receiptCode, status: 'closed' }),
  'GET /tipoffs': (body, role) => expect(idsOf(body).includes(ids.main)).toBe(inRegion(role)),
  'GET /tipoffs/:id': (body) => expect(body.data).toMatchObject({ id: ids.main, reports: [expect.objectContaining({ named: true })] }),
  'GET /tipoff-rewards': (body, role) => expect(body.data.map((x: { reward: { id: string } }) => x.reward.id).filter((id: string) => id === ids.approve || id === ids.reject).length).toBe(inRegion(role) ? 2 : 0),
};

describe.each(ROUTES)('%s', (label, call) => {
  it.each(ROLES)('as %s: the expected status, and no reporter identity in the answer', async (role) => {
    const res = await call(asRole(role));
    const text = JSON.stringify(res.body ?? '') + (res.text ?? '');
    expect({ role, status: res.status }).toEqual({ role, status: EXPECTED[label][role] });
    if (res.status === 200) SEES[label]?.(res.body, role);
    if (label === 'POST /tipoffs/:id/reporter' && res.status === 200) {
      expect(res.body.data).toEqual([expect.objectContaining({ named: true, name: NAME, phone: PHONE })]);
      expect(text).not.toContain(`dev:citizen:-:${ACCOUNT}`);
      expect(text).not.toContain(users.reporter.userId);
      return;
    }
    for (const s of secrets) expect(text).not.toContain(s);
  });
});

it('has an expected status for every route and role', () => {
  expect(Object.keys(EXPECTED).sort()).toEqual(ROUTES.map(([label]) => label).sort());
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
