import '../zod';
import { z } from 'zod';
import { CATEGORY_CODES } from '../domain/categories';
import { BOOKING_STATUSES, COURSE_CATEGORIES, REFUND_RULES, SESSION_STATUSES } from '../domain/training';
import { ExistingRegion, LongText, ObjectId, Phone, RegionCode, Text } from './common';
import { PAYMENT_STATUSES } from '../domain/trainingPayment';
import { BookingQuizState, QuizInput, QuizSummary } from './trainingQuiz';

const Instant = z.iso.datetime({ offset: true, message: '时间格式应为 ISO 8601（如 2026-12-01T09:00:00+08:00）' })
  .meta({ description: 'ISO 8601 时间，带时区（保存为 UTC，按北京时间显示）', example: '2026-12-01T09:00:00+08:00' });
const Point = z.strictObject({ lat: z.number().min(3).max(54), lng: z.number().min(73).max(136) }).meta({ description: '地图选点（GCJ-02）' });
const HttpsUrl = z.string().trim().max(500).regex(/^https:\/\/[^\s]+$/, '请填写 https 开头的线上培训链接');

export const CourseIdParams = z.strictObject({ id: ObjectId });
export const SessionIdParams = z.strictObject({ id: ObjectId });
export const BookingIdParams = z.strictObject({ id: ObjectId });
export const TrainingCertificateParams = z.strictObject({ no: z.string().trim().toUpperCase().regex(/^PX\d{10}$/, '证书编号格式不正确') });

// --- courses ---
const courseFields = {
  title: Text(60),
  category: z.enum(COURSE_CATEGORIES).meta({ description: 'law 法律法规 / practice 操作规范 / labeling 标签标识 / additives 食品添加剂 / other 其他' }),
  description: LongText(2000),
  hours: z.number().min(0.5).max(40).multipleOf(0.5).meta({ description: '学时（0.5 的倍数）' }),
  targetCategories: z.array(z.enum(CATEGORY_CODES)).max(12).default([]).meta({ description: '适合的食品类别（空：全部）' }),
  materials: z.array(ObjectId).max(20).default([]).meta({ description: '课程资料：先以 purpose=training 上传（POST /files）得到的文件编号' }),
  quiz: QuizInput.nullable().optional(),
};
export const CreateCourseBody = z
  .strictObject({ ...courseFields, region: ExistingRegion.optional().meta({ description: '开课区域（默认讲师所在区域，须在其区域内）' }) })
  .meta({ id: 'CreateCourse' });
export type CreateCourseBody = z.infer<typeof CreateCourseBody>;
export const UpdateCourseBody = z
  .strictObject({
    title: courseFields.title.optional(), category: courseFields.category.optional(), description: courseFields.description.optional(),
    hours: courseFields.hours.optional(), targetCategories: z.array(z.enum(CATEGORY_CODES)).max(12).optional(), materials: z.array(ObjectId).max(20).optional(),
    active: z.boolean().optional().meta({ description: 'false：下架（不再出现在课程列表）' }),
    quiz: courseFields.quiz.meta({ description: '课程考核；null 取消考核' }),
  })
  .meta({ id: 'UpdateCourse' });
export type UpdateCourseBody = z.infer<typeof UpdateCourseBody>;

export const CourseQuery = z.strictObject({
  category: z.enum(COURSE_CATEGORIES).optional(),
  region: RegionCode.optional().meta({ description: '附近的课程：开课区域覆盖该区划（本级及上级）的课程' }),
  mine: z.enum(['1']).optional().meta({ description: '讲师：只列出本人的课程（含已下架）' }),
  page: z.coerce.number().int().min(1).max(500).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});
export type CourseQuery = z.infer<typeof CourseQuery>;

const Named = z.object({ code: z.string(), name: z.string() });
export const CourseSummary = z
  .object({
    id: z.string(), title: z.string(), category: z.enum(COURSE_CATEGORIES), categoryLabel: z.string(), hours: z.number(),
    targetCategories: z.array(Named), region: Named, trainerName: z.string(), active: z.boolean(),
    quiz: QuizSummary.nullable().optional().meta({ description: '课程考核（题数、及格线、作答次数）；null 无考核' }),
  })
  .meta({ id: 'CourseSummary' });
export const CoursePage = z.object({ data: z.array(CourseSummary), page: z.number(), pageSize: z.number(), total: z.number() }).meta({ id: 'CoursePage' });

