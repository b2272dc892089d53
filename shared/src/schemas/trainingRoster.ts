// The trainer's roster export and messages to a session's attendees (routes/training/roster.ts). Apart from
// training.ts so that the helpers working on training in parallel do not edit one file.
import '../zod';
import { z } from 'zod';
import { LongText, Text } from './common';

export const SessionMessageBody = z
  .strictObject({
    messageId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '消息编号格式不正确')
      .meta({ description: '客户端为这条通知生成的编号（UUID）：同一编号重发只发送一次' }),
    title: Text(20).meta({ description: '标题（微信订阅消息最多显示20字）' }),
    body: LongText(500).meta({ description: '内容' }),
    includeWaitlisted: z.boolean().default(false).meta({ description: 'true：候补中的报名人也通知' }),
  })
  .meta({ id: 'TrainingSessionMessage' });
export type SessionMessageBody = z.infer<typeof SessionMessageBody>;

export const SessionMessageResponse = z
  .object({
    data: z.object({
      messageId: z.string(),
      told: z.number().int().meta({ description: '通知的报名人（业主）数：同一业主多条报名只通知一次' }),
      includeWaitlisted: z.boolean(),
      replayed: z.boolean().meta({ description: '同一消息编号重发：未再次发送，返回首次的结果' }),
      sentAt: z.string(),
    }),
  })
  .meta({ id: 'TrainingSessionMessageResult' });
export type SessionMessageResult = z.infer<typeof SessionMessageResponse>['data'];

/** Booking statuses told by a message: those holding a seat, and the waitlist on request. */
export const MESSAGE_STATUSES = ['held', 'confirmed', 'offered', 'attended'] as const;
/** A session's messages in a window (per session, shared by its trainer and admins). */
export const MESSAGES_PER_SESSION = { points: 5, durationSec: 3600 } as const;
