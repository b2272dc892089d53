import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { REGISTRATION_KINDS, REGISTRATION_STATUSES } from '@shared/domain/registration';
import { owedFields } from '../db/owed';

// One document per application, so every transition is one atomic update guarded by the
// expected status (FerretDB has no transactions; two reviewers acting at once: one wins).
const RegistrationSchema = new Schema(
  {
    kind: { type: String, enum: REGISTRATION_KINDS, required: true },
    status: { type: String, enum: REGISTRATION_STATUSES, required: true, default: 'draft' },
    applicantId: { type: String, required: true, index: true },
    /** The workshop this is about: set for renewal/change/cancellation, and for a new one on approval. */
    workshopId: { type: String, default: null, index: true },
    /** Region of the workshop (township or county): the jurisdiction key, denormalised for the queue. */
    region: { type: String, default: null, index: true },
    applicant: {
      name: { type: String, default: null },
      phoneEnc: { type: String, default: null },
      phoneMasked: { type: String, default: null },
      idNumberEnc: { type: String, default: null },
      idNumberMasked: { type: String, default: null },
    },
    workshop: {
      name: { type: String, default: null },
      region: { type: String, default: null },
      address: { type: String, default: null },
      location: { lat: { type: Number, default: null }, lng: { type: Number, default: null } },
      categories: { type: [String], default: [] },
    },
    products: { type: [String], default: [] },
    premises: {
      photos: { type: [String], default: [] },
      floorPlan: { type: String, default: null },
      area: { type: Number, default: null },
      water: { type: String, default: null },
    },
    equipment: { type: [{ _id: false, name: String, quantity: Number }], default: [] },
    staff: { type: [{ _id: false, name: String, healthCertNo: String, healthCertExpiry: String }], default: [] },
    commitment: {
      signed: { type: Boolean, default: false },
      signatureName: { type: String, default: null },
      signedAt: { type: Date, default: null },
    },
    licence: {
      businessName: { type: String, default: null },
      operatorName: { type: String, default: null },
      form: { type: String, default: null },
      scope: { type: String, default: null },
    },
    /** For a change (变更): the requested new values; for change/cancellation: the owner's reason. */
    change: { type: Schema.Types.Mixed, default: null },
    reason: { type: String, default: null },
    corrections: { type: [{ _id: false, field: String, reason: String }], default: [] },
    /** The step that was under review when a correction was requested, to return to it. */
    correctionFrom: { type: String, default: null },
    deadline: {
      step: { type: String, default: null },
      due: { type: String, default: null }, // YYYY-MM-DD, Asia/Shanghai
      dueAt: { type: Date, default: null, index: true }, // end of that day, for the overdue query
      estimated: { type: Boolean, default: false },
      pausedRemaining: { type: Number, default: null }, // working days left when the clock stopped
    },
    siteCheck: {
      date: { type: String, default: null },
      inspectorIds: { type: [String], default: [] },
      result: { type: Schema.Types.Mixed, default: null },
    },
    decision: { type: Schema.Types.Mixed, default: null },
    /** 好差评: { score 1..5, comment, at, bad (≤ 2), replyDue 'YYYY-MM-DD' | null, reply { answer, at, by, byName } | null }. */
    rating: { type: Schema.Types.Mixed, default: null },
    certificateNumber: { type: String, default: null },
    timeline: {
      type: [{ _id: false, at: Date, status: String, title: String, note: String, by: String }],
      default: [],
    },
    escalated: { type: Boolean, default: false },
    submittedAt: { type: Date, default: null },
    demo: { type: Boolean, default: false },
    ...owedFields,
  },
  { timestamps: true },
);
// Indexes for the query shapes the app sends (equality, then sort, then range: db/queryShapes.ts).
RegistrationSchema.index({ status: 1, 'deadline.dueAt': 1, _id: 1, region: 1 }); // staff queue by deadline, region prefix
RegistrationSchema.index({ status: 1, region: 1, 'deadline.dueAt': 1 }); // queue counts, overdue counts (dashboard)
RegistrationSchema.index({ status: 1, escalated: 1, 'deadline.dueAt': 1 }); // escalation job
RegistrationSchema.index({ applicantId: 1, updatedAt: -1, _id: -1 }); // the applicant's own list
RegistrationSchema.index({ 'workshop.address': 1, kind: 1, status: 1 }); // duplicate-address check
RegistrationSchema.index({ region: 1, 'rating.at': 1 }); // 好差评 per office (dashboard)
RegistrationSchema.index({ 'rating.bad': 1, 'rating.reply': 1, region: 1 }); // bad ratings awaiting an answer
RegistrationSchema.index({ workshopId: 1, status: 1 }); // an open application for a workshop (renewal, change)

export type Registration = InferSchemaType<typeof RegistrationSchema>;
export type RegistrationDoc = HydratedDocument<Registration>;
export const RegistrationModel = mongoose.model('Registration', RegistrationSchema);
