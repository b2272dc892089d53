import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { TIPOFF_KINDS } from '@shared/domain/tipoff';
import { owedFields } from '../db/owed';

// One report (举报) as its reporter sent it. Nothing here names the reporter: a named report points to
// TipoffReporter (encrypted, another collection); "my reports" use a keyed hash of the user id.
const TipoffSchema = new Schema(
  {
    caseId: { type: String, required: true, index: true },
    /** The case group it joins (TipoffCase.groupKey): fixed at submission, so the case step can be re-run. */
    groupKey: { type: String, required: true },
    /** A named report's identity, encrypted, until the "reporter" step moves it to TipoffReporter. */
    reporterEnc: { type: String, default: null },
    receiptCode: { type: String, required: true, unique: true },
    /** sha256 of the tracking tokens handed out (a merged duplicate hands out another). */
    tokenHashes: { type: [String], default: [] },
    kind: { type: String, enum: TIPOFF_KINDS, required: true },
    workshopId: { type: String, default: null },
    region: { type: String, required: true },
    county: { type: String, required: true },
    address: { type: String, default: null },
    location: { lat: { type: Number, default: null }, lng: { type: Number, default: null } },
    description: { type: String, required: true },
    media: { type: [String], default: [] },
    anonymous: { type: Boolean, required: true },
    /** HMAC of the submitting user's id when logged in ("我的举报"), else null. */
    mineKey: { type: String, default: null, index: true },
    /** HMACs for duplicate detection: same content from the same sender. */
    contentKey: { type: String, required: true, index: true },
    senderKey: { type: String, required: true },
    /** content + sender + 10-minute bucket: unique, so a double tap at the same moment is one report. */
    dedupeKey: { type: String, required: true, unique: true },
    consentAt: { type: Date, required: true },
    rating: {
      type: new Schema({ score: { type: Number, required: true }, comment: { type: String, default: null }, at: { type: Date, required: true } }, { _id: false }),
      default: null,
    },
    demo: { type: Boolean, default: false },
    ...owedFields,
  },
  { timestamps: true, collection: 'tipoffs' },
);

TipoffSchema.index({ caseId: 1, createdAt: 1 }); // a case's reports
TipoffSchema.index({ mineKey: 1, createdAt: -1 }); // a reporter's own reports, newest first
TipoffSchema.index({ caseId: 1, anonymous: 1 }); // named reporters of a case
TipoffSchema.index({ contentKey: 1, senderKey: 1, createdAt: 1 }); // the same report sent twice

export type Tipoff = InferSchemaType<typeof TipoffSchema>;
export type TipoffDoc = HydratedDocument<Tipoff>;
export const TipoffModel = mongoose.model('Tipoff', TipoffSchema);
