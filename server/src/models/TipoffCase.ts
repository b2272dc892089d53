import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { TIPOFF_KINDS, TIPOFF_RESULTS, TIPOFF_STATUSES } from '@shared/domain/tipoff';

const DeadlineSchema = new Schema(
  {
    due: { type: String, required: true }, // YYYY-MM-DD, Asia/Shanghai
    dueAt: { type: Date, required: true }, // end of that day
    estimated: { type: Boolean, default: false },
  },
  { _id: false },
);

// One case per reported site: the reports about it (Tipoff) point here. Staff work on cases; the
// reporters' identities are in TipoffReporter and never on this document.
const TipoffCaseSchema = new Schema(
  {
    kind: { type: String, enum: TIPOFF_KINDS, required: true },
    status: { type: String, enum: TIPOFF_STATUSES, required: true, default: 'submitted' },
    /** Township or county code of the reported place: the jurisdiction key. */
    region: { type: String, required: true, index: true },
    /** Its county (6 digits): grouping looks for open cases here by equality. */
    county: { type: String, required: true, index: true },
    address: { type: String, default: null },
    location: { lat: { type: Number, default: null }, lng: { type: Number, default: null } },
    workshopId: { type: String, default: null, index: true },
    reportCount: { type: Number, default: 1 },
    acceptDeadline: { type: DeadlineSchema, required: true },
    closeDeadline: { type: DeadlineSchema, default: null },
    /** The deadline that runs now (accept, then close), for the inbox order and the overdue job. */
    dueAt: { type: Date, default: null, index: true },
    extended: { type: Boolean, default: false },
    extensionReason: { type: String, default: null },
    escalated: { accept: { type: Boolean, default: false }, close: { type: Boolean, default: false } },
    handlerId: { type: String, default: null },
    acceptedAt: { type: Date, default: null },
    decidedAt: { type: Date, default: null },
    declineReason: { type: String, default: null },
    outcome: {
      type: new Schema(
        {
          result: { type: String, enum: TIPOFF_RESULTS, required: true },
          publicReason: { type: String, required: true },
          note: { type: String, default: null },
          closedAt: { type: Date, required: true },
          by: { type: String, required: true },
        },
        { _id: false },
      ),
      default: null,
    },
    timeline: { type: [{ _id: false, at: Date, title: String, note: String, by: String }], default: [] },
    demo: { type: Boolean, default: false },
  },
  { timestamps: true, collection: 'tipoff_cases' },
);
TipoffCaseSchema.index({ status: 1, dueAt: 1 });

export type TipoffCase = InferSchemaType<typeof TipoffCaseSchema>;
export type TipoffCaseDoc = HydratedDocument<TipoffCase>;
export const TipoffCaseModel = mongoose.model('TipoffCase', TipoffCaseSchema);
