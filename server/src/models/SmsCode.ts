import mongoose, { Schema } from 'mongoose';

// The one live SMS code of a phone (the _id is a keyed hash of the number): stored as a keyed hash, good
// for five minutes and five tries; a new one may be asked a minute after the last (sentAt).
const SmsCodeSchema = new Schema(
  {
    _id: { type: String, required: true },
    codeHash: { type: String, required: true },
    sentAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    tries: { type: Number, default: 0 },
  },
  { versionKey: false, collection: 'sms_codes' },
);
export const SmsCodeModel = mongoose.model('SmsCode', SmsCodeSchema);
