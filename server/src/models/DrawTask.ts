import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { DRAW_STATUSES } from '@shared/domain/supervision';
import { owedFields } from '../db/owed';

// 双随机 task. The seed stays secret (select: false) until the draw; its sha256 is public from creation.
// The candidate and inspector lists used are stored with the result so anyone can re-run the draw.
const DrawTaskSchema = new Schema(
  {
    title: { type: String, required: true },
    region: { type: String, required: true, index: true },
    categories: { type: [String], default: [] },
    sharePercent: { type: Number, required: true },
    periodStart: { type: String, required: true },
    periodEnd: { type: String, required: true },
    seedHash: { type: String, required: true },
    seed: { type: String, required: true, select: false },
    status: { type: String, enum: DRAW_STATUSES, default: 'committed' },
    algorithm: { type: String, required: true },
    createdBy: { type: String, required: true },
    office: { type: String, required: true },
    /** The earliest draw: the commitment's publication (createdAt) + DRAW_COMMIT_HOURS. Null on older tasks. */
    drawableAt: { type: Date, default: null },
    drawnAt: { type: Date, default: null },
    revealedSeed: { type: String, default: null },
    count: { type: Number, default: null },
    candidates: { type: [{ _id: false, id: String, region: String, keyCategory: Boolean, keyArea: Boolean }], default: [] },
    inspectors: { type: [{ _id: false, id: String, region: String, name: String }], default: [] },
    picks: { type: [{ _id: false, workshopId: String, weight: Number, inspectorIds: [String] }], default: [] },
    demo: { type: Boolean, default: false },
    ...owedFields,
  },
  { timestamps: true },
);

DrawTaskSchema.index({ createdAt: -1, _id: -1, region: 1 }); // draw list, newest first, region prefix

export type DrawTask = InferSchemaType<typeof DrawTaskSchema>;
export type DrawTaskDoc = HydratedDocument<DrawTask>;
export const DrawTaskModel = mongoose.model('DrawTask', DrawTaskSchema);
