// Paying for a held booking (WeChat Pay): the owner asks for the channel their device pays on and gets what
// the client needs (the mini-program's requestPayment parameters, the Native QR code, the H5 page). The
// result arrives by the payment notification (routes/payments); the client then reads the booking again.
import { BookingIdParams } from '@shared/schemas/training';
import { PayBookingBody, PayBookingResponse } from '@shared/schemas/trainingPayment';
import type { ApiRouter } from '../../http/api';
import { loadBooking, payBooking } from '../../commands/training';
import { bookingViews } from './views';

export function trainingPaymentRoutes(api: ApiRouter) {
  api.route('post', '/bookings/:id/pay', {
    summary: '支付待支付的报名（微信支付：小程序 JSAPI、电脑浏览器扫码 Native、手机浏览器 H5）', tags: ['培训（报名）'], auth: true,
    params: BookingIdParams, body: PayBookingBody, response: PayBookingResponse, errors: [404, 409, 503],
    description: '仅报名人本人；报名须为“待支付”且座位仍在保留中（否则 409）。同一渠道重复请求得到同一笔订单；订单在座位保留结束时失效。'
      + '支付结果以微信支付通知为准：报名变为“报名成功”。未启用微信支付时 503 pay.disabled。',
  }, async (ctx) => {
    const { booking, start, expiresAt } = await payBooking(ctx, await loadBooking(ctx.input.params.id), ctx.input.body);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      data: {
        booking: (await bookingViews(ctx.services, [booking]))[0],
        channel: start.channel,
        requestPayment: 'requestPayment' in start ? start.requestPayment : null,
        codeUrl: 'codeUrl' in start ? start.codeUrl : null,
        h5Url: 'h5Url' in start ? start.h5Url : null,
        expiresAt: expiresAt.toISOString(),
      },
    };
  });
}
