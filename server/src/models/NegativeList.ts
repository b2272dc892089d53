import mongoose, { Schema, type InferSchemaType } from 'mongoose';

// 禁止生产食品目录, one document per region ("" is the national default). An application is
// checked against its region's list and every list above it.
const NegativeListSchema = new Schema(
  {
    region: { type: String, required: true, unique: true },
    items: { type: [{ _id: false, item: String, keywords: [String], reason: String }], default: [] },
    updatedBy: { type: String, default: null },
  },
  { timestamps: true },
);

export type NegativeList = InferSchemaType<typeof NegativeListSchema>;
export const NegativeListModel = mongoose.model('NegativeList', NegativeListSchema);
