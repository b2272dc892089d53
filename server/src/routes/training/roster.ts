// The trainer's roster export (Excel) and messages to a session's attendees. Same policy as the roster: the
// session's trainer or an admin of its region.
import ExcelJS from 'exceljs';
import { BOOKING_STATUSES, BOOKING_STATUS_LABELS, type BookingStatus } from '@shared/domain/training';
import { SessionIdParams } from '@shared/schemas/training';
import { SessionMessageBody, SessionMessageResponse } from '@shared/schemas/trainingRoster';
import type { ApiRouter } from '../../http/api';
import { BookingModel } from '../../models/Booking';
import { CourseModel } from '../../models/Course';
import { authorize } from '../../policies';
import { shanghaiDate } from '../../services/calendar';
import { loadSession } from '../../commands/training';
import { sendSessionMessage } from '../../commands/training/messages';
import { workshopNames } from './views';

const T_TRAINER = ['培训（讲师）'];
const MANAGERS = ['trainer', 'admin'] as const;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const PAYMENT_LABELS: Record<string, string> = { unpaid: '未支付', paid: '已支付', refunding: '退款中', refunded: '已退款' };
/** Excel has no time zones: an instant is written as Beijing wall-clock time, as the app shows it. */
const beijing = (d: Date | null | undefined) => (d ? new Date(d.getTime() + 8 * 3600_000) : null);
const DATE_TIME = 'yyyy-mm-dd hh:mm';
const YUAN = '0.00';
const yuan = (fen: number | null | undefined) => (fen == null ? null : fen / 100);

export function trainingRosterRoutes(api: ApiRouter) {
  api.route('get', '/sessions/:id/roster.xlsx', {
    summary: '导出场次名单与签到统计（Excel）', tags: T_TRAINER, auth: [...MANAGERS], params: SessionIdParams, errors: [404],
    response: { description: 'Excel 工作簿：名单（手机号脱敏）、签到统计', contentType: XLSX },
  }, async (ctx) => {
    const s = await loadSession(ctx.input.params.id);
    authorize(ctx.state.user, 'training.manage', s);
    const [course, bookings] = await Promise.all([
      CourseModel.findById(s.courseId).lean(),
      BookingModel.find({ sessionId: String(s._id) }).sort({ createdAt: 1 }).limit(5000).lean(),
    ]);
    const workshops = await workshopNames(bookings.map((b) => b.workshopId));
    const paid = s.feeFen > 0 || bookings.some((b) => b.payment);

    const wb = new ExcelJS.Workbook();
    wb.creator = '食品小作坊监管服务平台';
    wb.created = new Date();
    const ws = wb.addWorksheet('名单', { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = [
      { header: '序号', key: 'no', width: 6 },
      { header: '姓名', key: 'name', width: 10 },
      { header: '手机号', key: 'phone', width: 14 },
      { header: '作坊名称', key: 'workshop', width: 26 },
      { header: '报名状态', key: 'status', width: 22 },
      { header: '候补序号', key: 'waitlist', width: 9 },
      { header: '报名时间', key: 'bookedAt', width: 17, style: { numFmt: DATE_TIME } },
      { header: '签到时间', key: 'checkedInAt', width: 17, style: { numFmt: DATE_TIME } },
      { header: '证书编号', key: 'certificateNo', width: 15 },
      ...(paid ? [
        { header: '支付状态', key: 'payment', width: 10 },
        { header: '实付（元）', key: 'paidYuan', width: 11, style: { numFmt: YUAN } },
        { header: '退款（元）', key: 'refundYuan', width: 11, style: { numFmt: YUAN } },
      ] : []),
    ];
    ws.getRow(1).font = { bold: true };
    bookings.forEach((b, i) => {
      const p = b.payment;
      ws.addRow({
        no: i + 1, name: b.attendeeName, phone: b.attendeePhoneMasked, workshop: workshops.get(b.workshopId)?.name ?? '（作坊已注销）',
        status: BOOKING_STATUS_LABELS[b.status as BookingStatus] ?? b.status, waitlist: b.waitlistPosition ?? null,
        bookedAt: beijing(b.createdAt), checkedInAt: beijing(b.checkedInAt), certificateNo: b.certificateNo ?? null,
        ...(paid ? {
          payment: p ? PAYMENT_LABELS[p.status] ?? p.status : null,
          paidYuan: p && p.status !== 'unpaid' ? yuan(p.amountFen) : null,
          refundYuan: p ? yuan(p.refundFen) : null,
        } : {}),
      });
    });
    if (bookings.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: ws.columns.length } };

    // 签到统计: the session, then one count per status; 签到率 = attended of those who had a confirmed seat.
    const counts = Object.fromEntries(BOOKING_STATUSES.map((k) => [k, 0])) as Record<BookingStatus, number>;
    for (const b of bookings) counts[b.status as BookingStatus] += 1;
    const expected = counts.confirmed + counts.attended + counts.absent;
    const st = wb.addWorksheet('签到统计');
    st.columns = [{ header: '项目', key: 'k', width: 16 }, { header: '数值', key: 'v', width: 40 }];
    st.getRow(1).font = { bold: true };
    const when = (d: Date) => { const r = st.lastRow!; r.getCell('v').value = beijing(d); r.getCell('v').numFmt = DATE_TIME; r.getCell('v').alignment = { horizontal: 'left' }; };
    st.addRow({ k: '课程', v: course?.title ?? '' });
    st.addRow({ k: '讲师', v: course?.trainerName ?? '' });
    st.addRow({ k: '开始时间' }); when(s.startsAt);
    st.addRow({ k: '结束时间' }); when(s.endsAt);
    st.addRow({ k: '地点', v: s.place?.address ?? s.onlineUrl ?? '' });
    st.addRow({ k: '名额', v: s.capacity });
    st.addRow({ k: '学时', v: course?.hours ?? null });
    st.addRow({});
    for (const k of BOOKING_STATUSES) st.addRow({ k: BOOKING_STATUS_LABELS[k], v: counts[k] });
    st.addRow({ k: '报名合计', v: bookings.length });
    st.addRow({ k: '应到人数', v: expected });
    st.addRow({ k: '实到人数', v: counts.attended });
    const rate = st.addRow({ k: '签到率', v: expected ? counts.attended / expected : null });
    rate.getCell('v').numFmt = '0.0%';
    st.getColumn('v').alignment = { horizontal: 'left' };

    const day = shanghaiDate(s.startsAt);
    const title = (course?.title ?? '培训').replace(/[\\/:*?"<>|\r\n]+/g, ' ').slice(0, 40);
    const buf = await wb.xlsx.writeBuffer();
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Disposition', `attachment; filename="training-roster-${day}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${title}-${day}-名单.xlsx`)}`);
    ctx.type = XLSX;
    ctx.body = Buffer.from(buf as ArrayBuffer);
  });

  api.route('post', '/sessions/:id/messages', {
    summary: '群发通知：给场次的报名人发送站内通知与微信订阅消息', tags: T_TRAINER, auth: [...MANAGERS], params: SessionIdParams, body: SessionMessageBody,
    response: SessionMessageResponse, errors: [404, 409],
    description: '通知报名成功、待支付、候补递补待确认和已签到的报名人（includeWaitlisted=true 时含候补）；同一业主只通知一次。'
      + '按 messageId 去重：重发返回首次结果（replayed=true），同一编号换了内容返回 409。每个场次每小时最多 5 条（429）。',
  }, async (ctx) => {
    const s = await loadSession(ctx.input.params.id);
    ctx.body = { data: await sendSessionMessage(ctx, s, ctx.input.body) };
  });
}
