import { EventEmitter } from 'node:events';
import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { CATEGORY_CODES } from '@shared/domain/categories';

// 一户一档: one document per workshop, the anchor of registration, supervision and credit records.
// Kept small and flat because public search lists it (FerretDB pushes only simple filters to SQL).
const WorkshopSchema = new Schema(
  {
    name: { type: String, required: true },
    /** Full pinyin without spaces and initials, lower-case, for prefix search ("lsf" → 螺蛳粉). */
    namePinyin: { type: String, required: true, index: true },
    nameInitials: { type: String, required: true, index: true },
    ownerId: { type: String, default: null, index: true },
    ownerNameMasked: { type: String, default: null },
    /** Township or county code (GB/T 2260); jurisdiction checks are prefix tests on it. */
    region: { type: String, required: true, index: true },
    regionName: { type: String, required: true },
    address: { type: String, required: true },
    location: { lat: { type: Number, default: null }, lng: { type: Number, default: null } },
    categories: { type: [String], enum: CATEGORY_CODES, default: [] },
    products: { type: [String], default: [] },
    /** registered: holds a certificate; unlicensed: a confirmed black workshop; cancelled: 注销. */
    status: { type: String, enum: ['registered', 'unlicensed', 'cancelled'], required: true, index: true },
    certificate: {
      number: { type: String, default: null },
      status: { type: String, enum: ['valid', 'expired', 'revoked', 'cancelled', null], default: null },
      issuedAt: { type: Date, default: null },
      expiresAt: { type: Date, default: null },
    },
    riskGrade: { type: String, enum: ['A', 'B', 'C', 'D', null], default: null, index: true },
    /** Why the grade (services/risk.ts), recomputed after each inspection, sample or penalty. */
    riskScore: { type: Number, default: null },
    riskReasons: { type: [String], default: [] },
    riskUpdatedAt: { type: Date, default: null },
    badges: { type: [String], default: [] },
    keyArea: { type: String, default: null },
    lastInspectionAt: { type: Date, default: null },
    /** Marks demo data so it can be told apart from real records. */
    demo: { type: Boolean, default: false },
  },
  { timestamps: true },
);
WorkshopSchema.index({ 'certificate.number': 1 });
WorkshopSchema.index({ status: 1, region: 1 }); // draws and dashboard: active workshops in a region prefix
WorkshopSchema.index({ status: 1, categories: 1, region: 1 }); // a draw limited to categories
WorkshopSchema.index({ ownerId: 1, createdAt: -1 }); // the owner's workshops
WorkshopSchema.index({ address: 1, status: 1 }); // duplicate-address check

// Every write reports which workshop changed (or "some", when the filter does not name one), so the
// in-memory search index (services/workshopIndex.ts) refreshes just that entry.
export const workshopChanges = new EventEmitter();
const idOf = (filter: Record<string, unknown> | undefined) => {
  const id = filter?._id;
  return typeof id === 'string' || id instanceof mongoose.Types.ObjectId ? String(id) : null;
};
WorkshopSchema.post('save', (doc) => workshopChanges.emit('change', String(doc._id)));
WorkshopSchema.post('insertMany', function (this: unknown, docs: unknown) {
  for (const d of docs as { _id: unknown }[]) workshopChanges.emit('change', String(d._id));
});
for (const op of ['updateOne', 'findOneAndUpdate', 'deleteOne', 'findOneAndDelete'] as const) {
  WorkshopSchema.post(op, function (this: mongoose.Query<unknown, unknown>) { workshopChanges.emit('change', idOf(this.getFilter())); });
}
for (const op of ['updateMany', 'deleteMany'] as const) {
  WorkshopSchema.post(op, () => workshopChanges.emit('change', null));
}

export type Workshop = InferSchemaType<typeof WorkshopSchema>;
export type WorkshopDoc = HydratedDocument<Workshop>;
export const WorkshopModel = mongoose.model('Workshop', WorkshopSchema);
