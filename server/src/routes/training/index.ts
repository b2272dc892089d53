// Training (培训): the public course list, the trainer's desk (courses, sessions, roster, check-in, finish),
// the owner's bookings, and the public check of a training certificate.
import type { QueryFilter } from 'mongoose';
import {
  BookBody, BookingIdParams, BookingList, BookingResponse, CheckInBody, CheckInResponse, CourseIdParams, CoursePage, CourseQuery, CourseResponse,
  CreateCourseBody, CreateSessionBody, FinishResponse, RosterResponse, SessionIdParams, SessionResponse, TrainingCertificateParams,
  TrainingCertificateView, UpdateCourseBody, UpdateSessionBody,
} from '@shared/schemas/training';
import type { ApiRouter } from '../../http/api';
import type { AppContext } from '../../http/types';
import { notFound, unauthorized } from '../../errors';
import { BookingModel } from '../../models/Booking';
import { CourseModel, type Course } from '../../models/Course';
import { TrainingCertificateModel } from '../../models/TrainingCertificate';
import { TrainingSessionModel } from '../../models/TrainingSession';
import { can, authorize } from '../../policies';
import { presentCourseSummary, presentTrainingCertificate, quizBank, trainingVerifyPath } from '../../presenters/training';
import { sendQrPng } from '../../services/qrcode';
import {
  acceptOffer, book, cancelBooking, checkIn, createCourse, createSession, finishSession, loadBooking, loadCourse, loadSession, updateCourse, updateSession,
} from '../../commands/training';
import { bookingViews, rosterEntries, sessionView, sessionViews, workshopNames } from './views';
import { trainingPaymentRoutes } from './payments';
import { quizRoutes } from './quiz';
import { trainingHoursRoutes } from './hours';
import { trainingRosterRoutes } from './roster';

const T_PUBLIC = ['培训'];
const T_TRAINER = ['培训（讲师）'];
const T_OWNER = ['培训（报名）'];
const MANAGERS = ['trainer', 'admin'] as const;
const noStore = (ctx: AppContext) => ctx.set('Cache-Control', 'no-store');

/** A region and the regions above it: the courses offered there reach it. */
const coveringRegions = (code: string) => [2, 4, 6, 9].filter((n) => n <= code.length).map((n) => code.slice(0, n));

