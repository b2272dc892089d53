// The desk's list pages: programs with the work waiting, quota and notices; flagged awards revoked (reason,
// confirmation) or kept; a failed load offers 重试.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import ProgramDesk from '@/packages/programs/desk/index';
import FlaggedAwards from '@/packages/programs/desk/flagged/index';
import { reloadState, setSession } from '@/store/app';
import { mockResponder, resetTaro, setPages, type RequestCall } from '../support/taro';
import { json, path } from '../training/fixtures';

const admin = { id: 'u9', name: '柳州市局评审', roles: ['admin' as const], region: { code: '4502', name: '柳州市' }, phone: null };
const T = Taro as unknown as Record<string, unknown>;
const modals: Array<{ title: string; content: string }> = [];
let confirmAnswer = true;
beforeEach(() => {
  resetTaro();
  reloadState();
  setSession('tok', admin);
  modals.length = 0;
  confirmAnswer = true;
  T.showModal = (a: { title: string; content: string }) => { modals.push(a); return Promise.resolve({ confirm: confirmAnswer, cancel: !confirmAnswer }); };
});
afterEach(() => { delete T.showModal; });

const program = (id: string, name: string) => ({
  id, name, kind: 'model_unit', kindLabel: '食品小作坊示范单位', description: '', badge: '示范单位', region: { code: '45', name: '广西壮族自治区' }, level: 'province', levelLabel: '省级',
  issuer: '广西壮族自治区市场监督管理局', quota: { perYear: 3, scope: 'county', scopeLabel: '每个区县' }, applyFrom: '2026-01-01', applyUntil: '2026-12-31', open: true,
  materials: [], rules: [], reviewSteps: [], minScores: 1, noticeDays: 5, validityYears: 3, subsidy: null, revokeOn: { penaltyMinFineFen: 0, failedSampleItems: [] }, active: true,
});

test('the desk: each program with its counts, this year\'s places and the notice running; 待复核称号 with its count', async () => {
  setPages([{ route: 'packages/programs/desk/index', options: {} }]);
  let failures = 3; // the first load and its two retries
  mockResponder((req) => {
    if (path(req.url) !== '/programs/desk') return json({}, 404);
    if (failures > 0) { failures -= 1; return json({ error: { code: 'server.error', message: '服务暂时不可用' } }, 500); }
    return json({
      flagged: 2,
      data: [{
        program: program('p1', '广西食品小作坊示范单位'), canEdit: false,
        counts: { submitted: 2, under_review: 1, in_notice: 2, awarded: 4, rejected: 0, withdrawn: 0 },
        quota: { year: 2026, perYear: 3, scopeLabel: '每个区县', used: 6, capacity: 30, left: 24, byCounty: [{ region: { code: '450203', name: '鱼峰区' }, used: 3, left: 0 }, { region: { code: '450204', name: '柳南区' }, used: 3, left: 0 }] },
        notice: { running: 2, until: '2026-12-08', openObjections: 1 },
      }],
    });
  });
  render(<ProgramDesk />);
  // The first load fails (after its retries): 重试 loads again.
  fireEvent.click(await screen.findByText('重试', undefined, { timeout: 10_000 }));
  const row = await screen.findByText('广西食品小作坊示范单位');
  const item = row.closest('[data-program]') as HTMLElement;
  expect(within(item).getByTestId('quota').textContent).toBe('2026年名额：已用 6，剩余 24（每个区县 3 个，共 30 个）');
  expect(within(item).getByTestId('notice').textContent).toBe('公示中 2 家，至 2026-12-08，待处理异议 1 件');
  expect(item.querySelector('[data-count=submitted]')!.textContent).toBe('待评审 2');
  expect(item.querySelector('[data-count=rejected]')).toBeNull();
  expect(screen.getByText('待复核称号（2）')).toBeTruthy();
});

test('flagged awards: revoking needs a reason and a confirmation (cancelled: nothing sent); keeping needs a note', async () => {
  setPages([{ route: 'packages/programs/desk/flagged/index', options: {} }]);
  const posts: RequestCall[] = [];
  const award = {
    id: 'w'.repeat(24), program: { id: 'p1', name: '柳州市名特优食品作坊', kind: 'famous_specialty', kindLabel: '名特优食品作坊' }, badge: '名特优',
    workshop: { id: 'ws1', name: '韦记米粉作坊', region: { code: '450203001', name: '柳州市鱼峰区' } }, issuer: '柳州市市场监督管理局',
    grantedAt: '2026-09-01T02:00:00.000Z', validUntil: '2029-09-01T02:00:00.000Z', status: 'flagged', statusLabel: '违法违规待复核', story: null,
    flags: [{ at: '2026-11-30T02:00:00.000Z', reason: '行政处罚：使用超范围食品添加剂' }], history: [], revokedAt: null, revokeReason: null,
  };
  let list = [award];
  mockResponder((req) => {
    const p = path(req.url);
    if (req.method === 'GET' && p === '/awards/flagged') return json({ data: list });
    if (req.method === 'POST') { posts.push(req); list = []; return json({ data: { ...award, status: p.endsWith('/revoke') ? 'revoked' : 'active' } }); }
    return json({}, 404);
  });
  render(<FlaggedAwards />);
  const card = (await screen.findByText('韦记米粉作坊')).closest('[data-award]') as HTMLElement;
  expect(within(card).getByTestId('flags').textContent).toContain('行政处罚：使用超范围食品添加剂');
  fireEvent.click(within(card).getByText('撤销称号'));
  expect(within(card).getByTestId('award-errors').textContent).toBe('撤销称号须填写理由，作坊业主会看到');
  fireEvent.click(within(card).getByText('复核后保留'));
  expect(within(card).getByTestId('award-errors').textContent).toBe('保留称号须填写复核意见');
  expect(modals).toHaveLength(0);
  fireEvent.input(within(card).getByLabelText('撤销理由或复核意见'), { target: { value: '使用超范围食品添加剂被处罚' } });
  // Cancelled at the confirmation: nothing is sent.
  confirmAnswer = false;
  fireEvent.click(within(card).getByText('撤销称号'));
  await waitFor(() => expect(modals).toHaveLength(1));
  expect(modals[0]).toMatchObject({ title: '撤销称号' });
  expect(modals[0].content).toContain('此操作不可撤回');
  expect(posts).toHaveLength(0);
  confirmAnswer = true;
  fireEvent.click(within(card).getByText('撤销称号'));
  await waitFor(() => expect(posts).toHaveLength(1));
  expect(path(posts[0].url)).toBe(`/awards/${award.id}/revoke`);
  expect(posts[0].data).toEqual({ reason: '使用超范围食品添加剂被处罚' });
  await screen.findByText('没有待复核的称号');
});
