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
    /**
     * Places taken whose application is not moved yet ({id, at}): pulled once it is (or the place is given
     * back). One left behind means the approving process died in between: the repair job sorts it out.
     */
    placing: { type: [{ _id: false, id: String, at: Date }], default: [] },
  },
  { versionKey: false, collection: 'program_quotas' },
);

ProgramQuotaSchema.index({ 'placing.at': 1 }); // the repair job: placements left behind

export type ProgramQuota = InferSchemaType<typeof ProgramQuotaSchema>;
export const ProgramQuotaModel = mongoose.model('ProgramQuota', ProgramQuotaSchema);
