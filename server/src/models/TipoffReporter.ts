import mongoose, { Schema, type InferSchemaType } from 'mongoose';

// Who reported (实名举报) and where a reward goes, kept apart from the case and encrypted at rest
// (services.cipher). Read only by the reporter-identity route (audited) and by the payout.
const TipoffReporterSchema = new Schema(
  {
    tipoffId: { type: String, required: true, unique: true },
    nameEnc: { type: String, default: null },
    phoneEnc: { type: String, default: null },
    /** Named reports: the submitting user, to tell them the outcome. */
    userIdEnc: { type: String, default: null },
    /** WeChat openid that receives a reward: the named reporter, or whoever claimed with code + token. */
    payeeOpenidEnc: { type: String, default: null },
    /** HMAC of the payee's user id, so a second claim by the same user is recognised without decrypting. */
    payeeKey: { type: String, default: null },
  },
  { timestamps: true, collection: 'tipoff_reporters' },
);

export type TipoffReporter = InferSchemaType<typeof TipoffReporterSchema>;
export const TipoffReporterModel = mongoose.model('TipoffReporter', TipoffReporterSchema);
