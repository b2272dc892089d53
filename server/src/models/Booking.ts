import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { BOOKING_STATUSES } from '@shared/domain/training';
import { owedFields } from '../db/owed';

// A booking (报名) of one attendee of a workshop for one session, moving like a pretix order
// (shared/src/domain/training.ts). Whether it holds a seat is decided on the session (its `holders`).
const BookingSchema = new Schema(
  {
    sessionId: { type: String, required: true },
    courseId: { type: String, required: true },
    workshopId: { type: String, required: true },
    /** Who booked (the workshop's owner). */
    ownerId: { type: String, required: true },
    attendeeName: { type: String, required: true },
    attendeePhoneEnc: { type: String, required: true },
    attendeePhoneMasked: { type: String, required: true },
    /**
     * "<session>:<keyed hash of the phone>" while the booking is alive, "closed:<id>" after: one live
     * booking per attendee and session (unique), and a cancelled attendee may book again.
     */
    activeKey: { type: String, required: true, unique: true },
    status: { type: String, enum: BOOKING_STATUSES, required: true },
    feeFen: { type: Number, required: true },
    holdUntil: { type: Date, default: null },
    offerUntil: { type: Date, default: null },
    /** Place in line ($inc sequence per session): set when waitlisted, kept for the record. */
    waitlistPosition: { type: Number, default: null },
    /** What the attendee's QR carries (unguessable, unique). */
    checkInCode: { type: String, required: true, unique: true },
    checkedInAt: { type: Date, default: null },
    certificateNo: { type: String, default: null },
    /** The course's test: tries used (one conditional $inc per try, never past the course's maxTries), passed. */
    quizTries: { type: Number, default: 0 },
    quizPassed: { type: Boolean, default: false },
    quizPassedAt: { type: Date, default: null },
    quizAttempts: { type: [{ _id: false, at: Date, percent: Number, passed: Boolean }], default: [] },
    cancelledAt: { type: Date, default: null },
    /** Payment and refund (WeChat Pay), filled by the payment commands. */
    payment: {
      type: new Schema({
        status: { type: String, enum: ['unpaid', 'paid', 'refunding', 'refunded'], required: true },
        amountFen: { type: Number, required: true },
        refundFen: { type: Number, default: null },
        /** The order that paid (or whose late payment is being refunded), and the refund's key ('CANCEL', 'LATE'). */
        outTradeNo: { type: String, default: null },
        paidAt: { type: Date, default: null },
        refundKey: { type: String, default: null },
        /** Refunds already recorded here (out_refund_no): a refund notification applies once. */
        refundNos: { type: [String], default: [] },
        /** Payment events already written to the timeline (e.g. a second payment refunded): each once. */
        events: { type: [String], default: [] },
      }, { _id: false }),
      default: null,
    },
    timeline: { type: [{ _id: false, at: Date, title: String }], default: [] },
    demo: { type: Boolean, default: false },
    ...owedFields,
  },
  { timestamps: true, collection: 'bookings' },
);
BookingSchema.index({ sessionId: 1, status: 1, waitlistPosition: 1 }); // next in line; roster by status; finishing
BookingSchema.index({ sessionId: 1, createdAt: 1 }); // roster
BookingSchema.index({ ownerId: 1, createdAt: -1 }); // my bookings
BookingSchema.index({ status: 1, holdUntil: 1 }); // expiry job: unpaid holds
BookingSchema.index({ status: 1, offerUntil: 1 }); // expiry job: unanswered offers

export type Booking = InferSchemaType<typeof BookingSchema>;
export type BookingDoc = HydratedDocument<Booking>;
export const BookingModel = mongoose.model('Booking', BookingSchema);
