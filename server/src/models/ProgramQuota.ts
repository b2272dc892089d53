import mongoose, { Schema, type InferSchemaType } from 'mongoose';

// The places a program has given in a year and region ("<program>:<year>:<region>"): `used` and `holders`
// move together in one conditional update (commands/programs/quota.ts), so two admins approving the last
// place at once give it once.
const ProgramQuotaSchema = new Schema(
  {
    _id: { type: String, required: true },
    used: { type: Number, default: 0 },
    /** The applications holding a place. */
    holders: { type: [String], default: [] },
  },
  { versionKey: false, collection: 'program_quotas' },
);

export type ProgramQuota = InferSchemaType<typeof ProgramQuotaSchema>;
export const ProgramQuotaModel = mongoose.model('ProgramQuota', ProgramQuotaSchema);
