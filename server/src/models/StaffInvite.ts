import mongoose, { Schema, type InferSchemaType } from 'mongoose';

// Staff roles are granted by an admin through a one-time invite that the staff member redeems
// after logging in with WeChat: roles are never self-granted.
const StaffInviteSchema = new Schema(
  {
    code: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    role: { type: String, enum: ['trainer', 'inspector', 'admin'], required: true },
    region: { type: String, required: true },
    createdBy: { type: String, default: null }, // null: created from the command line
    expiresAt: { type: Date, required: true },
    redeemedBy: { type: String, default: null },
    redeemedAt: { type: Date, default: null },
  },
  { timestamps: true },
);

export type StaffInvite = InferSchemaType<typeof StaffInviteSchema>;
export const StaffInviteModel = mongoose.model('StaffInvite', StaffInviteSchema);
