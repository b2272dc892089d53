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
    /** The region the event concerns (the subject's, else the actor's): admins read the trail of their region. */
    region: { type: String, default: null },
    /** The part of the action before the dot (shared/domain/audit.ts), for the trail's filter. */
    kind: { type: String, default: null },
  },
  { versionKey: false },
);
AuditEventSchema.index({ subjectType: 1, subjectId: 1, at: -1 });
// 操作记录 (GET /audit-events): newest first inside a region prefix, optionally of one kind; the counts use
// the same keys (the region and date ranges checked on the index keys).
AuditEventSchema.index({ at: -1, region: 1 });
AuditEventSchema.index({ kind: 1, at: -1, region: 1 });

export type AuditEvent = InferSchemaType<typeof AuditEventSchema>;
export const AuditEventModel = mongoose.model('AuditEvent', AuditEventSchema);
