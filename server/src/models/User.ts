import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { ROLES } from '@shared/domain/roles';

const UserSchema = new Schema(
  {
    // WeChat openid, or "dev:<role>:<region>" for demo logins. Every user has one (unique; FerretDB has
    // no partial indexes, so no "unique if present" fields).
    openid: { type: String, required: true, unique: true },
    name: { type: String, required: true, default: '微信用户' },
    phoneEnc: { type: String, default: null }, // encrypted at rest (services/crypto)
    phoneMasked: { type: String, default: null },
    roles: { type: [String], enum: ROLES, default: ['citizen'] },
    /** Jurisdiction for inspectors and admins: GB/T 2260 code prefix. */
    region: { type: String, default: null, index: true },
    disabled: { type: Boolean, default: false },
    /** Raised by logging out: tokens carry the epoch they were issued in, older ones are refused. */
    sessionEpoch: { type: Number, default: 0 },
    lastLoginAt: { type: Date, default: null },
    /** WeChat open platform unionid (the same person in the mini-program and on the web QR sign-in). */
    unionid: { type: String, default: null },
    // Staff web sign-in (services/staffAuth.ts). The account name's uniqueness lives in Identity ("account:…").
    account: { type: String, default: null },
    passwordHash: { type: String, default: null }, // argon2id, PHC string
    totpSecretEnc: { type: String, default: null }, // encrypted at rest
    /** A secret being enrolled: it replaces totpSecretEnc once a code from it is entered. */
    totpPendingEnc: { type: String, default: null },
    /** The last TOTP time step accepted: a code is good once (no replay within its 30 s). */
    totpLastStep: { type: Number, default: 0 },
  },
  { timestamps: true },
);

UserSchema.index({ roles: 1, region: 1, disabled: 1 }); // staff of a region (admins to notify, inspectors)
UserSchema.index({ roles: 1, name: 1, _id: 1, region: 1, disabled: 1 }); // inspector picker, by name

export type User = InferSchemaType<typeof UserSchema>;
export type UserDoc = HydratedDocument<User>;
export const UserModel = mongoose.model('User', UserSchema);
