// A workshop's training hours in a window: the sum of its training certificates' hours by issue date. The
// public credit file shows it; the programs' eligibility rule "at least N training hours in the last 12
// months" reads it.
import { TrainingCertificateModel } from '../models/TrainingCertificate';
import { shanghaiDate } from './calendar';

export interface TrainingHours {
  workshopId: string;
  months: number;
  /** First day of the window (Beijing date, inclusive): the day `months` calendar months before `now`. */
  since: string;
  hours: number;
  certificates: { no: string; courseTitle: string; hours: number; sessionDate: string; issuedAt: Date }[];
}

/** `now` minus `months` calendar months (the same day of the month, clamped to its last day). Pure. */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** Hours of the certificates issued to the workshop's attendees in the last `months` months up to `now`. */
export async function trainingHours(workshopId: string, months = 12, now = new Date()): Promise<TrainingHours> {
  // Whole days: the answer (and its ETag) stays the same through a day.
  const since = shanghaiDate(monthsBefore(now, months));
  const list = await TrainingCertificateModel.find({ workshopId, issuedAt: { $gte: new Date(`${since}T00:00:00+08:00`), $lte: now } }, { courseTitle: 1, hours: 1, sessionDate: 1, issuedAt: 1 })
    .sort({ issuedAt: -1 }).limit(1000).lean();
  // Half hours add up exactly in tenths.
  const hours = Math.round(list.reduce((n, c) => n + c.hours * 10, 0)) / 10;
  return {
    workshopId, months, since, hours,
    certificates: list.map((c) => ({ no: String(c._id), courseTitle: c.courseTitle, hours: c.hours, sessionDate: c.sessionDate, issuedAt: c.issuedAt })),
  };
}
