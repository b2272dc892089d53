import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { REPAIR_STATUSES } from '@shared/domain/supervision';
import { owedFields } from '../db/owed';
import { reviewedRequestFields } from './ownerRequest';

// 行政处罚: published on the credit file (双公示) from the decision until credit repair or 3 years.
const PenaltySchema = new Schema(
  {
    /** 决定书文号: unique, so the same decision is never recorded twice. */
    decisionNumber: { type: String, required: true, unique: true },
    workshopId: { type: String, required: true, index: true },
    region: { type: String, required: true, index: true },
    facts: { type: String, required: true },
    basis: { type: String, required: true },
    outcome: { type: String, required: true },
    fineFen: { type: Number, default: null },
    decidedAt: { type: Date, required: true },
    publicityDays: { type: Number, required: true },
    publicityEnds: { type: Date, required: true },
    publicUntil: { type: Date, required: true },
    office: { type: String, required: true },
    createdBy: { type: String, required: true },
    repair: {
      status: { type: String, enum: REPAIR_STATUSES, default: 'none' },
      reason: { type: String, default: null },
      requestedAt: { type: Date, default: null },
      ...reviewedRequestFields,
    },
    demo: { type: Boolean, default: false },
    ...owedFields,
  },
  { timestamps: true },
);

PenaltySchema.index({ workshopId: 1, decidedAt: -1, _id: -1 }); // a workshop's penalties, newest first
PenaltySchema.index({ decidedAt: -1, _id: -1, region: 1 }); // staff list in a region prefix, newest first
PenaltySchema.index({ 'repair.status': 1, decidedAt: -1, _id: -1, region: 1 }); // staff list filtered by credit repair
PenaltySchema.index({ 'repair.status': 1, region: 1 }); // its count

export type Penalty = InferSchemaType<typeof PenaltySchema>;
export type PenaltyDoc = HydratedDocument<Penalty>;
export const PenaltyModel = mongoose.model('Penalty', PenaltySchema);
