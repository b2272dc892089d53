// 操作记录 (issue 15 point 4): GET /audit-events, the audit trail of an admin's region in words, filtered by
// kind and date, paged. The changes made through the admin screens' routes are in it, those of another
// region are not.
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs, type LoggedIn } from '../../support/factories';
import { AuditEventModel } from '../../../server/src/models/AuditEvent';
import { fillAuditRegions } from '../../../server/src/db/migrate';
import { auditKindOf } from '../../../shared/src/domain/audit';

let t: TestApp;
let cityAdmin: LoggedIn; // 4502
let provinceAdmin: LoggedIn; // 45
let otherAdmin: LoggedIn; // 4503
let inspector: LoggedIn; // 450203

type Ev = { id: string; at: string; kind: string; kindLabel: string; action: string; actor: { id: string | null; name: string; role: string }; what: string; target: string; details: string | null; region: { code: string; name: string } | null };
const trail = async (who: LoggedIn, qs = '') => {
  const res = await t.http.get(`/api/v1/audit-events${qs}`).set(who.auth);
  expect(res.status).toBe(200);
  return res.body as { data: Ev[]; total: number; page: number; pageSize: number };
};
const beijingToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const beijingDay = (offset: number) => new Date(Date.now() + 8 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestApp();
  cityAdmin = await loginAs(t, 'admin', { region: '4502', name: '柳州市管理员' });
  provinceAdmin = await loginAs(t, 'admin', { region: '45', name: '自治区管理员' });
  otherAdmin = await loginAs(t, 'admin', { region: '4503', name: '桂林市管理员' });
  inspector = await loginAs(t, 'inspector', { region: '450203', name: '被停用的监管员' });

  // The changes an admin makes through the screens.
  const neg = await t.http.put('/api/v1/negative-list').set(cityAdmin.auth)
    .send({ region: '4502', items: [{ item: '酸笋', keywords: ['酸笋'], reason: '本市暂停小作坊生产' }] });
  expect(neg.status).toBe(200);
  expect((await t.http.post(`/api/v1/staff/accounts/${inspector.userId}/disable`).set(cityAdmin.auth)).status).toBe(200);
  expect((await t.http.post(`/api/v1/staff/accounts/${inspector.userId}/enable`).set(cityAdmin.auth)).status).toBe(200);
  // Another city's change, and a national one by the province.
  expect((await t.http.put('/api/v1/negative-list').set(otherAdmin.auth).send({ region: '4503', items: [] })).status).toBe(200);
  const cal = await t.http.put('/api/v1/calendar/years/2031').set(provinceAdmin.auth)
    .send({ holidays: ['2031-01-01', '2031-01-02'], workdays: ['2031-01-04'], source: '测试通知' });
  expect(cal.status).toBe(200);
});
afterAll(async () => { await t.close(); });

