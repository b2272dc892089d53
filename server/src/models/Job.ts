import mongoose, { Schema, type InferSchemaType } from 'mongoose';

// One document per recurring job: its schedule, its lease and the state of its last run (jobs/runner.ts).
const JobSchema = new Schema(
  {
    name: { type: String, required: true, unique: true },
    everyMs: { type: Number, required: true },
    nextRunAt: { type: Date, required: true },
    lockedBy: { type: String, default: null }, // runner instance id holding the lease
    lockedUntil: { type: Date, required: true }, // lease end; epoch when free
    leaseSeq: { type: Number, default: 0 }, // bumped by each lease taken: the holder's finish names it
    lastStartedAt: { type: Date, default: null },
    lastRunAt: { type: Date, default: null }, // last finished run (success or failure)
    lastError: { type: String, default: null }, // message of the last run, null when it succeeded
    lastErrorAt: { type: Date, default: null },
    runs: { type: Number, default: 0 },
    failures: { type: Number, default: 0 },
  },
  { versionKey: false, collection: 'jobs' },
);

export type Job = InferSchemaType<typeof JobSchema>;
export const JobModel = mongoose.model('Job', JobSchema);
