// What the training views need, read once per list: one query per relation ($in), never one per row.
import { Types } from 'mongoose';
import type { BookingView, SessionView } from '@shared/schemas/training';
import type { Booking } from '../../models/Booking';
import { CourseModel, type Course } from '../../models/Course';
import type { Lean } from '../../models/lean';
import { TrainingSessionModel, type TrainingSession } from '../../models/TrainingSession';
import { WorkshopModel } from '../../models/Workshop';
import { presentBooking, presentRosterEntry, presentSession } from '../../presenters/training';
import type { Services } from '../../services';

type ViewServices = Pick<Services, 'regions'>;
const objectIds = (ids: readonly string[]) => [...new Set(ids.filter((i) => Types.ObjectId.isValid(i)))].map((i) => new Types.ObjectId(i));
/**
 * `_id` among `ids`: plain equality for one id. The embedded FerretDB pushes an `_id` equality down to its
 * store but evaluates `$in` on every document (measured: 5 ms against 70 ms with 300 workshops).
 */
const idFilter = (ids: readonly string[]) => {
  const list = objectIds(ids);
  return list.length === 1 ? { _id: list[0] } : { _id: { $in: list } };
};

async function coursesById(ids: readonly string[]): Promise<Map<string, Lean<Course>>> {
  const list = ids.length ? await CourseModel.find(idFilter(ids)).lean() : [];
  return new Map(list.map((c) => [String(c._id), c]));
}

export async function workshopNames(ids: readonly string[]): Promise<Map<string, { id: string; name: string }>> {
  const list = ids.length ? await WorkshopModel.find(idFilter(ids), { name: 1 }).lean() : [];
  return new Map(list.map((w) => [String(w._id), { id: String(w._id), name: w.name }]));
}

export async function sessionViews(services: ViewServices, sessions: readonly Lean<TrainingSession>[], course?: Lean<Course>): Promise<SessionView[]> {
  const courses = course ? new Map([[String(course._id), course]]) : await coursesById(sessions.map((s) => s.courseId));
  return sessions.flatMap((s) => {
    const c = courses.get(s.courseId);
    return c ? [presentSession(s, c, services.regions)] : [];
  });
}

export async function sessionView(services: ViewServices, s: Lean<TrainingSession>): Promise<SessionView> {
  return (await sessionViews(services, [s]))[0];
}

/** The owner's bookings with their sessions, courses and workshops. */
export async function bookingViews(services: ViewServices, bookings: readonly Lean<Booking>[], known?: { id: string; name: string }): Promise<BookingView[]> {
  if (!bookings.length) return [];
  const sessions = await TrainingSessionModel.find(idFilter(bookings.map((b) => b.sessionId))).lean();
  const [views, workshops] = await Promise.all([
    sessionViews(services, sessions),
    known && bookings.every((b) => b.workshopId === known.id) ? new Map([[known.id, known]]) : workshopNames(bookings.map((b) => b.workshopId)),
  ]);
  const byId = new Map(views.map((v) => [v.id, v]));
  return bookings.flatMap((b) => {
    const s = byId.get(b.sessionId);
    return s ? [presentBooking(b, s, workshops.get(b.workshopId) ?? { id: b.workshopId, name: '（作坊已注销）' })] : [];
  });
}

export async function rosterEntries(bookings: readonly Lean<Booking>[]) {
  const workshops = await workshopNames(bookings.map((b) => b.workshopId));
  return bookings.map((b) => presentRosterEntry(b, workshops.get(b.workshopId) ?? { id: b.workshopId, name: '（作坊已注销）' }));
}
