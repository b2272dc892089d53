// The web portal shows the unread count on 我的's 消息 row (pages/mine); its tab bar carries no badge.
export function showUnreadBadge(_unread: number): void {}
