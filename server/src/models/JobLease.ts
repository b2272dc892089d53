import mongoose, { Schema, type InferSchemaType } from 'mongoose';

// Claims on one scheduled run of a job, insert-only. The _id "<name>|<slot ms>|<attempt>" is what makes a
// claim exclusive: of several instances inserting the same _id, exactly one succeeds. A second attempt
// (takeover after the lease expired) and the "done" marker are further inserts with their own _id.
const JobLeaseSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    slot: { type: Date, required: true }, // the run's scheduled time (jobs.nextRunAt when claimed)
    attempt: { type: Number, default: null }, // null on the done marker
    done: { type: Boolean, default: false },
    by: { type: String, required: true },
    lockedUntil: { type: Date, default: null },
    startedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'job_leases' },
);
JobLeaseSchema.index({ name: 1, slot: 1 });

export type JobLease = InferSchemaType<typeof JobLeaseSchema>;
export const JobLeaseModel = mongoose.model('JobLease', JobLeaseSchema);