describe('GET /api/v1/audit-events', () => {
  it('401 without a user, 400 for bad filters, 403 for non-admins', async () => {
    expect((await t.http.get('/api/v1/audit-events')).status).toBe(401);
    for (const qs of ['?kind=bogus', '?from=2026-13-01', '?to=yesterday', '?pageSize=1000', '?region=45']) {
      expect((await t.http.get(`/api/v1/audit-events${qs}`).set(cityAdmin.auth)).status).toBe(400);
    }
    const owner = await loginAs(t, 'owner');
    expect((await t.http.get('/api/v1/audit-events').set(owner.auth)).status).toBe(403);
    const colleague = await loginAs(t, 'inspector', { region: '450203', name: '另一监管员' }); // the disabled one's token is revoked
    expect((await t.http.get('/api/v1/audit-events').set(colleague.auth)).status).toBe(403);
  });

  it("shows the region's changes in words, newest first, to the second; not another city's", async () => {
    const { data } = await trail(cityAdmin, '?pageSize=100');
    const actions = data.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['negative_list.updated', 'staff.account_disabled', 'staff.account_enabled']));
    // Newest first: the enable after the disable.
    expect(actions.indexOf('staff.account_enabled')).toBeLessThan(actions.indexOf('staff.account_disabled'));
    for (let i = 1; i < data.length; i++) expect(Date.parse(data[i - 1].at)).toBeGreaterThanOrEqual(Date.parse(data[i].at));
    const neg = data.find((e) => e.action === 'negative_list.updated')!;
    expect(neg).toMatchObject({
      kind: 'negative_list', kindLabel: '禁止生产食品目录', what: '修改了禁止生产食品目录', target: '柳州市禁止生产食品目录',
      actor: { id: cityAdmin.userId, name: '柳州市管理员', role: '监管部门管理员' }, region: { code: '4502', name: '柳州市' },
    });
    expect(neg.details).toBe('新增：酸笋（共 1 项）');
    expect(neg.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const off = data.find((e) => e.action === 'staff.account_disabled')!;
    expect(off).toMatchObject({ what: '停用了工作人员账号', target: '工作人员 被停用的监管员', details: '该账号已登录的设备随即失效', region: { code: '450203' } });
    // 桂林's list change and the province's calendar are not 柳州's.
    expect(data.some((e) => e.target === '桂林市禁止生产食品目录')).toBe(false);
    expect(actions).not.toContain('calendar.year_saved');
    // Raw before/after never leave the server.
    expect(JSON.stringify(data)).not.toContain('本市暂停小作坊生产');
  });

  it('the province admin sees every city of the province and the calendar change in words', async () => {
    const { data } = await trail(provinceAdmin, '?pageSize=100');
    expect(data.map((e) => e.target)).toEqual(expect.arrayContaining(['柳州市禁止生产食品目录', '桂林市禁止生产食品目录', '2031 年节假日安排']));
    const cal = data.find((e) => e.action === 'calendar.year_saved')!;
    expect(cal.what).toBe('修改了节假日安排');
    expect(cal.details).toContain('放假 2 天、调休上班 1 天');
    expect(cal.details).toContain('新增调休上班 2031-01-04');
  });

  it('filters by kind and by date (Beijing days, both ends included) and pages', async () => {
    const staff = await trail(cityAdmin, '?kind=staff&pageSize=100');
    expect(staff.data.length).toBeGreaterThanOrEqual(2);
    expect(staff.data.every((e) => e.kind === 'staff')).toBe(true);
    const today = beijingToday();
    expect((await trail(cityAdmin, `?from=${today}&to=${today}&kind=negative_list`)).data.map((e) => e.action)).toEqual(['negative_list.updated']);
    expect((await trail(cityAdmin, `?to=${beijingDay(-1)}`)).total).toBe(0);
    expect((await trail(cityAdmin, `?from=${beijingDay(1)}`)).total).toBe(0);
    const all = await trail(cityAdmin, '?pageSize=100');
    const p2 = await trail(cityAdmin, '?pageSize=1&page=2');
    expect(p2.total).toBe(all.total);
    expect(p2.data.map((e) => e.id)).toEqual([all.data[1].id]);
  });

  it('every admin change of the screens is stored with its region and kind', async () => {
    const evs = await AuditEventModel.find({ action: { $in: ['negative_list.updated', 'staff.account_disabled', 'staff.account_enabled', 'calendar.year_saved'] } }).lean();
    expect(evs.map((e) => [e.action, e.region, e.kind]).sort()).toEqual([
      ['calendar.year_saved', '45', 'calendar'],
      ['negative_list.updated', '4502', 'negative_list'],
      ['negative_list.updated', '4503', 'negative_list'],
      ['staff.account_disabled', '450203', 'staff'],
      ['staff.account_enabled', '450203', 'staff'],
    ].sort());
  });
});

describe('events written before they carried a region and a kind', () => {
  it('get them from their subject (else their actor) once, and then show in the region\'s trail', async () => {
    const owner = await loginAs(t, 'owner', { name: '旧记录业主' });
    const draft = await t.http.post('/api/v1/registrations').set(owner.auth).send({ workshop: { name: '旧记录米粉作坊', region: '450203001' } });
    expect(draft.status).toBe(201);
    const old = await AuditEventModel.create({ actorId: owner.userId, actorRole: 'citizen,owner', action: 'registration.withdrawn', subjectType: 'Registration', subjectId: draft.body.data.id, at: new Date() });
    await AuditEventModel.collection.updateOne({ _id: old._id }, { $set: { region: null, kind: null } });
    expect((await trail(cityAdmin)).data.map((e) => e.id)).not.toContain(String(old._id));
    expect(await fillAuditRegions()).toBeGreaterThanOrEqual(1);
    expect(await AuditEventModel.findById(old._id).lean()).toMatchObject({ region: '450203001', kind: auditKindOf('registration.withdrawn') });
    const seen = (await trail(cityAdmin)).data.find((e) => e.id === String(old._id));
    expect(seen).toMatchObject({ what: '撤回了登记申请' });
    expect(await fillAuditRegions()).toBe(0);
  });
});
