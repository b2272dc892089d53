import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import type { Lean } from './lean';

// A payment order (WeChat Pay v3 基础支付) for something a purpose sells (e.g. 'training': a seat of a session).
// out_trade_no = "P" + purpose code + refId + "A" + attempt, unique, so creating the same attempt again is the
// same order (idempotent), and a new attempt (after a close) is a new order. Every status change is one
// conditional findOneAndUpdate on the status it leaves, so a duplicate notification applies once.
// Purpose handlers (services/payments.ts onPaid / onRefunded) run after the change; what they still owe is
// kept in `owed` until they succeed (the reconciliation job runs them again).
export const PAY_ORDER_STATUSES = ['created', 'paid', 'closed', 'refunding', 'refunded'] as const;
export const PAY_CHANNELS = ['jsapi', 'native', 'h5'] as const;

const PayOrderSchema = new Schema(
  {
    outTradeNo: { type: String, required: true, unique: true },
    purpose: { type: String, required: true },
    refId: { type: String, required: true },
    attempt: { type: Number, required: true, default: 1 },
    description: { type: String, required: true },
    payerOpenid: { type: String, default: null },
    amountFen: { type: Number, required: true },
    channel: { type: String, enum: PAY_CHANNELS, required: true },
    status: { type: String, enum: PAY_ORDER_STATUSES, required: true, default: 'created' },
    /** What WeChat Pay answered at creation: prepay_id (jsapi), code_url (native), h5_url (h5). */
    prepayId: { type: String, default: null },
    codeUrl: { type: String, default: null },
    h5Url: { type: String, default: null },
    transactionId: { type: String, default: null },
    paidAt: { type: Date, default: null },
    closedAt: { type: Date, default: null },
    /** Sum of succeeded refunds. */
    refundedFen: { type: Number, default: 0 },
    /** The refund in flight (status 'refunding'); one at a time. */
    pendingRefundNo: { type: String, default: null },
    refunds: {
      type: [{
        _id: false, outRefundNo: String, amountFen: Number, reason: String,
        status: { type: String, enum: ['pending', 'success', 'failed'] }, refundId: String, requestedAt: Date, settledAt: Date, failReason: String,
      }],
      default: [],
    },
    /** Purpose handler calls not yet done: 'paid', or 'refunded:<out_refund_no>'. */
    owed: { type: [String], default: [] },
    /** Since when something is owed (null: nothing); the reconciliation job retries after a while. */
    owedSince: { type: Date, default: null },
    /** Notifications or query answers that did not match the order (e.g. another amount): kept, not applied. */
    anomalies: { type: [{ _id: false, at: Date, kind: String, detail: String }], default: [] },
  },
  { timestamps: true, collection: 'pay_orders' },
);

PayOrderSchema.index({ purpose: 1, refId: 1, attempt: 1 }, { unique: true }); // one order per attempt of a thing
PayOrderSchema.index({ status: 1, createdAt: 1 }); // orders stuck in created (reconciliation)
PayOrderSchema.index({ status: 1, updatedAt: 1 }); // refunds stuck in refunding (reconciliation)
PayOrderSchema.index({ owedSince: 1 }); // handler calls still owed
PayOrderSchema.index({ 'refunds.outRefundNo': 1 }); // a refund notification finds its order

export type PayOrder = InferSchemaType<typeof PayOrderSchema>;
export type PayOrderLean = Lean<PayOrder>;
export const PayOrderModel = mongoose.model('PayOrder', PayOrderSchema);
