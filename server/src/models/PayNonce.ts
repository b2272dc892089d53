import mongoose, { Schema } from 'mongoose';

// Nonces of accepted WeChat Pay notifications: a replayed notification inserts the same _id again and
// the unique key refuses it. Notifications older than 300 s are refused before this (by timestamp), so
// rows older than that may be deleted.
const PayNonceSchema = new Schema(
  { _id: { type: String, required: true }, at: { type: Date, default: () => new Date() } },
  { versionKey: false, collection: 'pay_nonces' },
);
export const PayNonceModel = mongoose.model('PayNonce', PayNonceSchema);
