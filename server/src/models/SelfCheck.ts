import mongoose, { Schema, type InferSchemaType } from 'mongoose';

// 自查: the owner runs the same 10-item checklist; inspectors of the region read the history.
const SelfCheckSchema = new Schema(
  {
    workshopId: { type: String, required: true },
    region: { type: String, required: true },
    ownerId: { type: String, required: true },
    at: { type: Date, required: true },
    items: { type: [{ _id: false, code: String, result: String, note: { type: String, default: null }, photos: { type: [String], default: [] } }], default: [] },
    note: { type: String, default: null },
  },
  { versionKey: false },
);
SelfCheckSchema.index({ workshopId: 1, at: -1, _id: -1 }); // a workshop's self-checks, newest first

export type SelfCheck = InferSchemaType<typeof SelfCheckSchema>;
export const SelfCheckModel = mongoose.model('SelfCheck', SelfCheckSchema);
