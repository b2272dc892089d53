// Demo training desk: the demo trainer's courses and sessions in every state — finished with certificates
// (and one absentee; and one of a course with a test, where only who passed has a certificate), open with bookings, full with a waitlist, open and paid, a draft and a cancelled one —
// and six owners who booked. Written through the training commands (as the trainer and the owners would),
// at past or future moments passed as `now`, so seats, waitlist numbers and certificates are the real ones.
// Idempotent: nothing is written when a demo course exists.
import type { CreateSessionBody } from '@shared/schemas/training';
import { attemptQuiz, book, checkIn, createCourse, createSession, finishSession, updateSession } from '../commands/training';
import { BookingModel } from '../models/Booking';
import type { AppContext } from '../http/types';
import { CourseModel, type CourseDoc } from '../models/Course';
import { TrainingSessionModel, type TrainingSessionDoc } from '../models/TrainingSession';
import { UserModel } from '../models/User';
import { WorkshopModel } from '../models/Workshop';
import type { Services } from '../services';
import { demoOpenid } from './demo';

const DAY_MS = 86_400_000;
const OWNER_NAMES = ['韦秀兰', '覃建国', '莫桂芳', '蓝志强', '黄美玲'];
const PLACE = { address: '柳州市鱼峰区柳石路市场监管局三楼培训室', point: { lat: 24.3021, lng: 109.4298 } };

// Commands take a request context; the seed acts as the user with no request around it.
const actingAs = (services: Services, user: unknown) => ({ state: { user, requestId: null }, services }) as unknown as AppContext;

