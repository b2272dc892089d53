import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { INSPECTION_RESULTS, RECTIFICATION_STATUSES } from '@shared/domain/supervision';
import { owedFields } from '../db/owed';
import { reviewedRequestFields } from './ownerRequest';

const ChecklistEntry = new Schema({ code: String, result: String, note: { type: String, default: null }, photos: { type: [String], default: [] } }, { _id: false });

// 日常监督检查: one document per inspection, recorded on site (often queued offline). The client's id is
// unique, so a queued submission sent twice is stored once (FerretDB enforces unique indexes).
const InspectionSchema = new Schema(
  {
    clientId: { type: String, required: true, unique: true },
    workshopId: { type: String, required: true, index: true },
    /** The workshop's region, denormalised: the jurisdiction key for lists and the dashboard. */
    region: { type: String, required: true, index: true },
    date: { type: String, required: true }, // YYYY-MM-DD, Asia/Shanghai
    at: { type: Date, required: true },
    inspectorIds: { type: [String], default: [], index: true },
    office: { type: String, required: true },
    items: { type: [ChecklistEntry], default: [] },
    result: { type: String, enum: INSPECTION_RESULTS, required: true },
    note: { type: String, default: null },
    taskId: { type: String, default: null },
    rectification: {
      status: { type: String, enum: RECTIFICATION_STATUSES, default: 'none' },
      deadline: { type: String, default: null }, // YYYY-MM-DD
      deadlineAt: { type: Date, default: null }, // end of that day in Shanghai, for overdue queries
      note: { type: String, default: null },
      submittedAt: { type: Date, default: null },
      ...reviewedRequestFields,
    },
    demo: { type: Boolean, default: false },
    ...owedFields,
  },
  { timestamps: true },
);
InspectionSchema.index({ workshopId: 1, at: -1, _id: -1 }); // a workshop's inspections, newest first
InspectionSchema.index({ 'rectification.status': 1, 'rectification.deadlineAt': 1, _id: 1, region: 1 }); // inspector tasks
InspectionSchema.index({ 'rectification.status': 1, region: 1, 'rectification.deadlineAt': 1 }); // counts, overdue (dashboard)
InspectionSchema.index({ at: -1, _id: -1, region: 1 }); // staff list in a region prefix, newest first
InspectionSchema.index({ 'rectification.status': 1, at: -1, _id: -1, region: 1 }); // staff list filtered by rectification
InspectionSchema.index({ result: 1, at: -1, _id: -1, region: 1 }); // staff list filtered by result
InspectionSchema.index({ result: 1, region: 1 }); // its count
InspectionSchema.index({ 'rectification.status': 1, result: 1, at: -1, _id: -1, region: 1 }); // both filters at once
InspectionSchema.index({ 'rectification.status': 1, result: 1, region: 1 }); // its count
InspectionSchema.index({ region: 1, at: 1 }); // dashboard trends: a region's inspections in a period

export type Inspection = InferSchemaType<typeof InspectionSchema>;
export type InspectionDoc = HydratedDocument<Inspection>;
export const InspectionModel = mongoose.model('Inspection', InspectionSchema);