// --- sessions ---
const placeRule = (b: { place?: unknown; onlineUrl?: unknown }, ctx: z.RefinementCtx) => {
  if (!!b.place === !!b.onlineUrl) ctx.addIssue({ code: 'custom', path: ['place'], message: '请填写培训地点或线上链接（二选一）' });
};
const timesRule = (b: { startsAt?: string; endsAt?: string; signupDeadline?: string; cancelDeadline?: string }, ctx: z.RefinementCtx) => {
  const t = (s?: string) => (s ? Date.parse(s) : NaN);
  if (t(b.endsAt) <= t(b.startsAt)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: '结束时间须晚于开始时间' });
  if (t(b.signupDeadline) > t(b.startsAt)) ctx.addIssue({ code: 'custom', path: ['signupDeadline'], message: '报名截止时间不能晚于开始时间' });
  if (t(b.cancelDeadline) > t(b.startsAt)) ctx.addIssue({ code: 'custom', path: ['cancelDeadline'], message: '取消截止时间不能晚于开始时间' });
};
export const Place = z.strictObject({ address: Text(200), point: Point.optional() });
export const CreateSessionBody = z
  .strictObject({
    courseId: ObjectId,
    startsAt: Instant, endsAt: Instant,
    place: Place.optional(), onlineUrl: HttpsUrl.optional(),
    capacity: z.number().int().min(1).max(5000),
    feeFen: z.number().int().min(0).max(1_000_000).meta({ description: '费用（分），0 为免费' }),
    signupDeadline: Instant, cancelDeadline: Instant,
    refundRule: z.enum(REFUND_RULES).default('full'),
    publish: z.boolean().default(false).meta({ description: 'true：立即开放报名；false：保存为草稿' }),
  })
  .superRefine((b, ctx) => { placeRule(b, ctx); timesRule(b, ctx); })
  .meta({ id: 'CreateTrainingSession', description: 'place 与 onlineUrl 二选一；结束晚于开始；报名截止与取消截止不晚于开始；开始时间须在将来' });
export type CreateSessionBody = z.infer<typeof CreateSessionBody>;

export const UpdateSessionBody = z
  .strictObject({
    startsAt: Instant.optional(), endsAt: Instant.optional(),
    place: Place.optional(), onlineUrl: HttpsUrl.optional(),
    capacity: z.number().int().min(1).max(5000).optional(),
    signupDeadline: Instant.optional(), cancelDeadline: Instant.optional(),
    refundRule: z.enum(REFUND_RULES).optional(),
    status: z.enum(['open', 'cancelled']).optional().meta({ description: 'open：发布草稿；cancelled：取消场次（已报名者自动取消）' }),
  })
  .superRefine((b, ctx) => { if (b.place && b.onlineUrl) placeRule(b, ctx); })
  .meta({ id: 'UpdateTrainingSession', description: '时间规则按修改后的完整场次检查；名额不能少于已占用座位' });
export type UpdateSessionBody = z.infer<typeof UpdateSessionBody>;

export const SessionView = z
  .object({
    id: z.string(),
    course: z.object({ id: z.string(), title: z.string(), category: z.enum(COURSE_CATEGORIES), categoryLabel: z.string(), hours: z.number(), quiz: QuizSummary.nullable().optional() }),
    trainerName: z.string(),
    region: Named,
    startsAt: z.string(), endsAt: z.string(),
    place: z.object({ address: z.string(), point: z.object({ lat: z.number(), lng: z.number() }).nullable() }).nullable(),
    onlineUrl: z.string().nullable(),
    capacity: z.number().int(), seatsLeft: z.number().int(),
    feeFen: z.number().int(), feeLabel: z.string(),
    signupDeadline: z.string(), cancelDeadline: z.string(),
    refundRule: z.enum(REFUND_RULES), refundRuleLabel: z.string(),
    status: z.enum(SESSION_STATUSES), statusLabel: z.string(),
    signupOpen: z.boolean().meta({ description: '现在可以报名（满员时进入候补）' }),
    certificatesPending: z.boolean().meta({ description: '已结束，证书生成中' }),
  })
  .meta({ id: 'TrainingSession' });
export type SessionView = z.infer<typeof SessionView>;
export const SessionResponse = z.object({ data: SessionView }).meta({ id: 'TrainingSessionResponse' });

export const CourseDetail = CourseSummary.extend({
  description: z.string(),
  materials: z.array(z.object({ id: z.string(), url: z.string() })),
  sessions: z.array(SessionView),
  quizBank: QuizInput.nullable().optional().meta({ description: '仅讲师和本辖区管理员：考核题库与答案' }),
}).meta({ id: 'CourseDetail' });
export const CourseResponse = z.object({ data: CourseDetail }).meta({ id: 'CourseResponse' });

// --- bookings ---
export const BookBody = z
  .strictObject({
    workshopId: ObjectId.meta({ description: '本人名下的作坊' }),
    attendee: z.strictObject({ name: Text(30), phone: Phone }).meta({ description: '参训人员（本人或作坊从业人员）；手机号加密保存' }),
  })
  .meta({ id: 'BookTraining' });
export type BookBody = z.infer<typeof BookBody>;

