import mongoose, { Schema, type InferSchemaType } from 'mongoose';

// 培训合格证明: issued once per attended booking (bookingId unique) when the session is finished. The _id is
// the public number, so the QR check is a read by _id.
const TrainingCertificateSchema = new Schema(
  {
    _id: { type: String, required: true },
    bookingId: { type: String, required: true, unique: true },
    sessionId: { type: String, required: true },
    courseId: { type: String, required: true },
    workshopId: { type: String, required: true, index: true },
    attendeeNameMasked: { type: String, required: true },
    courseTitle: { type: String, required: true },
    category: { type: String, required: true },
    hours: { type: Number, required: true },
    trainerName: { type: String, required: true },
    sessionDate: { type: String, required: true }, // YYYY-MM-DD, Asia/Shanghai
    issuedAt: { type: Date, required: true },
  },
  { timestamps: true, collection: 'training_certificates' },
);

TrainingCertificateSchema.index({ workshopId: 1, issuedAt: -1 }); // training hours of a workshop in a window

export type TrainingCertificate = InferSchemaType<typeof TrainingCertificateSchema>;
export const TrainingCertificateModel = mongoose.model('TrainingCertificate', TrainingCertificateSchema);
