import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { owedFields } from '../db/owed';

// A trainer's message to the attendees of a session (群发通知). `_id` is "<session>:<client messageId>": the
// same message sent twice is stored, and sent, once. The recipients are fixed when it is written; the
// owed step "notify" tells each of them once (one notice per recipient, keyed by this message).
const TrainingMessageSchema = new Schema(
  {
    _id: { type: String, required: true },
    sessionId: { type: String, required: true },
    messageId: { type: String, required: true },
    senderId: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    includeWaitlisted: { type: Boolean, default: false },
    /** Owners (user ids) with a booking of the session in the statuses told, de-duplicated. */
    recipients: { type: [String], default: [] },
    ...owedFields,
  },
  { timestamps: true, collection: 'training_messages' },
);

export type TrainingMessage = InferSchemaType<typeof TrainingMessageSchema>;
export type TrainingMessageDoc = HydratedDocument<TrainingMessage>;
export const TrainingMessageModel = mongoose.model('TrainingMessage', TrainingMessageSchema);