export function trainingRoutes(api: ApiRouter) {
  trainingPaymentRoutes(api); // POST /bookings/:id/pay
  trainingRosterRoutes(api); // roster.xlsx, messages
  // --- public ---
  api.route('get', '/courses', {
    summary: '培训课程列表（公开；可按类别、附近区域筛选；讲师 mine=1 看本人课程）', tags: T_PUBLIC, auth: 'optional', query: CourseQuery, response: CoursePage, errors: [401],
  }, async (ctx) => {
    const q = ctx.input.query;
    const user = ctx.state.user;
    let filter: QueryFilter<Course>;
    if (q.mine) {
      if (!user) throw unauthorized();
      filter = { trainerId: String(user._id) };
    } else {
      filter = { active: true };
      if (q.category) filter.category = q.category;
      if (q.region) filter.region = { $in: coveringRegions(q.region) };
    }
    const [items, total] = await Promise.all([
      CourseModel.find(filter).sort({ createdAt: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean(),
      CourseModel.countDocuments(filter),
    ]);
    noStore(ctx);
    ctx.body = { data: items.map((c) => presentCourseSummary(c, ctx.services.regions)), page: q.page, pageSize: q.pageSize, total };
  });

  api.route('get', '/courses/:id', {
    summary: '课程详情与场次（公开；草稿场次与下架课程仅讲师和本辖区管理员可见）', tags: T_PUBLIC, auth: 'optional', params: CourseIdParams, response: CourseResponse, errors: [404],
  }, async (ctx) => {
    const c = await CourseModel.findById(ctx.input.params.id).lean();
    if (!c) throw notFound('resource.not_found', '未找到该课程');
    const manager = can(ctx.state.user, 'training.readDraft', c);
    if (!c.active && !manager) throw notFound('resource.not_found', '未找到该课程');
    const sessions = await TrainingSessionModel.find({ courseId: String(c._id) }).sort({ startsAt: 1 }).limit(200).lean();
    const visible = manager ? sessions : sessions.filter((s) => s.status !== 'draft');
    const materials = c.materials.map((id) => ({ id, url: `/api/v1/files/${id}` }));
    noStore(ctx);
    ctx.body = { data: { ...presentCourseSummary(c, ctx.services.regions), description: c.description, materials, sessions: await sessionViews(ctx.services, visible, c), ...(manager ? { quizBank: quizBank(c) } : {}) } };
  });

  api.route('get', '/sessions/:id', {
    summary: '培训场次详情（公开；草稿仅讲师和本辖区管理员可见）', tags: T_PUBLIC, auth: 'optional', params: SessionIdParams, response: SessionResponse, errors: [404],
  }, async (ctx) => {
    const s = await TrainingSessionModel.findById(ctx.input.params.id).lean();
    if (!s || (s.status === 'draft' && !can(ctx.state.user, 'training.readDraft', s))) throw notFound('resource.not_found', '未找到该培训场次');
    noStore(ctx);
    ctx.body = { data: await sessionView(ctx.services, s) };
  });

  api.route('get', '/certificates/training/:no/verify', {
    summary: '扫码核验培训证书（公开）', tags: T_PUBLIC, auth: false, params: TrainingCertificateParams, response: TrainingCertificateView, errors: [404],
    description: '伪造或不存在的编号返回 404 training.certificate_not_found。',
  }, async (ctx) => {
    const c = await TrainingCertificateModel.findById(ctx.input.params.no).lean();
    if (!c) throw notFound('training.certificate_not_found');
    const w = (await workshopNames([c.workshopId])).get(c.workshopId) ?? { id: c.workshopId, name: '（作坊已注销）' };
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = presentTrainingCertificate(c, w, ctx.services.config.publicBaseUrl);
  });

  api.route('get', '/certificates/training/:no/qr.png', {
    summary: '培训证书二维码（指向核验页）', tags: T_PUBLIC, auth: false, params: TrainingCertificateParams,
    response: { description: 'PNG 图片', contentType: 'image/png' }, errors: [404],
  }, async (ctx) => {
    const c = await TrainingCertificateModel.findById(ctx.input.params.no, { _id: 1 }).lean();
    if (!c) throw notFound('training.certificate_not_found');
    await sendQrPng(ctx, `${ctx.services.config.publicBaseUrl}${trainingVerifyPath(String(c._id))}`);
  });

  // --- trainer (and admins of the course's region) ---
  api.route('post', '/courses', {
    summary: '讲师发布课程', tags: T_TRAINER, auth: ['trainer'], body: CreateCourseBody, response: CourseResponse, status: 201, errors: [422],
    description: '讲师账号由管理员通过工作人员邀请（role=trainer）批准。开课区域须在讲师所在区域内（403 auth.out_of_region）。',
  }, async (ctx) => {
    const c = await createCourse(ctx, ctx.input.body);
    ctx.body = { data: { ...presentCourseSummary(c, ctx.services.regions), description: c.description, materials: c.materials.map((id) => ({ id, url: `/api/v1/files/${id}` })), sessions: [], quizBank: quizBank(c) } };
  });

  api.route('patch', '/courses/:id', {
    summary: '修改课程（讲师本人或本辖区管理员；active=false 下架）', tags: T_TRAINER, auth: [...MANAGERS], params: CourseIdParams, body: UpdateCourseBody, response: CourseResponse, errors: [404, 422],
  }, async (ctx) => {
    const c = await updateCourse(ctx, await loadCourse(ctx.input.params.id), ctx.input.body);
    const sessions = await TrainingSessionModel.find({ courseId: String(c._id) }).sort({ startsAt: 1 }).limit(200).lean();
    ctx.body = { data: { ...presentCourseSummary(c, ctx.services.regions), description: c.description, materials: c.materials.map((id) => ({ id, url: `/api/v1/files/${id}` })), sessions: await sessionViews(ctx.services, sessions, c), quizBank: quizBank(c) } };
  });

  api.route('post', '/sessions', {
    summary: '新增培训场次（publish=true 立即开放报名）', tags: T_TRAINER, auth: [...MANAGERS], body: CreateSessionBody, response: SessionResponse, status: 201, errors: [404, 409, 422],
  }, async (ctx) => {
    const s = await createSession(ctx, await loadCourse(ctx.input.body.courseId), ctx.input.body);
    ctx.body = { data: await sessionView(ctx.services, s) };
  });

  api.route('patch', '/sessions/:id', {
    summary: '修改、发布或取消场次', tags: T_TRAINER, auth: [...MANAGERS], params: SessionIdParams, body: UpdateSessionBody, response: SessionResponse, errors: [404, 409, 422],
    description: '名额减少不能低于已占用座位（409 training.capacity_below_taken）；增加名额时候补者依次递补。取消场次：所有有效报名自动取消并通知。',
  }, async (ctx) => {
    const s = await updateSession(ctx, await loadSession(ctx.input.params.id), ctx.input.body);
    ctx.body = { data: await sessionView(ctx.services, s) };
  });

  api.route('get', '/sessions/:id/roster', {
    summary: '场次名单：报名、候补、取消、签到（手机号脱敏）', tags: T_TRAINER, auth: [...MANAGERS], params: SessionIdParams, response: RosterResponse, errors: [404],
  }, async (ctx) => {
    const s = await loadSession(ctx.input.params.id);
    authorize(ctx.state.user, 'training.manage', s);
    const bookings = await BookingModel.find({ sessionId: String(s._id) }).sort({ createdAt: 1 }).limit(5000).lean();
    const counts: Record<string, number> = {};
    for (const b of bookings) counts[b.status] = (counts[b.status] ?? 0) + 1;
    noStore(ctx);
    ctx.body = { data: { session: await sessionView(ctx.services, s), counts, entries: await rosterEntries(bookings) } };
  });

  api.route('post', '/sessions/:id/check-ins', {
    summary: '签到（扫码或按名单；可批量补传离线扫码，按 scanId 去重）', tags: T_TRAINER, auth: [...MANAGERS], params: SessionIdParams, body: CheckInBody, response: CheckInResponse, errors: [404, 409],
    description: '同一学员扫码两次只记一次签到（第二次 result=already）；同一 scanId 重发返回首次结果（replayed=true）。',
  }, async (ctx) => {
    const s = await loadSession(ctx.input.params.id);
    ctx.body = { data: await checkIn(ctx, s, ctx.input.body) };
  });

  api.route('post', '/sessions/:id/finish', {
    summary: '结束培训：已签到者自动获得培训证书，未签到者没有', tags: T_TRAINER, auth: [...MANAGERS], params: SessionIdParams, response: FinishResponse, errors: [404, 409],
  }, async (ctx) => {
    const s = await finishSession(ctx, await loadSession(ctx.input.params.id));
    ctx.body = { data: await sessionView(ctx.services, s) };
  });

  // --- owner ---
  api.route('post', '/sessions/:id/bookings', {
    summary: '为本人作坊的人员报名（免费场次立即成功；收费场次保留座位15分钟待支付；满员进入候补）', tags: T_OWNER, auth: true, params: SessionIdParams, body: BookBody,
    response: BookingResponse, status: 201, errors: [404, 409],
  }, async (ctx) => {
    const s = await loadSession(ctx.input.params.id);
    const { booking, workshop } = await book(ctx, s, ctx.input.body);
    ctx.body = { data: (await bookingViews(ctx.services, [booking], workshop))[0] };
  });

  api.route('post', '/bookings/:id/cancel', {
    summary: '取消报名（取消截止前；座位让给候补第一位）', tags: T_OWNER, auth: true, params: BookingIdParams, response: BookingResponse, errors: [404, 409],
  }, async (ctx) => {
    const b = await cancelBooking(ctx, await loadBooking(ctx.input.params.id));
    ctx.body = { data: (await bookingViews(ctx.services, [b]))[0] };
  });

  api.route('post', '/bookings/:id/accept-offer', {
    summary: '确认候补递补（24小时内）', tags: T_OWNER, auth: true, params: BookingIdParams, response: BookingResponse, errors: [404, 409],
  }, async (ctx) => {
    const b = await acceptOffer(ctx, await loadBooking(ctx.input.params.id));
    ctx.body = { data: (await bookingViews(ctx.services, [b]))[0] };
  });

  api.route('get', '/bookings/mine', {
    summary: '我的培训：报名、候补、签到码、证书', tags: T_OWNER, auth: true, response: BookingList,
  }, async (ctx) => {
    const list = await BookingModel.find({ ownerId: String(ctx.state.user!._id) }).sort({ createdAt: -1 }).limit(200).lean();
    noStore(ctx);
    ctx.body = { data: await bookingViews(ctx.services, list) };
  });

  quizRoutes(api);
  trainingHoursRoutes(api);
}
