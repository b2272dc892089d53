import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { FOLLOW_UP_STATUSES, SAMPLE_RESULTS } from '@shared/domain/supervision';
import { owedFields } from '../db/owed';

// 监督抽检: one sample with its lab result; a failed one carries its follow-up (后处理) until closed.
const SampleSchema = new Schema(
  {
    clientId: { type: String, required: true, unique: true },
    workshopId: { type: String, required: true, index: true },
    region: { type: String, required: true, index: true },
    product: { type: String, required: true },
    batch: { type: String, required: true },
    items: { type: [String], default: [] },
    sampledAt: { type: String, required: true }, // YYYY-MM-DD
    at: { type: Date, required: true },
    lab: { type: String, default: null },
    reportNo: { type: String, default: null },
    result: { type: String, enum: SAMPLE_RESULTS, required: true },
    failedItems: { type: [String], default: [] },
    office: { type: String, required: true },
    inspectorId: { type: String, required: true },
    followUp: {
      status: { type: String, enum: FOLLOW_UP_STATUSES, default: 'none' },
      due: { type: String, default: null },
      dueAt: { type: Date, default: null },
      disposal: { type: String, default: null },
      photos: { type: [String], default: [] },
      closedAt: { type: Date, default: null },
      closedBy: { type: String, default: null },
    },
    demo: { type: Boolean, default: false },
    ...owedFields,
  },
  { timestamps: true },
);
SampleSchema.index({ 'followUp.status': 1, 'followUp.dueAt': 1, _id: 1, region: 1 }); // inspector tasks
SampleSchema.index({ 'followUp.status': 1, region: 1 }); // its count
SampleSchema.index({ workshopId: 1, at: -1, _id: -1 }); // a workshop's samples, newest first
SampleSchema.index({ at: -1, _id: -1, region: 1 }); // staff list in a region prefix, newest first
SampleSchema.index({ 'followUp.status': 1, at: -1, _id: -1, region: 1 }); // staff list filtered by follow-up
SampleSchema.index({ result: 1, at: -1, _id: -1, region: 1 }); // staff list filtered by result
SampleSchema.index({ result: 1, region: 1 }); // its count
SampleSchema.index({ 'followUp.status': 1, result: 1, at: -1, _id: -1, region: 1 }); // both filters at once
SampleSchema.index({ 'followUp.status': 1, result: 1, region: 1 }); // its count
SampleSchema.index({ region: 1, at: 1 }); // dashboard: a region's samples in a period

export type Sample = InferSchemaType<typeof SampleSchema>;
export type SampleDoc = HydratedDocument<Sample>;
export const SampleModel = mongoose.model('Sample', SampleSchema);
