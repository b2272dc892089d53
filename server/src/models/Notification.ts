import mongoose, { Schema, type InferSchemaType } from 'mongoose';

// In-app notices; each is also sent as a WeChat subscribe message when the user has an openid.
const NotificationSchema = new Schema(
  {
    userId: { type: String, required: true },
    /** Idempotency key: a notice owed by a state change is sent once however often the step runs. */
    key: { type: String, required: true, unique: true, default: () => new mongoose.Types.ObjectId().toHexString() },
    title: { type: String, required: true },
    body: { type: String, required: true },
    page: { type: String, default: null },
    read: { type: Boolean, default: false },
    wechat: { type: String, enum: ['sent', 'failed', 'skipped'], default: 'skipped' },
    wechatError: { type: String, default: null },
    /** Urgent deadlines also go out by SMS (services/deadlineReminders.ts): pending until the day's sending hours. */
    sms: { type: String, enum: ['pending', 'sending', 'sent', 'failed', 'skipped'], default: 'skipped' },
    smsParams: { type: [String], default: undefined },
  },
  { timestamps: true },
);
// The message centre's queries (routes/messages): all of mine newest first, my unread ones (list, count,
// read-all).
NotificationSchema.index({ userId: 1, createdAt: -1, _id: -1 });
NotificationSchema.index({ userId: 1, read: 1, createdAt: -1, _id: -1 });
// SMS held for the sending hours (deadline reminders recorded at night).
NotificationSchema.index({ sms: 1, createdAt: 1 });

export type Notification = InferSchemaType<typeof NotificationSchema>;
export const NotificationModel = mongoose.model('Notification', NotificationSchema);
