// Paying for a training booking (WeChat Pay) and its refund, as the owner reads it.
export const PAYMENT_STATUSES = ['unpaid', 'paid', 'refunding', 'refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const PAYMENT_STATUS_LABELS: Record<PaymentStatus, string> = { unpaid: '待支付', paid: '已支付', refunding: '退款中', refunded: '已退款' };

/** jsapi: in the mini-program; native: a QR code on a desktop browser; h5: a phone browser. */
export const PAY_CHANNELS = ['jsapi', 'native', 'h5'] as const;
export type PayChannel = (typeof PAY_CHANNELS)[number];

export const fenToMoney = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/**
 * One line for the owner: 待支付 ¥120.00 / 已支付 ¥120.00 / 退款中 ¥60.00 / 已退款 ¥60.00; 未支付 for a hold
 * that expired or was cancelled before paying.
 */
export function paymentLabel(p: { status: PaymentStatus; amountFen: number; refundFen: number | null }, bookingStatus?: string): string {
  if (p.status === 'unpaid' && bookingStatus && bookingStatus !== 'held') return '未支付';
  if (p.status === 'refunding' || p.status === 'refunded') return `${PAYMENT_STATUS_LABELS[p.status]} ${fenToMoney(p.refundFen ?? p.amountFen)}`;
  const base = `${PAYMENT_STATUS_LABELS[p.status]} ${fenToMoney(p.amountFen)}`;
  return p.status === 'paid' && bookingStatus === 'cancelled' ? `${base}（按退款规则不退款）` : base;
}
