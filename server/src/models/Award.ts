import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { AWARD_STATUSES, PROGRAM_KINDS } from '@shared/domain/programs';
import { owedFields } from '../db/owed';

// A program award (称号) of a workshop: granted once per application (applicationId unique), shown as a
// badge on the public credit file while active or flagged; revoked with a reason, and kept with its history.
const AwardSchema = new Schema(
  {
    applicationId: { type: String, required: true, unique: true },
    programId: { type: String, required: true },
    programName: { type: String, required: true },
    kind: { type: String, enum: PROGRAM_KINDS, required: true },
    badge: { type: String, required: true },
    workshopId: { type: String, required: true },
    workshopName: { type: String, required: true },
    region: { type: String, required: true },
    issuer: { type: String, required: true },
    grantedAt: { type: Date, required: true },
    validUntil: { type: Date, required: true },
    status: { type: String, enum: AWARD_STATUSES, default: 'active' },
    /** Serious violations that flagged it for review (a penalty, a failed sample), once per record. */
    flags: { type: [{ _id: false, at: Date, reason: String, ref: String }], default: [] },
    revokedAt: { type: Date, default: null },
    revokedBy: { type: String, default: null },
    revokeReason: { type: String, default: null },
    history: { type: [{ _id: false, at: Date, title: String, by: { type: String, default: null } }], default: [] },
    /** Heritage story page (技艺、传承人、历史、照片). */
    story: {
      type: new Schema({ technique: String, inheritor: String, history: String, photos: { type: [String], default: [] } }, { _id: false }),
      default: null,
    },
    /** An inheritor's teaching (传艺授徒) for the yearly subsidy. */
    teaching: { type: [{ _id: false, date: String, apprentices: [String], hours: Number, note: { type: String, default: null }, at: Date }], default: [] },
    demo: { type: Boolean, default: false },
    ...owedFields,
  },
  { timestamps: true },
);
AwardSchema.index({ workshopId: 1, status: 1 }); // a workshop's awards (flagging, badge removal)
AwardSchema.index({ status: 1, validUntil: 1 }); // the expiry job
AwardSchema.index({ status: 1, grantedAt: -1, region: 1 }); // public list by region prefix; flagged list
AwardSchema.index({ status: 1, region: 1 }); // its count
AwardSchema.index({ programId: 1, status: 1, grantedAt: -1, region: 1 }); // … of one program
AwardSchema.index({ programId: 1, status: 1, region: 1 }); // its count
AwardSchema.index({ kind: 1, status: 1, grantedAt: -1, region: 1 }); // … of a kind (heritage gallery)
AwardSchema.index({ kind: 1, status: 1, region: 1 }); // its count

export type Award = InferSchemaType<typeof AwardSchema>;
export type AwardDoc = HydratedDocument<Award>;
export const AwardModel = mongoose.model('Award', AwardSchema);
