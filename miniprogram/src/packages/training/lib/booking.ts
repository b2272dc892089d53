// The 报名 form: what it holds, its checks (the shared schema's rules and messages), and what it sends.
import { BookBody } from '@shared/schemas/training';

export interface BookingForm { workshopId: string; name: string; phone: string }
export const emptyBookingForm = (): BookingForm => ({ workshopId: '', name: '', phone: '' });

/** Field → message, empty when the form can be sent. */
export function validateBooking(f: BookingForm): Partial<Record<keyof BookingForm, string>> {
  const errors: Partial<Record<keyof BookingForm, string>> = {};
  if (!f.workshopId) errors.workshopId = '请选择报名的作坊';
  if (!f.name.trim()) errors.name = '请填写参训人员姓名';
  if (!f.phone.trim()) errors.phone = '请填写参训人员手机号';
  const parsed = BookBody.safeParse(bookingBody(f));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] === 'workshopId' ? 'workshopId' : issue.path[1] === 'name' ? 'name' : issue.path[1] === 'phone' ? 'phone' : null;
      if (key && !errors[key]) errors[key] = issue.message;
    }
  }
  return errors;
}

export const bookingBody = (f: BookingForm): BookBody => ({ workshopId: f.workshopId, attendee: { name: f.name.trim(), phone: f.phone.trim() } });
