import mongoose, { Schema, type InferSchemaType } from 'mongoose';

// One scan sent by a trainer's phone (pretixSCAN-like offline queue). scanId is the client's id of the scan:
// unique per session, so a scan sent again answers its first result and changes nothing.
const CheckInSchema = new Schema(
  {
    scanId: { type: String, required: true },
    sessionId: { type: String, required: true },
    bookingId: { type: String, default: null },
    attendeeName: { type: String, default: null },
    result: { type: String, enum: ['attended', 'already', 'unknown', 'not_allowed'], required: true },
    by: { type: String, required: true },
    scannedAt: { type: Date, required: true },
  },
  { timestamps: true, collection: 'training_checkins' },
);
CheckInSchema.index({ sessionId: 1, scanId: 1 }, { unique: true }); // a scan sent again is one scan

export type CheckIn = InferSchemaType<typeof CheckInSchema>;
export const CheckInModel = mongoose.model('CheckIn', CheckInSchema);
