import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { FILE_KINDS, FILE_PURPOSE_CODES } from '@shared/domain/files';

// One uploaded file. The bytes live in GridFS (bucket "blobs"); this document is what the API knows about
// them. Its _id is the public file id; blob ids never leave the server.
const StoredFileSchema = new Schema(
  {
    purpose: { type: String, enum: FILE_PURPOSE_CODES, required: true },
    kind: { type: String, enum: FILE_KINDS, required: true },
    contentType: { type: String, required: true }, // from the bytes (services/sniff), not the client
    size: { type: Number, required: true },
    sha256: { type: String, required: true, index: true }, // of the stored bytes (after image cleaning)
    ownerId: { type: String, required: true, index: true },
    public: { type: Boolean, required: true },
    originalName: { type: String, default: null },
    width: { type: Number, default: null },
    height: { type: Number, default: null },
    blobId: { type: Schema.Types.ObjectId, required: true },
    thumbBlobId: { type: Schema.Types.ObjectId, default: null },
    thumbSize: { type: Number, default: null },
  },
  { timestamps: true, collection: 'files' },
);

export type StoredFile = InferSchemaType<typeof StoredFileSchema>;
export type StoredFileDoc = HydratedDocument<StoredFile>;
export const StoredFileModel = mongoose.model('StoredFile', StoredFileSchema);
