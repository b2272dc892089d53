import mongoose, { Schema, type InferSchemaType } from 'mongoose';

// The public credit file of one workshop, read by _id (= the workshop id) so that the public credit
// file, its timeline and certificate verification cost the same at 2,000 or 200,000 records: the
// embedded FerretDB scans a collection for any other filter. Kept up to date by services/publicFile.ts
// whenever a command writes a CreditEvent (the full history stays in credit_events).
const EmbeddedEvent = new Schema(
  {
    ref: { type: String, required: true },
    type: { type: String, required: true },
    at: { type: Date, required: true },
    title: { type: String, required: true },
    detail: { type: String, default: null },
    result: { type: String, default: null },
    source: { type: String, required: true },
    publicUntil: { type: Date, default: null },
    data: { type: Schema.Types.Mixed, default: null },
  },
  { _id: false },
);

const PublicFileSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** The newest PUBLIC_FILE_EVENTS credit events, newest first. */
    events: { type: [EmbeddedEvent], default: [] },
    /** The latest daily inspection, as the credit file shows it at the top. */
    latestInspection: {
      type: new Schema(
        {
          ref: { type: String, required: true },
          at: { type: Date, required: true },
          date: { type: String, required: true },
          result: { type: String, required: true },
          office: { type: String, required: true },
          items: { type: [{ _id: false, code: String, result: String }], default: [] },
          rectification: { type: Schema.Types.Mixed, default: null },
        },
        { _id: false },
      ),
      default: null,
    },
    /** Bumped by every write: concurrent writers update only the version they read. */
    version: { type: Number, default: 0 },
  },
  { versionKey: false, collection: 'public_files' },
);

export type PublicFile = InferSchemaType<typeof PublicFileSchema>;
export const PublicFileModel = mongoose.model('PublicFile', PublicFileSchema);
