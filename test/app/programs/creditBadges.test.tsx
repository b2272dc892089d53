// The public credit file shows each badge with its program, issuing body and dates; a heritage one links to
// its story page in the programs subpackage.
import { fireEvent, render, screen, within } from '@testing-library/react';
import WorkshopCredit from '@/packages/credit/workshop/index';
import { reloadState } from '@/store/app';
import { callsOf, mockResponder, resetTaro, setPages } from '../support/taro';
import { json, path } from './fixtures';

const W = '4'.repeat(24);
const HER = '5'.repeat(24);
const UNIT = '6'.repeat(24);
beforeEach(() => {
  resetTaro();
  reloadState();
  setPages([{ route: 'packages/credit/workshop/index', options: { id: W } }]);
});

const workshop = (awards: unknown[] | undefined) => ({
  id: W, name: '鱼峰韦记螺蛳粉作坊', region: { code: '450203001', name: '柳州市鱼峰区' }, categories: [], status: 'registered', statusLabel: '已登记',
  certificateStatus: 'valid', riskGrade: 'A', badges: ['非遗代表性项目', '食品小作坊示范单位'], lastInspectionAt: null, ownerName: '韦*', address: '柳石路1号', products: [],
  certificate: null, risk: null, latestInspection: null, ...(awards ? { awards } : {}),
});
const awardRow = (id: string, over: Record<string, unknown>) => ({
  id, badge: '食品小作坊示范单位', programId: 'p', programName: '广西食品小作坊示范单位', kind: 'model_unit', kindLabel: '食品小作坊示范单位',
  issuer: '柳州市市场监督管理局', grantedAt: '2026-09-20T02:00:00.000Z', validUntil: '2029-09-19T15:59:59.999Z', heritage: false, ...over,
});

function server(awards?: unknown[]) {
  mockResponder((req) => {
    const p = path(req.url);
    if (p === `/workshops/${W}`) return json(workshop(awards));
    if (p === `/workshops/${W}/timeline`) return json({ data: [] });
    return json({ error: { code: 'route.not_found' } }, 404);
  });
}

test('each badge with its program, issuing body and dates; the heritage one opens its story page', async () => {
  server([
    awardRow(HER, { badge: '非遗代表性项目', programName: '广西非物质文化遗产代表性项目（传统食品技艺）', kind: 'heritage_item', kindLabel: '非遗代表性项目', issuer: '广西壮族自治区市场监督管理局', heritage: true }),
    awardRow(UNIT, {}),
  ]);
  render(<WorkshopCredit />);
  const box = await screen.findByTestId('awards');
  const her = within(box.querySelector(`[data-award="${HER}"]`) as HTMLElement);
  expect(her.getByText('广西非物质文化遗产代表性项目（传统食品技艺）')).toBeTruthy();
  expect(her.getByText('广西壮族自治区市场监督管理局 · 2026-09-20 授予，有效期至 2029-09-19')).toBeTruthy();
  const unit = within(box.querySelector(`[data-award="${UNIT}"]`) as HTMLElement);
  expect(unit.queryByRole('link')).toBeNull();
  fireEvent.click(her.getByRole('link', { name: /非遗故事/ }));
  expect(callsOf('navigateTo')).toContainEqual({ url: `/packages/programs/story/index?id=${HER}` });
});

test('an older server without awards: the badges as before, no section', async () => {
  server(undefined);
  render(<WorkshopCredit />);
  await screen.findByRole('heading', { name: '鱼峰韦记螺蛳粉作坊' });
  expect(screen.queryByTestId('awards')).toBeNull();
  expect(screen.getByText('食品小作坊示范单位')).toBeTruthy();
});
