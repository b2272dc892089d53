// 非遗与品牌 home: a signed-in owner sees 适合我的项目 first, each with 符合条件 ✓ / 暂不符合 ✗ and, for a
// failed rule, what to do with a link (training); every open program grouped by kind; a guest is asked to log
// in and nothing of theirs is requested; an owner without a workshop is pointed to registration.
import { fireEvent, render, screen, within } from '@testing-library/react';
import ProgramsIndex from '@/packages/programs/index/index';
import { reloadState, setSession } from '@/store/app';
import { ROUTES } from '@/constants/routes';
import { callsOf, mockResponder, resetTaro, setPages, type RequestCall } from '../support/taro';
import { json, modelUnit, owner, path, PID, PID2, program, ruleOk, ruleTraining } from './fixtures';

beforeEach(() => {
  resetTaro();
  reloadState();
  setPages([{ route: 'packages/programs/index/index', options: {} }]);
});

const closed = program({ id: 'f'.repeat(24), name: '已截止的老字号', kind: 'time_honored', kindLabel: '老字号', open: false });

function server(forMe: 'ok' | 'none' = 'ok') {
  mockResponder((req) => {
    const p = path(req.url);
    if (p === '/programs') return json({ data: [program(), modelUnit(), closed] });
    if (p === '/programs/for-me') {
      if (forMe === 'none') return json({ error: { code: 'resource.not_found', message: '您名下还没有作坊，请先办理登记' } }, 404);
      return json({
        data: {
          workshop: { id: 'w1', name: '鱼峰李记螺蛳粉作坊' },
          programs: [
            { program: program(), eligible: true, rules: [ruleOk()], applicationStatus: null },
            { program: modelUnit(), eligible: false, rules: [ruleOk(), ruleTraining()], applicationStatus: null },
          ],
        },
      });
    }
    return json({ error: { code: 'route.not_found' } }, 404);
  });
}

test('an owner: 适合我的项目 first, one eligible and one not with what to do; the training link opens the course list', async () => {
  setSession('tok', owner);
  server();
  render(<ProgramsIndex />);
  const mine = await screen.findByText('适合我的项目（鱼峰李记螺蛳粉作坊）');
  const section = mine.closest('[data-section="for-me"]') as HTMLElement;
  const ok = section.querySelector(`[data-program="${PID}"]`) as HTMLElement;
  const no = section.querySelector(`[data-program="${PID2}"]`) as HTMLElement;
  expect(within(ok).getByText('符合条件 ✓')).toBeTruthy();
  expect(within(no).getByText('暂不符合 ✗')).toBeTruthy();
  // Only the failed rules, in words, with the situation now.
  expect(within(no).getByText('参加 8 学时培训，目前 4 学时')).toBeTruthy();
  expect(within(no).getByText('目前：近12个月 4 学时')).toBeTruthy();
  expect(within(no).queryByText('已取得食品小作坊登记证且在有效期内')).toBeNull();
  expect(within(ok).queryByTestId('rule-todo')).toBeNull();
  fireEvent.click(within(no).getByRole('link', { name: /去报名培训/ }));
  expect(callsOf('navigateTo')).toContainEqual({ url: ROUTES.training });
  fireEvent.click(within(no).getByText('广西食品小作坊示范单位'));
  expect(callsOf('navigateTo')).toContainEqual({ url: `/packages/programs/detail/index?id=${PID2}` });
});

test('every program open now, grouped by kind with level, issuer and window; a closed one is left out', async () => {
  server();
  render(<ProgramsIndex />);
  await screen.findByText('正在申报的项目');
  const groups = Array.from(document.querySelectorAll('[data-kind]')).map((g) => g.getAttribute('data-kind'));
  expect(groups).toEqual(['model_unit', 'sunshine']);
  expect(screen.queryByText('已截止的老字号')).toBeNull();
  const sunshine = document.querySelector(`[data-open-program="${PID}"]`) as HTMLElement;
  expect(within(sunshine).getByText('县级 · 柳州市鱼峰区市场监督管理局 · 广西壮族自治区柳州市鱼峰区')).toBeTruthy();
  expect(within(sunshine).getByText(/申报时间：2026-01-01 至 2026-12-31/)).toBeTruthy();
});

test('a guest is asked to log in; for-me is not requested; 获评名单 and 非遗美食 are there', async () => {
  server();
  render(<ProgramsIndex />);
  await screen.findByText('正在申报的项目');
  expect(screen.getByRole('button', { name: '登录查看适合我的项目' })).toBeTruthy();
  expect((callsOf('request') as RequestCall[]).map((r) => path(r.url))).toEqual(['/programs']);
  expect(screen.queryByRole('button', { name: '我的申报' })).toBeNull();
  fireEvent.click(screen.getByRole('button', { name: '非遗美食' }));
  expect(callsOf('navigateTo')).toContainEqual({ url: '/packages/programs/gallery/index' });
});

test('an owner without a workshop is pointed to registration; the programs still show', async () => {
  setSession('tok', owner);
  server('none');
  render(<ProgramsIndex />);
  fireEvent.click(await screen.findByRole('button', { name: '去办理登记' }));
  expect(callsOf('navigateTo')).toContainEqual({ url: ROUTES.registration });
  expect(screen.getByText('鱼峰区阳光作坊')).toBeTruthy();
});

test('a failed load says so and 重试 loads again', async () => {
  let fail = true;
  mockResponder((req) => {
    if (fail) return json({ error: { code: 'server.error' } }, 503);
    return path(req.url) === '/programs' ? json({ data: [program()] }) : json({}, 404);
  });
  render(<ProgramsIndex />);
  const retry = await screen.findByRole('button', { name: '重试' }, { timeout: 5000 });
  fail = false;
  fireEvent.click(retry);
  expect(await screen.findByText('鱼峰区阳光作坊')).toBeTruthy();
});
