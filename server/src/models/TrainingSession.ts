import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { REFUND_RULES, SESSION_STATUSES } from '@shared/domain/training';
import { owedFields } from '../db/owed';

// One session (场次) of a course. Seats are counted here, and only here: `holders` lists the bookings that
// hold a seat and `seatsLeft` = capacity - holders.length, both changed in the same single-document update
// (take: {seatsLeft > 0, holders ≠ id} → $inc -1, $push id; release: {holders = id} → $inc +1, $pull id).
// Both are idempotent, so a command that dies half-way is finished by its owed steps without losing or
// doubling a seat.
const TrainingSessionSchema = new Schema(
  {
    courseId: { type: String, required: true },
    trainerId: { type: String, required: true },
    /** The course's region, copied: jurisdiction of the region's admins. */
    region: { type: String, required: true },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    place: {
      type: new Schema({ address: { type: String, required: true }, point: { lat: Number, lng: Number } }, { _id: false }),
      default: null,
    },
    onlineUrl: { type: String, default: null },
    capacity: { type: Number, required: true },
    seatsLeft: { type: Number, required: true },
    holders: { type: [String], default: [] },
    /** Seats taken for bookings being written (commands/training/seats.ts takeSeatForNew); normally empty. */
    placing: { type: [{ _id: false, id: String, at: Date }], default: [] },
    /** Offering free seats to the line: one run at a time (commands/training/seats.ts promote). */
    promoteDirty: { type: Boolean, default: false },
    promotingUntil: { type: Date, default: () => new Date(0) },
    feeFen: { type: Number, required: true },
    signupDeadline: { type: Date, required: true },
    cancelDeadline: { type: Date, required: true },
    refundRule: { type: String, enum: REFUND_RULES, default: 'full' },
    status: { type: String, enum: SESSION_STATUSES, default: 'draft' },
    finishedAt: { type: Date, default: null },
    cancelledAt: { type: Date, default: null },
    demo: { type: Boolean, default: false },
    ...owedFields,
  },
  { timestamps: true, collection: 'training_sessions' },
);
TrainingSessionSchema.index({ courseId: 1, startsAt: 1 }); // a course's sessions
TrainingSessionSchema.index({ 'placing.at': 1 }); // the job: placements interrupted by a crash
TrainingSessionSchema.index({ promotingUntil: 1 }); // the job: promotions whose holder died

export type TrainingSession = InferSchemaType<typeof TrainingSessionSchema>;
export type TrainingSessionDoc = HydratedDocument<TrainingSession>;
export const TrainingSessionModel = mongoose.model('TrainingSession', TrainingSessionSchema);
