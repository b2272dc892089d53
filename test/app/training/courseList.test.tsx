// 课程: the public course list, filtered by category chips and by “附近” (the user's region).
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import TrainingIndex from '@/packages/training/index/index';
import { reloadState, setSession } from '@/store/app';
import { callsOf, mockResponder, resetTaro, setPages, type RequestCall } from '../support/taro';
import { course, json, owner, path, query } from './fixtures';

const seen: Array<Record<string, string>> = [];
beforeEach(() => {
  resetTaro();
  reloadState();
  seen.length = 0;
  setPages([{ route: 'packages/training/index/index', options: {} }]);
});

const courses = (req: RequestCall) => {
  if (path(req.url) !== '/courses') return json({ error: { code: 'route.not_found' } }, 404);
  const q = query(req.url);
  seen.push(q);
  const rows = q.category === 'labeling' ? [] : [course(1), course(2, { title: '小作坊操作规范', category: 'practice', categoryLabel: '操作规范' })];
  return json({ data: rows, page: 1, pageSize: 20, total: rows.length });
};

test('lists the courses and opens one', async () => {
  mockResponder(courses);
  render(<TrainingIndex />);
  expect(await screen.findByText('食品安全法规第1讲')).toBeTruthy();
  expect(screen.getByText('小作坊操作规范')).toBeTruthy();
  expect(screen.getByText('已显示全部课程')).toBeTruthy();
  fireEvent.click(screen.getByText('食品安全法规第1讲'));
  expect(callsOf('navigateTo')).toContainEqual({ url: '/packages/training/course/index?id=c1' });
});

test('a category chip asks for that category; an empty category says so', async () => {
  mockResponder(courses);
  render(<TrainingIndex />);
  await screen.findByText('食品安全法规第1讲');
  fireEvent.click(screen.getByRole('radio', { name: '标签标识' }));
  expect(await screen.findByText('暂无课程')).toBeTruthy();
  expect(seen.at(-1)).toMatchObject({ category: 'labeling' });
  fireEvent.click(screen.getByRole('radio', { name: '全部' }));
  expect(await screen.findByText('食品安全法规第1讲')).toBeTruthy();
  expect(seen.at(-1)?.category).toBeUndefined();
});

test('附近 asks for the courses of the user\'s region; a guest is told to log in first', async () => {
  mockResponder(courses);
  const { unmount } = render(<TrainingIndex />);
  await screen.findByText('食品安全法规第1讲');
  fireEvent.click(screen.getByRole('switch', { name: /附近/ }));
  expect(callsOf('showToast')).toContainEqual(expect.objectContaining({ title: '登录后可查看附近的课程' }));
  expect(seen.every((q) => !q.region)).toBe(true);
  unmount();

  setSession('tok', owner);
  render(<TrainingIndex />);
  await screen.findByText('食品安全法规第1讲');
  fireEvent.click(screen.getByRole('switch', { name: /附近/ }));
  await waitFor(() => expect(seen.at(-1)).toMatchObject({ region: '450203' }));
  expect(screen.getByRole('switch', { name: /附近：鱼峰区/ })).toBeTruthy();
});

test('a failed load offers 重试', async () => {
  let down = true;
  mockResponder((req) => (down ? json({}, 503) : courses(req)));
  render(<TrainingIndex />);
  expect(await screen.findByRole('alert', {}, { timeout: 5000 })).toBeTruthy();
  down = false;
  fireEvent.click(screen.getByRole('button', { name: '重试' }));
  expect(await screen.findByText('食品安全法规第1讲')).toBeTruthy();
});

test('trainers see the 讲师工作台 entry, owners do not', async () => {
  mockResponder(courses);
  setSession('tok', owner);
  const { unmount } = render(<TrainingIndex />);
  await screen.findByText('食品安全法规第1讲');
  expect(screen.queryByRole('button', { name: '讲师工作台' })).toBeNull();
  unmount();
  setSession('tok', { ...owner, roles: ['trainer'] });
  render(<TrainingIndex />);
  fireEvent.click(await screen.findByRole('button', { name: '讲师工作台' }));
  expect(callsOf('navigateTo')).toContainEqual({ url: '/packages/training/desk/index' });
});