export const BookingView = z
  .object({
    id: z.string(),
    session: SessionView,
    workshop: z.object({ id: z.string(), name: z.string() }),
    attendee: z.object({ name: z.string(), phoneMasked: z.string().nullable() }),
    status: z.enum(BOOKING_STATUSES), statusLabel: z.string(),
    holdUntil: z.string().nullable().meta({ description: '待支付：座位保留至' }),
    offerUntil: z.string().nullable().meta({ description: '候补递补：确认截止' }),
    waitlistPosition: z.number().int().nullable(),
    checkInCode: z.string().nullable().meta({ description: '签到二维码内容（仅报名成功后给报名人）' }),
    checkedInAt: z.string().nullable(),
    certificateNo: z.string().nullable(),
    canCancel: z.boolean(), canAcceptOffer: z.boolean(),
    canPay: z.boolean().meta({ description: '待支付且座位仍在保留中：可去支付（POST /bookings/:id/pay）' }),
    payment: z.object({
      status: z.enum(PAYMENT_STATUSES), statusLabel: z.string(),
      amountFen: z.number().int(), refundFen: z.number().int().nullable(),
      label: z.string().meta({ description: '如“已支付 ¥120.00”“退款中 ¥60.00”“已退款 ¥60.00”' }),
    }).nullable().meta({ description: '收费场次的支付与退款（免费场次、未占座的候补为 null）' }),
    quiz: BookingQuizState.nullable().optional().meta({ description: '课程考核的作答情况；null 该课程无考核' }),
    createdAt: z.string(),
  })
  .meta({ id: 'TrainingBooking' });
export type BookingView = z.infer<typeof BookingView>;
export const BookingResponse = z.object({ data: BookingView }).meta({ id: 'TrainingBookingResponse' });
export const BookingList = z.object({ data: z.array(BookingView) }).meta({ id: 'TrainingBookingList' });

export const RosterEntry = z
  .object({
    id: z.string(),
    workshop: z.object({ id: z.string(), name: z.string() }),
    attendee: z.object({ name: z.string(), phoneMasked: z.string().nullable() }),
    status: z.enum(BOOKING_STATUSES), statusLabel: z.string(),
    waitlistPosition: z.number().int().nullable(),
    checkedInAt: z.string().nullable(),
    certificateNo: z.string().nullable(),
    quiz: z.object({ passed: z.boolean(), triesUsed: z.number().int() }).optional().meta({ description: '课程考核：是否通过、已作答次数（课程有考核时看 session.course.quiz）' }),
  })
  .meta({ id: 'TrainingRosterEntry' });
export const RosterResponse = z
  .object({ data: z.object({ session: SessionView, counts: z.record(z.string(), z.number().int()), entries: z.array(RosterEntry) }) })
  .meta({ id: 'TrainingRoster' });

// --- check-in (queued scans from a phone on a weak network, de-duplicated by scanId) ---
export const CheckInBody = z
  .strictObject({
    scans: z.array(z.strictObject({
      scanId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '扫码编号格式不正确').meta({ description: '客户端为每次扫码生成的编号（UUID）：重发的扫码只记一次' }),
      code: z.string().trim().regex(/^[A-Z0-9]{12}$/, '签到码格式不正确').optional().meta({ description: '扫描参训人员二维码得到的签到码' }),
      bookingId: ObjectId.optional().meta({ description: '按名单签到' }),
      scannedAt: Instant.optional(),
    }).refine((s) => !!s.code !== !!s.bookingId, { message: '签到码与报名编号二选一', path: ['code'] })).min(1).max(200),
  })
  .meta({ id: 'TrainingCheckIns' });
export type CheckInBody = z.infer<typeof CheckInBody>;
export const CHECK_IN_RESULTS = ['attended', 'already', 'unknown', 'not_allowed'] as const;
export const CheckInResponse = z
  .object({
    data: z.array(z.object({
      scanId: z.string(),
      result: z.enum(CHECK_IN_RESULTS).meta({ description: 'attended 签到成功；already 已签到过；unknown 签到码无效；not_allowed 报名未成功（候补、已取消等）' }),
      bookingId: z.string().nullable(),
      attendeeName: z.string().nullable(),
      replayed: z.boolean().meta({ description: '同一扫码编号重发：返回首次的结果' }),
    })),
  })
  .meta({ id: 'TrainingCheckInResult' });

export const FinishResponse = z.object({ data: SessionView }).meta({ id: 'TrainingFinishResponse' });

// --- certificates ---
export const TrainingCertificateView = z
  .object({
    number: z.string(), status: z.literal('valid'), statusLabel: z.string(),
    attendeeName: z.string().meta({ description: '脱敏姓名' }),
    workshop: z.object({ id: z.string(), name: z.string() }),
    course: z.object({ title: z.string(), categoryLabel: z.string(), hours: z.number() }),
    trainerName: z.string(),
    sessionDate: z.string(),
    issuedAt: z.string(),
    verifyUrl: z.string(),
  })
  .meta({ id: 'TrainingCertificate' });
