import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { CREDIT_EVENT_TYPES } from '@shared/schemas/workshops';

// One public timeline per workshop (一户一档). Every feature that produces a public record appends
// here, so the credit file is one indexed read (FerretDB has no $lookup to merge collections).
const CreditEventSchema = new Schema(
  {
    workshopId: { type: String, required: true },
    type: { type: String, enum: CREDIT_EVENT_TYPES, required: true },
    at: { type: Date, required: true },
    title: { type: String, required: true },
    detail: { type: String, default: null },
    result: { type: String, default: null },
    source: { type: String, required: true },
    /** Where the record came from (e.g. "Inspection:<id>"), so an update replaces, never duplicates. */
    ref: { type: String, required: true, unique: true },
    /** Penalties leave the public file after their publicity period or a credit repair. */
    publicUntil: { type: Date, default: null },
    /** Structured public facts of the record (inspection: checklist and rectification status). */
    data: { type: Schema.Types.Mixed, default: null },
  },
  { versionKey: false },
);
CreditEventSchema.index({ workshopId: 1, at: -1 });
CreditEventSchema.index({ workshopId: 1, type: 1, result: 1, at: -1 }); // risk grade: verified tip-offs in the window

export type CreditEvent = InferSchemaType<typeof CreditEventSchema>;
export const CreditEventModel = mongoose.model('CreditEvent', CreditEventSchema);
