// Rows shaped as the training API answers them (shared/src/schemas/training.ts).
import type { BookingView, SessionView } from '@shared/schemas/training';

export const owner = { id: 'u1', name: '李秀英', roles: ['owner' as const], region: { code: '450203', name: '鱼峰区' }, phone: '138****5678' };

export const course = (n: number, over: Record<string, unknown> = {}) => ({
  id: `c${n}`, title: `食品安全法规第${n}讲`, category: 'law', categoryLabel: '法律法规', hours: 2, targetCategories: [],
  region: { code: '450203', name: '鱼峰区' }, trainerName: '王讲师', active: true, ...over,
});

export function session(over: Partial<SessionView> = {}): SessionView {
  return {
    id: 's1', course: { id: 'c1', title: '食品安全法规第1讲', category: 'law', categoryLabel: '法律法规', hours: 2 }, trainerName: '王讲师',
    region: { code: '450203', name: '鱼峰区' }, startsAt: '2026-12-10T01:00:00.000Z', endsAt: '2026-12-10T04:00:00.000Z',
    place: { address: '柳州市鱼峰区市场监管局三楼会议室', point: null }, onlineUrl: null, capacity: 30, seatsLeft: 12, feeFen: 0, feeLabel: '免费',
    signupDeadline: '2026-12-09T10:00:00.000Z', cancelDeadline: '2026-12-09T10:00:00.000Z', refundRule: 'full', refundRuleLabel: '截止时间前取消全额退款',
    status: 'open', statusLabel: '报名中', signupOpen: true, certificatesPending: false, ...over,
  };
}

export function booking(over: Partial<BookingView> = {}): BookingView {
  return {
    id: 'b1', session: session(), workshop: { id: 'w1', name: '鱼峰李记螺蛳粉作坊' }, attendee: { name: '李秀英', phoneMasked: '138****5678' },
    status: 'confirmed', statusLabel: '报名成功', holdUntil: null, offerUntil: null, waitlistPosition: null, checkInCode: null, checkedInAt: null,
    certificateNo: null, canCancel: false, canAcceptOffer: false, canPay: false, payment: null, createdAt: '2026-11-20T02:00:00.000Z', ...over,
  };
}

export const json = (data: unknown, statusCode = 200) => ({ statusCode, data });
export const path = (url: string) => new URL(url, 'http://x').pathname.replace(/^\/api\/v1/, '');
export const query = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams);
