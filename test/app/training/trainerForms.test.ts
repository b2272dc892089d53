// The trainer's course and session forms: fee in 元 sent as fen, Beijing date/time pickers sent as instants,
// place or online link, and the shared schemas' rules and messages.
import { courseBody, emptyCourseForm, emptySessionForm, sessionBody, type SessionForm } from '@/packages/training/lib/forms';
import { fenFromYuan, yuanLabel } from '@/packages/training/lib/format';

const NOW = Date.parse('2026-11-30T00:00:00Z');
const beijingDay = (now: number, n: number) => new Date(now + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);
const COURSE = 'c'.repeat(24);
const filled = (over: Partial<SessionForm> = {}): SessionForm => ({
  ...emptySessionForm(), startDate: '2026-12-10', startTime: '09:00', endTime: '12:00', address: '鱼峰区市场监管局三楼', signupDate: '2026-12-09', cancelDate: '2026-12-08', ...over,
});

test('fees: 元 to fen, two decimals at most', () => {
  expect(fenFromYuan('')).toBe(0);
  expect(fenFromYuan('50')).toBe(5000);
  expect(fenFromYuan('12.5')).toBe(1250);
  expect(fenFromYuan('0.01')).toBe(1);
  expect(fenFromYuan('1.234')).toBeNull();
  expect(fenFromYuan('-3')).toBeNull();
  expect(yuanLabel(1250)).toBe('¥12.50');
  expect(yuanLabel(0)).toBe('免费');
});

test('a session form becomes the API body: Beijing times with +08:00, fee in fen, place or link', () => {
  const { body, errors } = sessionBody(COURSE, filled({ feeYuan: '50', refundRule: 'half' }), true, NOW);
  expect(errors).toEqual([]);
  expect(body).toMatchObject({
    courseId: COURSE, startsAt: '2026-12-10T09:00:00+08:00', endsAt: '2026-12-10T12:00:00+08:00',
    signupDeadline: '2026-12-09T18:00:00+08:00', cancelDeadline: '2026-12-08T18:00:00+08:00',
    place: { address: '鱼峰区市场监管局三楼' }, capacity: 30, feeFen: 5000, refundRule: 'half', publish: true,
  });
  expect(body).not.toHaveProperty('onlineUrl');
  const online = sessionBody(COURSE, filled({ mode: 'online', onlineUrl: 'https://meeting.example.cn/j/1' }), false, NOW).body;
  expect(online).toMatchObject({ onlineUrl: 'https://meeting.example.cn/j/1', feeFen: 0, refundRule: 'full', publish: false });
  expect(online).not.toHaveProperty('place');
});

test('what is missing or wrong is named, with the shared schema\'s messages for its rules', () => {
  expect(sessionBody(COURSE, emptySessionForm(), false, NOW).errors).toEqual(['请选择开始日期和时间', '请选择报名截止时间', '请选择取消截止时间', '请填写培训地点']);
  // Opened on a page: a week ahead, sign-up and cancellation closing the evening before.
  expect(emptySessionForm(NOW)).toMatchObject({ startDate: beijingDay(NOW, 7), endDate: beijingDay(NOW, 7), signupDate: beijingDay(NOW, 6), cancelDate: beijingDay(NOW, 6) });
  expect(sessionBody(COURSE, { ...emptySessionForm(NOW), address: '鱼峰区市场监管局三楼' }, true, NOW).errors).toEqual([]);
  expect(sessionBody(COURSE, filled({ startDate: '2026-11-01', signupDate: '2026-10-30', cancelDate: '2026-10-30' }), false, NOW).errors).toEqual(['开始时间须在将来']);
  expect(sessionBody(COURSE, filled({ capacity: '0', feeYuan: 'abc' }), false, NOW).errors).toEqual(['名额须为正整数', '费用请填写金额（元，最多两位小数）']);
  expect(sessionBody(COURSE, filled({ endTime: '08:00' }), false, NOW).errors).toEqual(['结束时间须晚于开始时间']);
  expect(sessionBody(COURSE, filled({ signupDate: '2026-12-11' }), false, NOW).errors).toEqual(['报名截止时间不能晚于开始时间']);
  expect(sessionBody(COURSE, filled({ mode: 'online', onlineUrl: 'http://x.cn' }), false, NOW).errors).toEqual(['请填写 https 开头的线上培训链接']);
});

test('a course form: required fields, hours in halves', () => {
  expect(courseBody(emptyCourseForm()).errors).toEqual(['请填写课程名称', '请选择课程类别', '请填写课程介绍', '请填写学时（0.5 的倍数）']);
  const ok = courseBody({ title: ' 食品安全法规 ', category: 'law', description: '讲解', hours: '2.5' });
  expect(ok).toEqual({ body: { title: '食品安全法规', category: 'law', description: '讲解', hours: 2.5, targetCategories: [], materials: [] }, errors: [] });
  expect(courseBody({ title: '法规', category: 'law', description: '讲解', hours: '2.3' }).errors).toHaveLength(1);
});
