// Message centre (消息): my notices and the unread count for the badge on 我的.
import type { MessageView } from '@shared/schemas/messages';
import { ROUTES } from '@/constants/routes';
import { api } from '@/services/request';
import { showUnreadBadge } from '@/services/tabBadge';

export type Message = MessageView;
export const MESSAGES_PAGE = ROUTES.messages;

const quiet = { toast: false } as const;

export const messagesApi = {
  list: (page: number, status: 'all' | 'unread') =>
    api.get<{ data: Message[]; total: number; unread: number }>('/messages', { page, pageSize: 20, status }, quiet),
  read: (id: string) => api.post<{ data: Message }>(`/messages/${id}/read`, undefined, quiet),
  readAll: () => api.post<{ updated: number; unread: number }>('/messages/read-all', undefined, { loading: '请稍候' }),
  unreadCount: () => api.get<{ unread: number }>('/messages/unread-count', undefined, quiet).then((r) => r.unread ?? 0),
};

/** The unread count, shown as the 我的 tab's badge where the platform has one; 0 when it cannot be read. */
export async function refreshUnread(): Promise<number> {
  const n = await messagesApi.unreadCount().catch(() => null);
  if (n !== null) showUnreadBadge(n);
  return n ?? 0;
}

/** A message's page as an app URL (the server stores mini-program paths without the leading slash). */
export const messageUrl = (page: string | null): string | null => (page ? (page.startsWith('/') ? page : `/${page}`) : null);
