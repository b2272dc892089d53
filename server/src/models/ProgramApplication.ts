import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { APPLICATION_STATUSES, OBJECTION_STATUSES } from '@shared/domain/programs';
import { owedFields } from '../db/owed';

// A workshop's application to a program for one year. `key` is unique while the application lives
// ("<program>:<workshop>:<year>"), and becomes "withdrawn:<id>" when the applicant withdraws, so one live
// application per workshop, program and year however many requests race.
const ProgramApplicationSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    programId: { type: String, required: true },
    workshopId: { type: String, required: true },
    workshopName: { type: String, required: true },
    /** The applicant (the workshop's owner); null for a demo record of a workshop without an account. */
    ownerId: { type: String, default: null },
    /** The workshop's region (township or county): review jurisdiction and the county quota. */
    region: { type: String, required: true },
    year: { type: Number, required: true },
    status: { type: String, enum: APPLICATION_STATUSES, required: true },
    statement: { type: String, required: true },
    materials: { type: [{ _id: false, code: String, fileId: String }], default: [] },
    submittedAt: { type: Date, required: true },
    scores: {
      type: [{ _id: false, reviewerId: String, reviewerName: String, score: Number, comment: { type: String, default: null }, at: Date, items: { type: [{ _id: false, name: String, score: Number, max: Number }], default: undefined } }],
      default: [],
    },
    /** The eligibility check as it stood when the application was submitted (what the reviewers start from). */
    eligibility: {
      type: new Schema({ at: Date, eligible: Boolean, rules: { type: [Schema.Types.Mixed], default: [] } }, { _id: false }),
      default: null,
    },
    questions: {
      type: [{ _id: false, id: String, question: String, askedBy: String, askedAt: Date, answer: { type: String, default: null }, answeredAt: { type: Date, default: null }, materials: { type: [String], default: [] } }],
      default: [],
    },
    /** Objections during the notice: tip-offs (kind violation) about the workshop, linked here. */
    objections: {
      type: [{ _id: false, tipoffId: String, caseId: String, receiptCode: String, status: { type: String, enum: OBJECTION_STATUSES }, at: Date, note: { type: String, default: null }, by: { type: String, default: null } }],
      default: [],
    },
    /** Objections not yet handled: the award waits while this is above 0. */
    openObjections: { type: Number, default: 0 },
    /** Bumped by every change of `scores`, `questions` or `objections`: one writer per version. */
    rev: { type: Number, default: 0 },
    quotaKey: { type: String, default: null },
    noticeFrom: { type: String, default: null },
    noticeUntil: { type: String, default: null },
    noticeEndsAt: { type: Date, default: null },
    decidedAt: { type: Date, default: null },
    decidedBy: { type: String, default: null },
    decisionNote: { type: String, default: null },
    /** Fixed when the grant is decided, so the owed award step creates this award and no other. */
    awardId: { type: String, default: null },
    awardedAt: { type: Date, default: null },
    timeline: { type: [{ _id: false, at: Date, title: String, by: { type: String, default: null } }], default: [] },
    demo: { type: Boolean, default: false },
    ...owedFields,
  },
  { timestamps: true, collection: 'program_applications' },
);
ProgramApplicationSchema.index({ ownerId: 1, submittedAt: -1 }); // "my applications"
ProgramApplicationSchema.index({ programId: 1, submittedAt: -1, region: 1 }); // a program's applications in a region prefix
ProgramApplicationSchema.index({ programId: 1, status: 1, submittedAt: -1, region: 1 }); // … filtered by status
ProgramApplicationSchema.index({ programId: 1, region: 1 }); // its count
ProgramApplicationSchema.index({ programId: 1, status: 1, region: 1 }); // its count by status
ProgramApplicationSchema.index({ programId: 1, status: 1, noticeEndsAt: 1 }); // the public notice list
ProgramApplicationSchema.index({ status: 1, openObjections: 1, noticeEndsAt: 1 }); // the granting job

export type ProgramApplication = InferSchemaType<typeof ProgramApplicationSchema>;
export type ProgramApplicationDoc = HydratedDocument<ProgramApplication>;
export const ProgramApplicationModel = mongoose.model('ProgramApplication', ProgramApplicationSchema);
