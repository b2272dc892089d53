import mongoose, { Schema } from 'mongoose';

// Ways to find a user other than the mini-program openid, one document each, keyed by the _id:
// "account:<staff login name>", "phone:<keyed hash of the number>", "unionid:<WeChat unionid>". The unique
// _id makes two accounts of one phone (or one login name for two staff) impossible, and every lookup is
// by _id (FerretDB uses no secondary index).
const IdentitySchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
  },
  { versionKey: false, collection: 'identities', timestamps: true },
);
export const IdentityModel = mongoose.model('Identity', IdentitySchema);
