// 我的申报: statuses in Chinese, the notice dates, a reviewer question answered from its box, 撤回 only after
// confirming, and the awards held with the story-edit link for a heritage one.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import MyPrograms from '@/packages/programs/mine/index';
import { reloadState, setSession } from '@/store/app';
import { callsOf, mockResponder, resetTaro, setPages, type RequestCall } from '../support/taro';
import { application, award, json, owner, path } from './fixtures';

const T = Taro as unknown as Record<string, unknown>;
let confirmAnswer = true;
beforeEach(() => {
  resetTaro();
  reloadState();
  setPages([{ route: 'packages/programs/mine/index', options: {} }]);
  confirmAnswer = true;
  T.showModal = () => Promise.resolve({ confirm: confirmAnswer, cancel: !confirmAnswer });
});
afterEach(() => { delete T.showModal; });

const A1 = '1'.repeat(24);
const A2 = '2'.repeat(24);
const A3 = '3'.repeat(24);
const AW = 'e'.repeat(24);
function server() {
  const list = [
    application({ id: A1, status: 'under_review', statusLabel: '评审中', questions: [{ id: 'q1', question: '请补充年产量', askedAt: '2026-11-25T02:00:00.000Z', answer: null, answeredAt: null, materials: [] }] }),
    application({ id: A2, status: 'in_notice', statusLabel: '已通过评审，公示中', noticeFrom: '2026-11-28', noticeUntil: '2026-12-04', canWithdraw: false, canAnswer: false }),
    application({ id: A3, status: 'awarded', statusLabel: '已授予', awardId: AW, canWithdraw: false, canAnswer: false, program: { id: 'p3', name: '广西非遗代表性传承人（传统食品技艺）', kind: 'heritage_inheritor', kindLabel: '非遗代表性传承人' } }),
  ];
  const posts: RequestCall[] = [];
  mockResponder((req) => {
    const p = path(req.url);
    if (p === '/applications/mine') return json({ data: list });
    if (p === `/awards/${AW}`) return json({ data: award() });
    if (req.method === 'POST') {
      posts.push(req);
      const a = list.find((x) => p.includes(x.id))!;
      if (p.endsWith('/withdraw')) Object.assign(a, { status: 'withdrawn', statusLabel: '已撤回', canWithdraw: false, canAnswer: false });
      if (p.endsWith('/answer')) a.questions[0] = { ...a.questions[0], answer: (req.data as { answer: string }).answer, answeredAt: '2026-11-30T02:00:00.000Z' };
      return json({ data: a });
    }
    return json({ error: { code: 'route.not_found' } }, 404);
  });
  return posts;
}
const card = (id: string) => document.querySelector(`[data-application="${id}"]`) as HTMLElement;

test('statuses in words, the notice period, and the award with its story-edit link', async () => {
  setSession('tok', owner);
  server();
  render(<MyPrograms />);
  await screen.findByText('申报记录');
  expect(within(card(A1)).getByTestId('application-status').textContent).toBe('评审中');
  expect(within(card(A2)).getByText('公示期：2026-11-28 至 2026-12-04，公示无异议后授予称号')).toBeTruthy();
  const aw = document.querySelector(`[data-award="${AW}"]`) as HTMLElement;
  expect(within(aw).getByText('非遗代表性传承人')).toBeTruthy();
  expect(within(aw).getByText(/授予单位：广西壮族自治区市场监督管理局/)).toBeTruthy();
  fireEvent.click(within(aw).getByRole('button', { name: '编写非遗故事 · 登记授徒' }));
  expect(callsOf('navigateTo')).toContainEqual({ url: `/packages/programs/story-edit/index?id=${AW}` });
  // No withdraw once approved.
  expect(within(card(A2)).queryByRole('button', { name: '撤回申报' })).toBeNull();
});

test('a reviewer question is answered from its box; an empty answer is refused', async () => {
  setSession('tok', owner);
  const posts = server();
  render(<MyPrograms />);
  await screen.findByText('请补充年产量');
  const box = within(card(A1));
  fireEvent.click(box.getByRole('button', { name: '提交答复' }));
  expect(await box.findByText('请填写答复')).toBeTruthy();
  fireEvent.input(box.getByLabelText('我的答复'), { target: { value: '年产约30吨' } });
  fireEvent.click(box.getByRole('button', { name: '提交答复' }));
  await waitFor(() => expect(posts).toHaveLength(1));
  expect(path(posts[0].url)).toBe(`/applications/${A1}/answer`);
  expect(posts[0].data).toEqual({ questionId: 'q1', answer: '年产约30吨' });
  expect(await box.findByText(/我的答复（.*）：年产约30吨/)).toBeTruthy();
});

test('撤回 asks first: cancelling sends nothing; confirming withdraws', async () => {
  setSession('tok', owner);
  const posts = server();
  render(<MyPrograms />);
  await screen.findByText('申报记录');
  confirmAnswer = false;
  fireEvent.click(within(card(A1)).getByRole('button', { name: '撤回申报' }));
  await act(() => Promise.resolve());
  expect(posts).toHaveLength(0);
  confirmAnswer = true;
  fireEvent.click(within(card(A1)).getByRole('button', { name: '撤回申报' }));
  await waitFor(() => expect(within(card(A1)).getByTestId('application-status').textContent).toBe('已撤回'));
  expect(path(posts[0].url)).toBe(`/applications/${A1}/withdraw`);
});

test('a guest is asked to log in; none yet points to the programs', async () => {
  render(<MyPrograms />);
  expect(screen.getByText('登录后查看我的申报')).toBeTruthy();
  expect(callsOf('request')).toHaveLength(0);
});
