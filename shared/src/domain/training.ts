// Training (DOMAIN.md §4): courses, sessions, bookings. Bookings move like pretix orders: a seat is held
// while paying, confirmed, or the booking waits in line; a freed seat is offered to the next in line.
export const COURSE_CATEGORIES = ['law', 'practice', 'labeling', 'additives', 'other'] as const;
export type CourseCategory = (typeof COURSE_CATEGORIES)[number];
export const COURSE_CATEGORY_LABELS: Record<CourseCategory, string> = {
  law: '法律法规',
  practice: '操作规范',
  labeling: '标签标识',
  additives: '食品添加剂',
  other: '其他',
};

export const SESSION_STATUSES = ['draft', 'open', 'finished', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export const SESSION_STATUS_LABELS: Record<SessionStatus, string> = {
  draft: '草稿（未发布）',
  open: '报名中',
  finished: '已结束',
  cancelled: '已取消',
};

/** Refund of a paid booking cancelled before the cancellation deadline (after it, no cancellation). */
export const REFUND_RULES = ['full', 'half', 'none'] as const;
export type RefundRule = (typeof REFUND_RULES)[number];
export const REFUND_RULE_LABELS: Record<RefundRule, string> = {
  full: '截止时间前取消全额退款',
  half: '截止时间前取消退还50%',
  none: '报名后不退款',
};
export const refundFen = (rule: RefundRule, paidFen: number) => (rule === 'full' ? paidFen : rule === 'half' ? Math.floor(paidFen / 2) : 0);

/**
 * held: seat held while paying;
 * confirmed: has a seat; waitlisted: in line; offered: a freed seat is reserved for it until offerUntil;
 * attended: checked in; absent: had a seat, did not come; cancelled: by the owner (or the session was
 * cancelled); expired: an unpaid hold, an unanswered offer, or still waiting when the session ended.
 */
export const BOOKING_STATUSES = ['held', 'confirmed', 'waitlisted', 'offered', 'attended', 'absent', 'cancelled', 'expired'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
export const BOOKING_STATUS_LABELS: Record<BookingStatus, string> = {
  held: '待支付（座位保留15分钟）',
  confirmed: '报名成功',
  waitlisted: '候补中',
  offered: '候补递补，待确认',
  attended: '已签到',
  absent: '未到场',
  cancelled: '已取消',
  expired: '已失效',
};

/** A seat is held for a paying booking this long; an offer to the next in line lasts this long. */
export const HOLD_MINUTES = 15;
export const OFFER_HOURS = 24;

/** Bookings that occupy a seat of the session (the session's `holders`). */
export const SEAT_STATUSES: readonly BookingStatus[] = ['held', 'confirmed', 'offered', 'attended'];
/** Bookings still alive: one per attendee and session. */
export const ACTIVE_BOOKING_STATUSES: readonly BookingStatus[] = ['held', 'confirmed', 'waitlisted', 'offered'];

// --- the status machine: one table for the server's conditional updates and the app's buttons ---------

export const BOOKING_ACTIONS = ['pay', 'offer', 'accept', 'cancel', 'expireHold', 'expireOffer', 'checkIn', 'finishAbsent', 'finishExpire'] as const;
export type BookingAction = (typeof BOOKING_ACTIONS)[number];

/** From which statuses each action moves a booking, and to which. `accept` goes to held on a paid session. */
export const BOOKING_TRANSITIONS: Record<BookingAction, { from: readonly BookingStatus[]; to: BookingStatus }> = {
  pay: { from: ['held'], to: 'confirmed' },
  offer: { from: ['waitlisted'], to: 'offered' },
  accept: { from: ['offered'], to: 'confirmed' },
  cancel: { from: ['held', 'confirmed', 'waitlisted', 'offered'], to: 'cancelled' },
  expireHold: { from: ['held'], to: 'expired' },
  expireOffer: { from: ['offered'], to: 'expired' },
  checkIn: { from: ['confirmed'], to: 'attended' },
  finishAbsent: { from: ['confirmed'], to: 'absent' },
  finishExpire: { from: ['held', 'waitlisted', 'offered'], to: 'expired' },
};

export const canDo = (action: BookingAction, status: string) => (BOOKING_TRANSITIONS[action].from as readonly string[]).includes(status);

/** Where a new booking lands: a seat (held while paying, or confirmed when free) or the waitlist. */
export const placedStatus = (gotSeat: boolean, feeFen: number): BookingStatus => (!gotSeat ? 'waitlisted' : feeFen > 0 ? 'held' : 'confirmed');

/**
 * Cancellation rule: a booking with a seat (confirmed, or held while paying) only before the session's
 * cancellation deadline; waiting or offered bookings until the session starts.
 */
export function cancelProblem(status: string, now: Date, s: { cancelDeadline: Date; startsAt: Date }): string | null {
  if (!canDo('cancel', status)) return `报名当前状态为“${BOOKING_STATUS_LABELS[status as BookingStatus] ?? status}”，不能取消`;
  const until = status === 'confirmed' || status === 'held' ? s.cancelDeadline : s.startsAt;
  return now >= until ? '已过取消截止时间，不能取消报名' : null;
}

export const fenToYuan = (fen: number) => (fen === 0 ? '免费' : `${(fen / 100).toFixed(2)}元`);
