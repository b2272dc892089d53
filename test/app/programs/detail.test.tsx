// Program detail: the facts in words; the owner's eligibility rule by rule; 申报 only when eligible and open,
// otherwise the reason; the current 公示.
import { fireEvent, render, screen, within } from '@testing-library/react';
import ProgramDetail from '@/packages/programs/detail/index';
import { reloadState, setSession } from '@/store/app';
import { callsOf, mockResponder, resetTaro, setPages } from '../support/taro';
import { application, json, owner, path, PID, program, ruleOk, ruleTraining } from './fixtures';

beforeEach(() => {
  resetTaro();
  reloadState();
  setPages([{ route: 'packages/programs/detail/index', options: { id: PID } }]);
});

function server(o: { eligible?: boolean; open?: boolean; apps?: unknown[]; workshop?: boolean } = {}) {
  mockResponder((req) => {
    const p = path(req.url);
    if (p === `/programs/${PID}`) return json({ data: program({ open: o.open ?? true, subsidy: null }) });
    if (p === `/programs/${PID}/notice`) {
      return json({ data: { program: { id: PID, name: 'x', kindLabel: '阳光作坊', issuer: 'y', noticeDays: 5 }, entries: [{ applicationId: '1', workshop: { id: '2', name: '甲', region: { code: '450203', name: '鱼峰区' } }, noticeFrom: '2026-11-30', noticeUntil: '2026-12-07' }], objectionHint: '' } });
    }
    if (p === `/programs/${PID}/eligibility`) {
      if (o.workshop === false) return json({ error: { code: 'resource.not_found', message: '您名下还没有作坊' } }, 404);
      const eligible = o.eligible ?? true;
      return json({ data: { programId: PID, workshop: { id: 'w1', name: '鱼峰李记螺蛳粉作坊' }, eligible, open: o.open ?? true, rules: eligible ? [ruleOk()] : [ruleOk(), ruleTraining()] } });
    }
    if (p === '/applications/mine') return json({ data: o.apps ?? [] });
    return json({ error: { code: 'route.not_found' } }, 404);
  });
}

test('the facts: issuer and level, places, window, materials, rules in words, notice days, validity; the notice count', async () => {
  server();
  render(<ProgramDetail />);
  await screen.findByRole('heading', { name: '鱼峰区阳光作坊' });
  expect(screen.getByText('柳州市鱼峰区市场监督管理局（县级）')).toBeTruthy();
  expect(screen.getByText('每年 20 个（全区域合计）')).toBeTruthy();
  expect(screen.getByText('2026-01-01 至 2026-12-31')).toBeTruthy();
  expect(screen.getByText('5 个工作日')).toBeTruthy();
  expect(screen.getByText('3 年')).toBeTruthy();
  expect(screen.getByText('• 生产场所照片（必交）')).toBeTruthy();
  expect(within(screen.getByTestId('program-rules')).getByText('• 已取得食品小作坊登记证且在有效期内')).toBeTruthy();
  expect(screen.getByText('1 家作坊正在公示，公示期内可提出异议。')).toBeTruthy();
  fireEvent.click(screen.getByRole('button', { name: '查看公示名单' }));
  expect(callsOf('navigateTo')).toContainEqual({ url: `/packages/programs/notice/index?id=${PID}` });
});

test('eligible and open: 申报 opens the form', async () => {
  setSession('tok', owner);
  server();
  render(<ProgramDetail />);
  const mine = await screen.findByTestId('my-eligibility');
  expect(await within(mine).findByText('符合条件 ✓')).toBeTruthy();
  fireEvent.click(within(mine).getByRole('button', { name: '申报' }));
  expect(callsOf('navigateTo')).toContainEqual({ url: `/packages/programs/apply/index?id=${PID}` });
});

test('not eligible: no 申报, the reason and each failed rule with what to do', async () => {
  setSession('tok', owner);
  server({ eligible: false });
  render(<ProgramDetail />);
  const mine = await screen.findByTestId('my-eligibility');
  expect(await within(mine).findByText('暂不符合 ✗')).toBeTruthy();
  expect(within(mine).queryByRole('button', { name: '申报' })).toBeNull();
  expect(within(mine).getByTestId('apply-reason').textContent).toBe('暂不符合申报条件，请先按下列提示办理');
  expect(within(mine).getByText('参加 8 学时培训，目前 4 学时')).toBeTruthy();
  expect(within(mine).getByText('✓')).toBeTruthy();
});

test('closed, or already applied this year: the reason instead of 申报', async () => {
  setSession('tok', owner);
  server({ open: false });
  const { unmount } = render(<ProgramDetail />);
  expect((await screen.findByTestId('apply-reason')).textContent).toBe('不在申报时间内');
  unmount();
  server({ apps: [application({ year: Number(new Date().toISOString().slice(0, 4)), status: 'under_review', statusLabel: '评审中' })] });
  render(<ProgramDetail />);
  expect((await screen.findByTestId('apply-reason')).textContent).toBe('本年度已申报，正在评审中');
  expect(screen.getByText('本年度申报：评审中')).toBeTruthy();
  expect(screen.queryByRole('button', { name: '申报' })).toBeNull();
});

test('an owner without a workshop: 去办理登记, no 申报', async () => {
  setSession('tok', owner);
  server({ workshop: false });
  render(<ProgramDetail />);
  expect(await screen.findByRole('button', { name: '去办理登记' })).toBeTruthy();
  expect(screen.queryByRole('button', { name: '申报' })).toBeNull();
});
