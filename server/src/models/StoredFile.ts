import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { FILE_KINDS, FILE_PURPOSE_CODES } from '@shared/domain/files';

// One uploaded file. The bytes live in GridFS (bucket "blobs"); this document is what the API knows about
// them. Its _id is the public file id; blob ids never leave the server.

/** The records a file is attached to: what they are, their region (staff jurisdiction) and who else sees them. */
export const FILE_LINK_RECORDS = ['Tipoff', 'Registration', 'Inspection', 'SelfCheck', 'Sample', 'Penalty', 'ProgramApplication'] as const;
export type FileLinkRecord = (typeof FILE_LINK_RECORDS)[number];

const FileLinkSchema = new Schema(
  {
    record: { type: String, enum: FILE_LINK_RECORDS, required: true },
    id: { type: String, required: true },
    /** The record's region: staff whose jurisdiction covers it may read the file. */
    region: { type: String, required: true },
    /** Besides the uploader, the person the record is shown to (the workshop's owner, the applicant). */
    viewerId: { type: String, default: null },
  },
  { _id: false },
);

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
    /**
     * Where the file is attached (commands/files.ts linkFiles, written before the record that names it).
     * A private file without links is its uploader's alone; absent only on files written before links
     * existed (db/migrate.ts fills them from the records).
     */
    links: { type: [FileLinkSchema], default: [] },
  },
  { timestamps: true, collection: 'files' },
);

export type StoredFile = InferSchemaType<typeof StoredFileSchema>;
export type StoredFileDoc = HydratedDocument<StoredFile>;
export const StoredFileModel = mongoose.model('StoredFile', StoredFileSchema);
