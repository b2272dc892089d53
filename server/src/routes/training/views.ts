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

async function coursesById(ids: readonly string[]): Promise<Map<string, Lean<Course>>> {
  const list = ids.length ? await CourseModel.find({ _id: { $in: objectIds(ids) } }).lean() : [];
  return new Map(list.map((c) => [String(c._id), c]));
}

export async function workshopNames(ids: readonly string[]): Promise<Map<string, { id: string; name: string }>> {
  const list = ids.length ? await WorkshopModel.find({ _id: { $in: objectIds(ids) } }, { name: 1 }).lean() : [];
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
export async function bookingViews(services: ViewServices, bookings: readonly Lean<Booking>[]): Promise<BookingView[]> {
  if (!bookings.length) return [];
  const sessions = await TrainingSessionModel.find({ _id: { $in: objectIds(bookings.map((b) => b.sessionId)) } }).lean();
  const [views, workshops] = await Promise.all([sessionViews(services, sessions), workshopNames(bookings.map((b) => b.workshopId))]);
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
