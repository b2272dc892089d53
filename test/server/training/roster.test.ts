// The trainer's roster export (opened as a workbook, as Excel would) and messages to a session's attendees
// (one notice and WeChat subscribe message per owner, idempotent by messageId, rate-limited per session).
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs, type LoggedIn } from '../../support/factories';
import { startWechatPayFake, type WechatPayFake } from '../../../server/src/fakes/wechatpay';
import { AuditEventModel } from '../../../server/src/models/AuditEvent';
import { BookingModel } from '../../../server/src/models/Booking';
import { NotificationModel } from '../../../server/src/models/Notification';
import { PayOrderModel } from '../../../server/src/models/PayOrder';
import { TrainingMessageModel } from '../../../server/src/models/TrainingMessage';
import { UserModel } from '../../../server/src/models/User';
import { waitFor } from '../tipoff/support';
import { approvedTrainer, attendee, bookFor, createCourse, createSession, ownerWithWorkshop, type Owner } from './support';

let t: TestApp;
let pay: WechatPayFake;
let listener: Server;
let admin: LoggedIn;
let otherAdmin: LoggedIn;
let trainer: LoggedIn;
let rival: LoggedIn;
let owners: Owner[];
let courseId: string;
beforeAll(async () => {
  pay = await startWechatPayFake({ notifyDelayMs: 10 });
  t = await createTestApp({ ...pay.env(), RATE_LIMIT_USER_PER_MIN: '100000', RATE_LIMIT_IP_PER_MIN: '100000' });
  listener = t.app.listen(0, '127.0.0.1');
  await new Promise((r) => listener.once('listening', r));
  pay.deliverNotificationsTo(`http://127.0.0.1:${(listener.address() as AddressInfo).port}`);
  admin = await loginAs(t, 'admin', { region: '4502', name: '柳州市局管理员' });
  otherAdmin = await loginAs(t, 'admin', { region: '4503', name: '桂林市局管理员' });
  trainer = await approvedTrainer(t, admin, '王培训');
  rival = await approvedTrainer(t, admin, '李讲师', '450202');
  owners = [];
  for (const name of ['甲', '乙', '丙', '丁']) owners.push(await ownerWithWorkshop(t, `业主${name}`));
  courseId = await createCourse(t, trainer, { title: '食品小作坊生产加工操作规范', hours: 4 });
}, 120_000);
afterAll(async () => {
  listener?.closeAllConnections();
  await new Promise((r) => (listener ? listener.close(r) : r(undefined)));
  await t?.close();
  await pay?.close();
});

/** supertest keeps a binary answer as a Buffer only when told to. */
const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};
const xlsx = (sessionId: string, who?: LoggedIn) => {
  const req = t.http.get(`/api/v1/sessions/${sessionId}/roster.xlsx`).buffer(true).parse(binary);
  return who ? req.set(who.auth) : req;
};
const rows = (ws: ExcelJS.Worksheet) => {
  const out: Record<string, unknown>[] = [];
  const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const v = (row.values as unknown[]).slice(1);
    out.push(Object.fromEntries(header.map((h, i) => [h, v[i] ?? null])));
  });
  return { header, out };
};
const stats = (ws: ExcelJS.Worksheet) => {
  const out: Record<string, unknown> = {};
  ws.eachRow((row, n) => { if (n > 1 && row.getCell(1).value) out[String(row.getCell(1).value)] = row.getCell(2).value; });
  return out;
};
/** Beijing wall-clock time of an instant, as the workbook writes it (Excel dates have no zone). */
const beijingWall = (iso: string | Date) => new Date(new Date(iso).getTime() + 8 * 3600_000);

