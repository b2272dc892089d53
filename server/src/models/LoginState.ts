import mongoose, { Schema } from 'mongoose';

// The state of a web QR sign-in (CSRF): the _id is the SHA-256 of the state handed to the browser, deleted
// when the callback uses it (single use), refused after expiresAt.
const LoginStateSchema = new Schema(
  {
    _id: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'login_states' },
);
LoginStateSchema.index({ expiresAt: 1 }); // expired states are swept when new ones are made (no TTL indexes on FerretDB)
export const LoginStateModel = mongoose.model('LoginState', LoginStateSchema);
