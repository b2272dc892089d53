import mongoose, { Schema } from 'mongoose';

// Failed attempts at a secret (a staff invite code) per who tried, for the lockout in services/lockout.ts.
// The key is the _id ("invite:<userId>"): counting is one $inc on it, and two first failures at once
// insert one document.
const AuthFailureSchema = new Schema(
  {
    _id: { type: String, required: true },
    count: { type: Number, default: 0 },
    windowStart: { type: Date, required: true },
    lockedUntil: { type: Date, default: null },
  },
  { versionKey: false, collection: 'auth_failures' },
);
export const AuthFailureModel = mongoose.model('AuthFailure', AuthFailureSchema);