describe('GET /sessions/:id/roster.xlsx', () => {
  let sessionId: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    // Capacity 3: 甲 attends, 乙 stays booked, 丙 cancels (丁 in line is offered the seat), 甲's second person waits.
    sessionId = await createSession(t, trainer, courseId, { capacity: 3 });
    ids.attended = (await bookFor(t, owners[0], sessionId, { name: '张三', phone: '13812345678' })).body.data.id;
    ids.booked = (await bookFor(t, owners[1], sessionId, { name: '李四', phone: '13912345678' })).body.data.id;
    ids.cancelled = (await bookFor(t, owners[2], sessionId, attendee('王五'))).body.data.id;
    ids.offered = (await bookFor(t, owners[3], sessionId, attendee('赵六'))).body.data.id;
    const checkIn = await t.http.post(`/api/v1/sessions/${sessionId}/check-ins`).set(trainer.auth).send({ scans: [{ scanId: randomUUID(), bookingId: ids.attended }] });
    expect(checkIn.body.data[0].result).toBe('attended');
    expect((await t.http.post(`/api/v1/bookings/${ids.cancelled}/cancel`).set(owners[2].auth)).status).toBe(200);
    ids.waitlisted = (await bookFor(t, owners[0], sessionId, attendee('孙七'))).body.data.id;
  });

  it('401 anonymous, 400 bad id, 403 for an owner, another trainer and another region\'s admin, 404 unknown', async () => {
    expect((await xlsx(sessionId)).status).toBe(401);
    expect((await xlsx('not-an-id', trainer)).status).toBe(400);
    for (const who of [owners[0], rival, otherAdmin]) {
      const res = await t.http.get(`/api/v1/sessions/${sessionId}/roster.xlsx`).set(who.auth);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toMatch(/^(training\.not_course_trainer|auth\.forbidden)$/);
    }
    expect((await xlsx('0'.repeat(24), trainer)).status).toBe(404);
  });

  it('opens as a workbook: one row per booking in every state, phones masked, dates as dates, a Chinese file name', async () => {
    const res = await xlsx(sessionId, trainer);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml.sheet');
    const disposition = String(res.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment; filename="training-roster-\d{4}-\d{2}-\d{2}\.xlsx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toMatch(/^食品小作坊生产加工操作规范-\d{4}-\d{2}-\d{2}-名单\.xlsx$/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as Buffer as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['名单', '签到统计']);
    const { header, out } = rows(wb.getWorksheet('名单')!);
    // A free session: no payment columns.
    expect(header).toEqual(['序号', '姓名', '手机号', '作坊名称', '报名状态', '候补序号', '报名时间', '签到时间', '证书编号']);
    expect(out.map((r) => [r['序号'], r['姓名'], r['报名状态']])).toEqual([
      [1, '张三', '已签到'], [2, '李四', '报名成功'], [3, '王五', '已取消'], [4, '赵六', '候补递补，待确认'], [5, '孙七', '候补中'],
    ]);
    expect(out[0]).toMatchObject({ 手机号: '138****5678', 作坊名称: '业主甲的米粉作坊' });
    expect(out[1]).toMatchObject({ 手机号: '139****5678', 作坊名称: '业主乙的米粉作坊', 签到时间: null, 证书编号: null });
    expect(JSON.stringify(out)).not.toMatch(/13812345678|13912345678/);
    expect(out[4]['候补序号']).toBe(2);
    expect(typeof out[4]['候补序号']).toBe('number');
    const stored = await BookingModel.findById(ids.attended).lean();
    expect(out[0]['报名时间']).toBeInstanceOf(Date);
    expect((out[0]['报名时间'] as Date).getTime()).toBe(beijingWall(stored!.createdAt!).getTime());
    expect((out[0]['签到时间'] as Date).getTime()).toBe(beijingWall(stored!.checkedInAt!).getTime());
    expect(wb.getWorksheet('名单')!.getRow(2).getCell(7).numFmt).toBe('yyyy-mm-dd hh:mm');

    const s = stats(wb.getWorksheet('签到统计')!);
    expect(s).toMatchObject({ 课程: '食品小作坊生产加工操作规范', 讲师: '王培训', 名额: 3, 学时: 4, 已签到: 1, 报名成功: 1, 已取消: 1, 候补中: 1, '候补递补，待确认': 1, 报名合计: 5, 应到人数: 2, 实到人数: 1, 签到率: 0.5 });
    const session = (await t.http.get(`/api/v1/sessions/${sessionId}`)).body.data;
    expect((s['开始时间'] as Date).getTime()).toBe(beijingWall(session.startsAt).getTime());
  });

  it('an admin of the region exports too; a paid session adds payment and refund columns in 元', async () => {
    expect((await xlsx(sessionId, admin)).status).toBe(200);
    const paid = await createSession(t, trainer, courseId, { feeFen: 5000, capacity: 5 });
    // Two paid through WeChat Pay (the fake plays the payer), one of them cancelled and refunded in full; one still paying.
    const payAndWait = async (o: Owner, name: string) => {
      const b = (await bookFor(t, o, paid, attendee(name))).body.data;
      expect(b.status).toBe('held');
      expect((await t.http.post(`/api/v1/bookings/${b.id}/pay`).set(o.auth).send({ channel: 'native' })).status).toBe(200);
      const no = (await PayOrderModel.findOne({ purpose: 'training', refId: b.id }).lean())!.outTradeNo;
      await fetch(`${pay.url}/fake/transactions/pay`, { method: 'POST', body: JSON.stringify({ out_trade_no: no }) });
      await waitFor(() => BookingModel.findById(b.id).lean(), (x) => x!.status === 'confirmed' && !x!.owed.length);
      return b.id as string;
    };
    await payAndWait(owners[0], '周八');
    const refunded = await payAndWait(owners[1], '吴九');
    expect((await t.http.post(`/api/v1/bookings/${refunded}/cancel`).set(owners[1].auth)).status).toBe(200);
    await waitFor(() => BookingModel.findById(refunded).lean(), (x) => x!.payment?.status === 'refunded');
    await bookFor(t, owners[2], paid, attendee('郑十'));
    const res = await xlsx(paid, trainer);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as Buffer as unknown as ArrayBuffer);
    const { header, out } = rows(wb.getWorksheet('名单')!);
    expect(header.slice(-3)).toEqual(['支付状态', '实付（元）', '退款（元）']);
    expect(out.map((r) => [r['姓名'], r['报名状态'], r['支付状态'], r['实付（元）'], r['退款（元）']])).toEqual([
      ['周八', '报名成功', '已支付', 50, null], ['吴九', '已取消', '已退款', 50, 50], ['郑十', '待支付（座位保留15分钟）', '未支付', null, null],
    ]);
  });
});

