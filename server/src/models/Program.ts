import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { PROGRAM_KINDS, PROGRAM_LEVELS, QUOTA_SCOPES, RULE_KINDS } from '@shared/domain/programs';

// A heritage or brand program (品牌、非遗项目) a bureau runs: who may apply (rules the code evaluates on the
// workshop's records), when (a yearly window), how many places a year, the review and the public notice.
const ProgramSchema = new Schema(
  {
    name: { type: String, required: true },
    kind: { type: String, enum: PROGRAM_KINDS, required: true },
    description: { type: String, default: '' },
    /** The text of the badge on the public credit file. */
    badge: { type: String, required: true },
    /** The issuing region (2, 4 or 6 digits): its level, and the region whose workshops may apply. */
    region: { type: String, required: true },
    level: { type: String, enum: PROGRAM_LEVELS, required: true },
    issuer: { type: String, required: true },
    quota: { perYear: { type: Number, required: true }, scope: { type: String, enum: QUOTA_SCOPES, default: 'program' } },
    applyFrom: { type: String, required: true }, // YYYY-MM-DD, Asia/Shanghai, inclusive
    applyUntil: { type: String, required: true },
    materials: { type: [{ _id: false, code: String, label: String, required: Boolean }], default: [] },
    rules: {
      type: [{
        _id: false, kind: { type: String, enum: RULE_KINDS, required: true },
        months: Number, grades: { type: [String], default: undefined }, hours: Number, categories: { type: [String], default: undefined }, years: Number, days: Number,
      }],
      default: [],
    },
    reviewSteps: { type: [String], default: [] },
    minScores: { type: Number, default: 1 },
    /** Public notice (公示) in working days. */
    noticeDays: { type: Number, default: 5 },
    validityYears: { type: Number, default: 3 },
    subsidy: { type: new Schema({ fenPerYear: { type: Number, required: true }, requiredHours: { type: Number, required: true } }, { _id: false }), default: null },
    /** What flags an award for review: a penalty with at least this fine (null: none), a failed sample of these items ([] any, null none). */
    revokeOn: {
      penaltyMinFineFen: { type: Number, default: 0 },
      failedSampleItems: { type: [String], default: [] },
    },
    active: { type: Boolean, default: true },
    createdBy: { type: String, default: null },
    demo: { type: Boolean, default: false },
  },
  { timestamps: true },
);
ProgramSchema.index({ active: 1, region: 1 }); // programs that reach a region (its own and the regions above)
ProgramSchema.index({ active: 1, kind: 1, region: 1 }); // … of one kind
ProgramSchema.index({ region: 1 }); // an admin's programs: region prefix
ProgramSchema.index({ kind: 1, region: 1 }); // … of one kind

export type Program = InferSchemaType<typeof ProgramSchema>;
export type ProgramDoc = HydratedDocument<Program>;
export const ProgramModel = mongoose.model('Program', ProgramSchema);
