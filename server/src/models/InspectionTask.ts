import mongoose, { Schema, type InferSchemaType } from 'mongoose';

// A planned inspection (计划检查), today made by 双随机 draws: one per drawn workshop and inspector pair.
const InspectionTaskSchema = new Schema(
  {
    /** "<drawId>:<workshopId>": unique, so a retried draw cannot plan the same visit twice. */
    key: { type: String, required: true, unique: true },
    workshopId: { type: String, required: true, index: true },
    region: { type: String, required: true, index: true },
    inspectorIds: { type: [String], default: [], index: true },
    drawId: { type: String, default: null },
    title: { type: String, required: true },
    due: { type: String, required: true }, // YYYY-MM-DD
    status: { type: String, enum: ['planned', 'done'], default: 'planned' },
    inspectionId: { type: String, default: null },
    demo: { type: Boolean, default: false },
  },
  { timestamps: true },
);

InspectionTaskSchema.index({ inspectorIds: 1, status: 1, due: 1, _id: 1 }); // an inspector's planned tasks
InspectionTaskSchema.index({ workshopId: 1, status: 1, inspectorIds: 1 }); // an inspection closes its task

export type InspectionTask = InferSchemaType<typeof InspectionTaskSchema>;
export const InspectionTaskModel = mongoose.model('InspectionTask', InspectionTaskSchema);
