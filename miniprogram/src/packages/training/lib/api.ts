// Typed calls of the training API. Type-only imports of the shared schemas: the response types stay exact
// without bundling zod (only the booking form's validation imports schemas at runtime).
import type {
  BookBody, BookingList, BookingResponse, BookingView, CheckInBody, CheckInResponse, CoursePage, CourseResponse, CreateCourseBody, CreateSessionBody,
  RosterResponse, SessionResponse, SessionView, TrainingCertificateView, UpdateSessionBody,
} from '@shared/schemas/training';
import type { CourseCategory } from '@shared/domain/training';
import type { PayChannel } from '@shared/domain/trainingPayment';
import type { PayBookingResponse, PayStartView } from '@shared/schemas/trainingPayment';
import type { z } from 'zod';
import { api } from '@/services/request';

export type { BookingView, PayStartView, SessionView };
export type CourseSummary = z.infer<typeof CoursePage>['data'][number];
export type CourseDetail = z.infer<typeof CourseResponse>['data'];
export type Roster = z.infer<typeof RosterResponse>['data'];
export type RosterEntry = Roster['entries'][number];
export type CheckInResult = z.infer<typeof CheckInResponse>['data'][number];
export type TrainingCertificate = z.infer<typeof TrainingCertificateView>;
export type Scan = CheckInBody['scans'][number];
/** One row of GET /workshops/mine (only what the booking form needs). */
export interface MyWorkshopRow { workshop: { id: string; name: string } }

// Pages show their own state for a failed load; the toast is for actions.
const quiet = { toast: false } as const;
type Session = z.infer<typeof SessionResponse>;
type Booking = z.infer<typeof BookingResponse>;

export const trainingApi = {
  courses: (q: { page: number; category?: CourseCategory; region?: string; mine?: '1' }) =>
    api.get<z.infer<typeof CoursePage>>('/courses', { ...q, pageSize: 20 }, quiet),
  course: (id: string) => api.get<z.infer<typeof CourseResponse>>(`/courses/${id}`, undefined, quiet).then((r) => r.data),
  session: (id: string) => api.get<Session>(`/sessions/${id}`, undefined, quiet).then((r) => r.data),
  myWorkshops: () => api.get<{ data: MyWorkshopRow[] }>('/workshops/mine', undefined, quiet).then((r) => r.data ?? []),
  book: (sessionId: string, body: BookBody) => api.post<Booking>(`/sessions/${sessionId}/bookings`, body, { loading: '提交中' }).then((r) => r.data),
  mine: () => api.get<z.infer<typeof BookingList>>('/bookings/mine', undefined, quiet).then((r) => r.data ?? []),
  cancel: (id: string) => api.post<Booking>(`/bookings/${id}/cancel`, undefined, { loading: '提交中' }).then((r) => r.data),
  pay: (id: string, channel: PayChannel) => api.post<z.infer<typeof PayBookingResponse>>(`/bookings/${id}/pay`, { channel }, { loading: '正在下单' }).then((r) => r.data),
  acceptOffer: (id: string) => api.post<Booking>(`/bookings/${id}/accept-offer`, undefined, { loading: '提交中' }).then((r) => r.data),
  verify: (no: string) =>
    api.get<TrainingCertificate>(`/certificates/training/${encodeURIComponent(no)}/verify`, undefined, { toast: false, authRedirect: false }),
  // trainer
  createCourse: (body: CreateCourseBody) => api.post<z.infer<typeof CourseResponse>>('/courses', body, { loading: '保存中' }).then((r) => r.data),
  createSession: (body: CreateSessionBody) => api.post<Session>('/sessions', body, { loading: '保存中' }).then((r) => r.data),
  updateSession: (id: string, body: UpdateSessionBody) => api.patch<Session>(`/sessions/${id}`, body, { loading: '提交中' }).then((r) => r.data),
  roster: (id: string) => api.get<z.infer<typeof RosterResponse>>(`/sessions/${id}/roster`, undefined, quiet).then((r) => r.data),
  checkIn: (id: string, scans: Scan[]) =>
    api.post<z.infer<typeof CheckInResponse>>(`/sessions/${id}/check-ins`, { scans }, { toast: false }).then((r) => r.data),
  finish: (id: string) => api.post<Session>(`/sessions/${id}/finish`, undefined, { loading: '提交中' }).then((r) => r.data),
};
