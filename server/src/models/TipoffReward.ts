import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { REWARD_STATUSES } from '@shared/domain/tipoff';

// A reward (有奖举报) for one report of a confirmed case. Every status change is a conditional update on
// `version` (bumped by each change), so two approvals or two payouts cannot both win.
const TipoffRewardSchema = new Schema(
  {
    caseId: { type: String, required: true, index: true },
    /** The case's region, written at proposal: the staff queue filters on it (db/migrate.ts filled older ones). */
    region: { type: String, default: null },
    tipoffId: { type: String, required: true, unique: true },
    level: { type: Number, required: true },
    amountFen: { type: Number, required: true },
    reason: { type: String, required: true },
    status: { type: String, enum: REWARD_STATUSES, required: true, default: 'proposed', index: true },
    version: { type: Number, default: 0 },
    proposerId: { type: String, required: true },
    approverId: { type: String, default: null },
    rejectReason: { type: String, default: null },
    /**
     * One per payout attempt; its out number (out_batch_no, or out_bill_no for transfer bills) = "TR" + id + "A"
     * + n, so a retried request is the same batch or bill. `api` is the payout API it was made with; batchId is
     * WeChat Pay's number (batch_id or transfer_bill_no); packageInfo is the bill's package_info for
     * wx.requestMerchantTransfer while it waits for the payee (status 'waiting').
     */
    attempts: {
      type: [{
        _id: false, n: Number, api: { type: String, enum: ['batches', 'bills'], default: 'batches' }, outBatchNo: String, outDetailNo: String,
        status: { type: String, enum: ['pending', 'accepted', 'waiting', 'paid', 'failed'] }, reason: String, batchId: String,
        packageInfo: String, at: Date,
      }],
      default: [],
    },
    currentBatchNo: { type: String, default: null, index: true },
    paidAt: { type: Date, default: null },
    demo: { type: Boolean, default: false },
  },
  { timestamps: true, collection: 'tipoff_rewards' },
);

TipoffRewardSchema.index({ caseId: 1, createdAt: 1 }); // a case's rewards
TipoffRewardSchema.index({ status: 1, createdAt: 1, _id: 1, region: 1 }); // rewards awaiting review or payout, in a region
TipoffRewardSchema.index({ status: 1, updatedAt: 1 }); // payouts to reconcile (paying, confirming)

export type TipoffReward = InferSchemaType<typeof TipoffRewardSchema>;
export type TipoffRewardDoc = HydratedDocument<TipoffReward>;
export const TipoffRewardModel = mongoose.model('TipoffReward', TipoffRewardSchema);