describe('POST /sessions/:id/messages', () => {
  let sessionId: string;
  const openids: string[] = [];
  const msg = (over: Record<string, unknown> = {}) => ({ messageId: randomUUID(), title: '培训地点变更', body: '培训改在市场监管局五楼会议室，请提前10分钟到场。', ...over });
  const send = (who: LoggedIn | null, body: object, id = sessionId) => {
    const req = t.http.post(`/api/v1/sessions/${id}/messages`);
    return (who ? req.set(who.auth) : req).send(body);
  };
  const outboxFor = (openid: string, title: string) => t.wechat.outbox.filter((m) => m.touser === openid && m.data.thing1.value === title);
  beforeAll(async () => {
    // Capacity 2: 甲 (two people) and 乙 booked... 甲's second waits with 丙; 丁 booked and cancelled.
    sessionId = await createSession(t, trainer, courseId, { capacity: 2 });
    await bookFor(t, owners[0], sessionId);
    await bookFor(t, owners[1], sessionId);
    await bookFor(t, owners[0], sessionId);
    await bookFor(t, owners[2], sessionId);
    const cancelled = await createSession(t, trainer, courseId, { capacity: 2 });
    const d = (await bookFor(t, owners[3], cancelled)).body.data;
    await t.http.post(`/api/v1/bookings/${d.id}/cancel`).set(owners[3].auth);
    for (const o of owners) openids.push((await UserModel.findById(o.userId).lean())!.openid!);
  });

  it('401, 400 (no messageId, title too long), 403 for an owner and another trainer, nothing sent', async () => {
    const before = t.wechat.outbox.length;
    expect((await send(null, msg())).status).toBe(401);
    expect((await send(trainer, msg({ messageId: undefined }))).status).toBe(400);
    expect((await send(trainer, msg({ title: '很'.repeat(21) }))).status).toBe(400);
    for (const who of [owners[0], rival, otherAdmin]) expect((await send(who, msg())).status).toBe(403);
    expect(t.wechat.outbox.length).toBe(before);
    expect(await TrainingMessageModel.countDocuments({})).toBe(0);
  });

  it('tells every owner with a seat once (a WeChat subscribe message each), not the waitlist unless asked; audited', async () => {
    const body = msg();
    const res = await send(trainer, body);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ messageId: body.messageId, told: 2, includeWaitlisted: false, replayed: false });
    expect(outboxFor(openids[0], '培训地点变更')).toHaveLength(1);
    expect(outboxFor(openids[1], '培训地点变更')).toHaveLength(1);
    expect(outboxFor(openids[2], '培训地点变更')).toHaveLength(0);
    expect(outboxFor(openids[3], '培训地点变更')).toHaveLength(0);
    expect(outboxFor(openids[0], '培训地点变更')[0]).toMatchObject({ page: 'packages/training/mine/index', data: { thing2: { value: expect.stringMatching(/^培训改在市场监管局五楼会议室/) } } });
    expect(await NotificationModel.findOne({ userId: owners[0].userId, title: '培训地点变更' }).lean()).toMatchObject({ body: body.body, wechat: 'sent' });
    expect(await AuditEventModel.countDocuments({ action: 'training.message_sent', subjectId: sessionId })).toBe(1);

    const all = await send(admin, msg({ title: '开课提醒', body: '明天上午9点开课', includeWaitlisted: true }));
    expect(all.body.data).toMatchObject({ told: 3, includeWaitlisted: true });
    expect(outboxFor(openids[2], '开课提醒')).toHaveLength(1);
    expect(outboxFor(openids[3], '开课提醒')).toHaveLength(0);
  });

  it('the same messageId sent twice (or at once) sends once; the same id with another text is refused 409', async () => {
    const body = msg({ title: '请携带健康证' });
    const [a, b] = await Promise.all([send(trainer, body), send(trainer, body)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.data.replayed, b.body.data.replayed].sort()).toEqual([false, true]);
    const again = await send(trainer, body);
    expect(again.body.data).toMatchObject({ told: 2, replayed: true });
    expect(outboxFor(openids[0], '请携带健康证')).toHaveLength(1);
    expect(await NotificationModel.countDocuments({ userId: owners[1].userId, title: '请携带健康证' })).toBe(1);
    const changed = await send(trainer, { ...body, body: '另一条内容' });
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe('training.message_id_reused');
  });

  it('at most 5 messages a session an hour (429 with Retry-After); a resend of a stored one still answers', async () => {
    const other = await createSession(t, trainer, courseId, { capacity: 2 });
    await bookFor(t, owners[1], other);
    const first = msg({ title: '第1条' });
    expect((await send(trainer, first, other)).status).toBe(200);
    for (let i = 2; i <= 5; i++) expect((await send(trainer, msg({ title: `第${i}条` }), other)).status).toBe(200);
    const sixth = await send(admin, msg({ title: '第6条' }), other);
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
    expect(outboxFor(openids[1], '第6条')).toHaveLength(0);
    expect((await send(trainer, first, other)).body.data).toMatchObject({ replayed: true, told: 1 });
    // Another session has its own allowance.
    expect((await send(trainer, msg({ title: '别的场次' }))).status).toBe(200);
  });
});