export async function seedDemoTraining(services: Services, opts: { now?: Date } = {}): Promise<{ courses: number; sessions: number; bookings: number }> {
  if (await CourseModel.exists({ demo: true })) return { courses: 0, sessions: 0, bookings: 0 };
  const now = opts.now ?? new Date();
  const at = (days: number, hour = 0) => new Date(now.getTime() + days * DAY_MS + hour * 3_600_000);
  const trainer = await UserModel.findOne({ openid: demoOpenid('trainer', '450203') });
  const demoOwner = await UserModel.findOne({ openid: demoOpenid('owner', null) });
  if (!trainer || !demoOwner) return { courses: 0, sessions: 0, bookings: 0 };

  // Owners: the demo owner and five more, each with a registered workshop of the demo province.
  const owned = await WorkshopModel.find({ ownerId: String(demoOwner._id) }, { _id: 1 }).limit(1).lean();
  const spare = await WorkshopModel.find({ ownerId: null, status: 'registered' }, { _id: 1 }).sort({ _id: 1 }).limit(OWNER_NAMES.length).lean();
  if (!owned.length || spare.length < OWNER_NAMES.length) return { courses: 0, sessions: 0, bookings: 0 };
  const owners = [{ user: demoOwner, workshopId: String(owned[0]._id), name: '演示作坊业主' }];
  for (const [i, name] of OWNER_NAMES.entries()) {
    const openid = demoOpenid('owner', null, name);
    const user = await UserModel.findOneAndUpdate({ openid }, { $setOnInsert: { openid, name, roles: ['citizen', 'owner'], region: null } }, { upsert: true, returnDocument: 'after' });
    await WorkshopModel.updateOne({ _id: spare[i]._id, ownerId: null }, { $set: { ownerId: String(user!._id) } });
    owners.push({ user: user!, workshopId: String(spare[i]._id), name });
  }

  const desk = actingAs(services, trainer);
  const course = async (body: Parameters<typeof createCourse>[1]) => {
    const c = await createCourse(desk, body);
    await CourseModel.updateOne({ _id: c._id }, { $set: { demo: true } });
    return c;
  };
  const law = await course({ title: '《食品安全法》与小作坊登记管理', category: 'law', hours: 4, targetCategories: [], materials: [],
    description: '讲解食品安全法及广西食品小作坊管理规定：登记证的申请、延续、变更与注销，监督检查与信用公示，违法情形与法律责任。' });
  const practice = await course({ title: '小作坊生产操作规范与卫生管理', category: 'practice', hours: 6, targetCategories: ['rice_flour', 'soy', 'pastry'], materials: [],
    description: '生产场所布局、原料进货查验与台账、从业人员健康管理、清洗消毒与虫害防治，结合米粉、豆制品、糕点作坊的现场案例。',
    // With a test: the certificate needs attendance and a pass (answers: 1, 0, 2, 1).
    quiz: { passPercent: 75, maxTries: 3, questions: [
      { text: '食品小作坊生产用水应当符合什么标准？', options: ['无具体要求', '生活饮用水卫生标准', '农田灌溉水质标准'], answer: 1 },
      { text: '从业人员应当每年进行健康检查，取得健康证明后方可上岗。', options: ['正确', '错误'], answer: 0 },
      { text: '食品添加剂应当如何存放和使用？', options: ['与原料混放', '随意取用', '专柜存放，专人管理，如实记录使用量', '不用记录'], answer: 2 },
      { text: '原料进货查验记录应当保存多久？', options: ['一个月', '不少于产品保质期满后六个月，没有明确保质期的不少于两年', '无需保存'], answer: 1 },
    ] } });
  const additives = await course({ title: '食品添加剂使用与标签标识', category: 'additives', hours: 3, targetCategories: [], materials: [],
    description: '按 GB 2760 正确使用食品添加剂，添加剂公示与使用记录，散装与预包装食品的标签标识要求。' });

  let sessions = 0;
  let bookings = 0;
  const session = async (c: CourseDoc, startsIn: number, over: Partial<CreateSessionBody> = {}, createdAt = now) => {
    const startsAt = at(startsIn, 9);
    sessions++;
    return createSession(desk, c, {
      courseId: String(c._id), startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 4 * 3_600_000).toISOString(),
      place: PLACE, capacity: 40, feeFen: 0, signupDeadline: at(startsIn - 1).toISOString(), cancelDeadline: at(startsIn - 1).toISOString(),
      refundRule: 'full', publish: true, ...over,
    }, createdAt);
  };
  const signUp = async (s: TrainingSessionDoc, who: typeof owners, when: Date) => {
    const out = [];
    for (const [i, o] of who.entries()) {
      const fresh = (await TrainingSessionModel.findById(s._id))!;
      const { booking } = await book(actingAs(services, o.user), fresh, { workshopId: o.workshopId, attendee: { name: o.name, phone: `1380771${String(2000 + i).padStart(4, '0')}` } }, when);
      out.push(booking);
      bookings++;
    }
    return out;
  };

  // Finished ten days ago: four booked, three came and got certificates, one was absent.
  const past = await session(law, -10, {}, at(-20));
  const pastBookings = await signUp(past, owners.slice(0, 4), at(-15));
  const open = (await TrainingSessionModel.findById(past._id))!;
  await checkIn(desk, open, { scans: pastBookings.slice(0, 3).map((b, i) => ({ scanId: `demo-checkin-${i}-${String(b._id)}`, bookingId: String(b._id) })) }, at(-10, 9.2));
  await finishSession(desk, (await TrainingSessionModel.findById(past._id))!, at(-10, 13));

  // A session of the course with a test, finished three days ago: two came; one passed the test before the
  // finish and got a certificate, the demo owner has not taken it yet (我的培训 shows 参加考核).
  const tested = await session(practice, -3, {}, at(-12));
  const testedBookings = await signUp(tested, [owners[0], owners[3]], at(-8));
  await checkIn(desk, (await TrainingSessionModel.findById(tested._id))!, { scans: testedBookings.map((b, i) => ({ scanId: `demo-checkin-q${i}-${String(b._id)}`, bookingId: String(b._id) })) }, at(-3, 9.1));
  const passer = (await BookingModel.findById(testedBookings[1]._id))!;
  await attemptQuiz(actingAs(services, owners[3].user), passer, { answers: [1, 0, 2, 0] }, at(-3, 12)); // 75%: passed
  await finishSession(desk, (await TrainingSessionModel.findById(tested._id))!, at(-3, 13));

  // Open, free, with bookings; full with a waitlist (two seats, four booked); open and paid, not yet booked.
  await signUp(await session(practice, 10), [owners[0], owners[4]], now);
  await signUp(await session(additives, 7, { capacity: 2 }), [owners[1], owners[2], owners[0], owners[5]], now);
  await session(practice, 14, { feeFen: 5000, refundRule: 'half', place: undefined, onlineUrl: 'https://meeting.example.cn/j/458201' });
  // A draft not yet published, and a cancelled one.
  await session(law, 21, { publish: false });
  const dropped = await session(additives, 28);
  await updateSession(desk, dropped, { status: 'cancelled' }, now);
  return { courses: 3, sessions, bookings };
}
