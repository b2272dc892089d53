// Message centre (消息): the notices a person is owed by a change that asks something of them, each with
// the page where it is answered. Shared by the server (validation + OpenAPI) and the 消息 page.
import '../zod';
import { z } from 'zod';
import { ObjectId } from './common';

export const MessageQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(500).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
  status: z.enum(['all', 'unread']).default('all').meta({ description: 'unread 只看未读' }),
});
export const MessageIdParams = z.strictObject({ id: ObjectId });

export const MessageView = z
  .object({
    id: z.string(),
    title: z.string(),
    body: z.string(),
    page: z.string().nullable().meta({ description: '处理该消息的页面（小程序页面路径，可带参数），如 packages/registration/detail/index?id=…' }),
    read: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'Message' });
export type MessageView = z.infer<typeof MessageView>;

export const MessageList = z
  .object({ data: z.array(MessageView), page: z.number(), pageSize: z.number(), total: z.number(), unread: z.number() })
  .meta({ id: 'MessageList' });
export const MessageResponse = z.object({ data: MessageView }).meta({ id: 'MessageResponse' });
export const UnreadCount = z.object({ unread: z.number().int().min(0) }).meta({ id: 'UnreadCount' });
export const ReadAllResponse = z.object({ updated: z.number().int().min(0), unread: z.number().int().min(0) }).meta({ id: 'ReadAllResponse' });
