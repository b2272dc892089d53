import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { TIPOFF_KINDS, TIPOFF_RESULTS, TIPOFF_STATUSES } from '@shared/domain/tipoff';
import { owedFields } from '../db/owed';

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
    /** The reports counted in reportCount (the case step adds each once). */
    reportIds: { type: [String], default: [] },
    /**
     * What groups reports into this case while it is open ("w:<workshop>", "g:<county>:<100 m cell>",
     * "a:<county>:<address>"); "closed:<id>" once closed. Unique: find-or-create is one upsert.
     */
    groupKey: { type: String, required: true, unique: true },
    /** A new black workshop to record on closing (the "blackWorkshop" owed step). */
    blackWorkshop: { type: Schema.Types.Mixed, default: null },
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
    ...owedFields,
  },
  { timestamps: true, collection: 'tipoff_cases' },
);
TipoffCaseSchema.index({ status: 1, dueAt: 1, createdAt: 1, _id: 1, region: 1 }); // staff queue by deadline, region prefix
TipoffCaseSchema.index({ status: 1, region: 1, dueAt: 1 }); // queue counts, overdue counts
TipoffCaseSchema.index({ status: 1, 'escalated.accept': 1, dueAt: 1 }); // escalation job, acceptance step
TipoffCaseSchema.index({ status: 1, 'escalated.close': 1, dueAt: 1 }); // escalation job, outcome step
TipoffCaseSchema.index({ county: 1, status: 1, createdAt: 1 }); // open cases of a county: joining a new report
TipoffCaseSchema.index({ region: 1, createdAt: 1 }); // dashboard: a region's cases in a period

export type TipoffCase = InferSchemaType<typeof TipoffCaseSchema>;
export type TipoffCaseDoc = HydratedDocument<TipoffCase>;
export const TipoffCaseModel = mongoose.model('TipoffCase', TipoffCaseSchema);
