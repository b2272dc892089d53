import mongoose, { Schema, type InferSchemaType } from 'mongoose';

// Append-only record of every state change and every view of confidential data.
const AuditEventSchema = new Schema(
  {
    at: { type: Date, default: () => new Date(), index: true },
    actorId: { type: String, default: null },
    actorRole: { type: String, default: null },
    action: { type: String, required: true },
    subjectType: { type: String, required: true },
    subjectId: { type: String, required: true },
    before: { type: Schema.Types.Mixed, default: null },
    after: { type: Schema.Types.Mixed, default: null },
    reason: { type: String, default: null },
    requestId: { type: String, default: null },
  },
  { versionKey: false },
);
AuditEventSchema.index({ subjectType: 1, subjectId: 1, at: -1 });

export type AuditEvent = InferSchemaType<typeof AuditEventSchema>;
export const AuditEventModel = mongoose.model('AuditEvent', AuditEventSchema);
