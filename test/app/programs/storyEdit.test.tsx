// The award holder's page: the story saved with photo ids taken from their public addresses; teaching hours
// recorded after confirming, the subsidy shown as the server computes it; the checks in words.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import StoryEdit, { apprenticeNames, teachingProblems } from '@/packages/programs/story-edit/index';
import { reloadState, setSession } from '@/store/app';
import { mockResponder, resetTaro, setPages, type RequestCall } from '../support/taro';
import { award, json, owner, path } from './fixtures';

const T = Taro as unknown as Record<string, unknown>;
const AW = 'e'.repeat(24);
const PHOTO = '7'.repeat(24);
beforeEach(() => {
  resetTaro();
  reloadState();
  setSession('tok', owner);
  setPages([{ route: 'packages/programs/story-edit/index', options: { id: AW } }]);
  T.showModal = () => Promise.resolve({ confirm: true, cancel: false });
});
afterEach(() => { delete T.showModal; });

function server() {
  const calls: RequestCall[] = [];
  let subsidy = { awardId: AW, year: 2026, entries: [] as unknown[], hours: 0, apprentices: 0, requiredHours: 40, fenPerYear: 1_000_000, dueFen: 0, dueLabel: '0.00元' };
  mockResponder((req) => {
    const p = path(req.url);
    if (p === `/awards/${AW}` && req.method === 'GET') {
      return json({ data: award({ story: { technique: '石螺熬汤', inheritor: '韦德明', history: '始于八十年代', photos: [`/api/v1/files/${PHOTO}`] } }) });
    }
    if (p === `/awards/${AW}/teaching` && req.method === 'GET') return json({ data: subsidy });
    if (req.method !== 'GET') calls.push(req);
    if (p === `/awards/${AW}/teaching`) {
      subsidy = { ...subsidy, entries: [{ date: '2026-11-30', apprentices: ['李小明', '韦小红'], hours: 10, note: null }], hours: 10, apprentices: 2, dueFen: 250_000, dueLabel: '2500.00元' };
      return json({ data: subsidy }, 201);
    }
    if (p === `/awards/${AW}/story`) return json({ data: award() });
    return json({ error: { code: 'route.not_found' } }, 404);
  });
  return calls;
}

test('helpers: apprentice names split and deduplicated; teaching checks', () => {
  expect(apprenticeNames('李小明、韦小红，李小明 蒙小兰')).toEqual(['李小明', '韦小红', '蒙小兰']);
  expect(teachingProblems({ date: '2026-12-02', apprentices: '', hours: '0.3' }, '2026-12-01')).toEqual([
    '授徒日期不能晚于今天', '请填写徒弟姓名', '学时为0.5到24之间、以0.5为单位的数',
  ]);
  expect(teachingProblems({ date: '2026-11-30', apprentices: '李小明', hours: '2.5' }, '2026-12-01')).toEqual([]);
});

test('the story is saved with the photo ids of its public addresses', async () => {
  const calls = server();
  render(<StoryEdit />);
  const form = within(await screen.findByTestId('story-form'));
  expect((form.getByLabelText('传统技艺') as HTMLTextAreaElement).value).toBe('石螺熬汤');
  fireEvent.input(form.getByLabelText('历史渊源'), { target: { value: '始于上世纪八十年代的夜市' } });
  fireEvent.click(form.getByRole('button', { name: '保存故事' }));
  await waitFor(() => expect(calls).toHaveLength(1));
  expect(calls[0].method).toBe('PUT');
  expect(calls[0].data).toEqual({ technique: '石螺熬汤', inheritor: '韦德明', history: '始于上世纪八十年代的夜市', photos: [PHOTO] });
});

test('teaching: recorded after confirming; the subsidy as the server computes it', async () => {
  const calls = server();
  render(<StoryEdit />);
  expect(await screen.findByText('本年度补贴测算：0.00元')).toBeTruthy();
  const form = within(screen.getByTestId('teaching-form'));
  fireEvent.input(form.getByLabelText('徒弟姓名'), { target: { value: '李小明、韦小红' } });
  fireEvent.input(form.getByLabelText('学时'), { target: { value: '10' } });
  fireEvent.click(form.getByRole('button', { name: '登记授徒' }));
  await waitFor(() => expect(calls).toHaveLength(1));
  expect(calls[0].data).toMatchObject({ apprentices: ['李小明', '韦小红'], hours: 10 });
  expect(await screen.findByText('本年度补贴测算：2500.00元')).toBeTruthy();
  expect(screen.getByText(/授徒 2 人，累计 10 学时/)).toBeTruthy();
});
