// Message centre (消息): my notices, newest first, with the page where each is answered; unread count for
// the badge; mark one or all read. A notice is its recipient's alone: anyone else gets 404, as if it did
// not exist (every query names the caller's user id).
import type { QueryFilter } from 'mongoose';
import { MessageIdParams, MessageList, MessageQuery, MessageResponse, ReadAllResponse, UnreadCount, type MessageView } from '@shared/schemas/messages';
import type { ApiRouter } from '../../http/api';
import type { AppContext } from '../../http/types';
import { notFound } from '../../errors';
import { NotificationModel, type Notification } from '../../models/Notification';
import type { Lean } from '../../models/lean';

const TAGS = ['消息中心'];

export function presentMessage(n: Lean<Notification> & { createdAt?: Date }): MessageView {
  return { id: String(n._id), title: n.title, body: n.body, page: n.page ?? null, read: !!n.read, createdAt: (n.createdAt ?? new Date()).toISOString() };
}

const me = (ctx: AppContext) => String(ctx.state.user!._id);
const unreadOf = (userId: string) => NotificationModel.countDocuments({ userId, read: false });
const noStore = (ctx: AppContext) => ctx.set('Cache-Control', 'no-store');

export function messageRoutes(api: ApiRouter) {
  api.route('get', '/messages', {
    summary: '我的消息（最新在前，可只看未读）', tags: TAGS, auth: true, query: MessageQuery, response: MessageList,
    description: '补正、整改、抽检后处理、登记证换证、举报进展、奖励领取等需要本人处理的事项；page 为处理该事项的页面。',
  }, async (ctx) => {
    const q = ctx.input.query;
    const userId = me(ctx);
    const filter: QueryFilter<Notification> = q.status === 'unread' ? { userId, read: false } : { userId };
    const [items, total, unread] = await Promise.all([
      NotificationModel.find(filter).sort({ createdAt: -1, _id: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean(),
      NotificationModel.countDocuments(filter),
      unreadOf(userId),
    ]);
    noStore(ctx);
    ctx.body = { data: items.map(presentMessage), page: q.page, pageSize: q.pageSize, total, unread };
  });

  api.route('get', '/messages/unread-count', {
    summary: '我的未读消息数（角标）', tags: TAGS, auth: true, response: UnreadCount,
  }, async (ctx) => {
    noStore(ctx);
    ctx.body = { unread: await unreadOf(me(ctx)) };
  });

  api.route('post', '/messages/read-all', {
    summary: '全部标为已读', tags: TAGS, auth: true, response: ReadAllResponse,
  }, async (ctx) => {
    const userId = me(ctx);
    const r = await NotificationModel.updateMany({ userId, read: false }, { $set: { read: true } });
    ctx.body = { updated: r.modifiedCount, unread: await unreadOf(userId) };
  });

  api.route('post', '/messages/:id/read', {
    summary: '标为已读（打开消息时）', tags: TAGS, auth: true, params: MessageIdParams, response: MessageResponse, errors: [404],
    description: '只能标记自己的消息；他人的消息返回 404。重复标记不变。',
  }, async (ctx) => {
    const n = await NotificationModel.findOneAndUpdate({ _id: ctx.input.params.id, userId: me(ctx) }, { $set: { read: true } }, { returnDocument: 'after' }).lean();
    if (!n) throw notFound('resource.not_found', '未找到该消息');
    ctx.body = { data: presentMessage(n) };
  });
}
