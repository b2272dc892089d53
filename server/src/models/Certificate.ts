import mongoose, { Schema, type InferSchemaType } from 'mongoose';

// 食品小作坊登记证. registrationId is unique: however many approvals race, one certificate. The _id is the
// certificate number, so the public QR check is a read by _id (cheap on any store).
const CertificateSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** The same as _id (the unique key); kept as a field for readers and exports. */
    number: { type: String, required: true },
    registrationId: { type: String, required: true, unique: true },
    workshopId: { type: String, required: true, index: true },
    scope: { type: [String], default: [] },
    categories: { type: [String], default: [] },
    issuedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    status: { type: String, enum: ['valid', 'revoked', 'cancelled', 'superseded'], default: 'valid' },
    issuer: { type: String, required: true },
  },
  { timestamps: true },
);

// The renewal reminder job (commands/registration/renewalNotice.ts): valid certificates expiring soon.
CertificateSchema.index({ status: 1, expiresAt: 1 });

export type Certificate = InferSchemaType<typeof CertificateSchema>;
export const CertificateModel = mongoose.model('Certificate', CertificateSchema);
