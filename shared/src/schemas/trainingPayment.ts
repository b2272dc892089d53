import '../zod';
import { z } from 'zod';
import { PAY_CHANNELS } from '../domain/trainingPayment';
import { BookingView } from './training';

// Paying for a held booking (WeChat Pay): the client asks for the channel it can pay on.
export const PayBookingBody = z
  .strictObject({ channel: z.enum(PAY_CHANNELS).meta({ description: 'jsapi 小程序内支付；native 电脑浏览器扫码支付；h5 手机浏览器支付' }) })
  .meta({ id: 'PayTrainingBooking' });
export type PayBookingBody = z.infer<typeof PayBookingBody>;

export const RequestPaymentParams = z
  .object({ appId: z.string(), timeStamp: z.string(), nonceStr: z.string(), package: z.string(), signType: z.literal('RSA'), paySign: z.string() })
  .meta({ id: 'RequestPaymentParams', description: 'Taro.requestPayment / wx.requestPayment 的参数' });
export type RequestPaymentParams = z.infer<typeof RequestPaymentParams>;

export const PayStartView = z
  .object({
    booking: BookingView,
    channel: z.enum(PAY_CHANNELS),
    requestPayment: RequestPaymentParams.nullable().meta({ description: 'jsapi：调起支付的参数' }),
    codeUrl: z.string().nullable().meta({ description: 'native：支付二维码内容（weixin://wxpay/…）' }),
    h5Url: z.string().nullable().meta({ description: 'h5：跳转到微信支付的地址' }),
    expiresAt: z.string().meta({ description: '座位保留至；过时订单关闭' }),
  })
  .meta({ id: 'TrainingPayStart' });
export type PayStartView = z.infer<typeof PayStartView>;
export const PayBookingResponse = z.object({ data: PayStartView }).meta({ id: 'PayTrainingBookingResponse' });
