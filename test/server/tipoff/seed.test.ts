// Demo data: tip-offs in every state across the demo counties, the first one trackable.
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs } from '../../support/factories';
import { seedDemo, DEMO_COUNTIES } from '../../../server/src/seed/demo';
import { DEMO_TIPOFF } from '../../../server/src/seed/tipoffs';
import { TipoffCaseModel } from '../../../server/src/models/TipoffCase';
import { TipoffRewardModel } from '../../../server/src/models/TipoffReward';
import { TIPOFF_STATUSES } from '../../../shared/src/domain/tipoff';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

it('seeds tip-offs in every case and reward state in each demo county', async () => {
  await seedDemo(t.services.regions, { workshops: 60, cipher: t.services.cipher });
  for (const county of DEMO_COUNTIES) {
    expect((await TipoffCaseModel.distinct('status', { county })).sort()).toEqual([...TIPOFF_STATUSES].sort());
  }
  expect((await TipoffRewardModel.distinct('status')).sort()).toEqual(['approved', 'failed', 'paid', 'proposed']);
  const track = await t.http.get('/api/v1/tipoffs/track').query({ code: DEMO_TIPOFF.receiptCode, token: DEMO_TIPOFF.token });
  expect(track.status).toBe(200);
  expect(track.body).toMatchObject({ status: 'closed', reportCount: 3, outcome: { resultLabel: '查实' }, reward: { status: 'paid' } });
  const inspector = await loginAs(t, 'inspector');
  const inbox = await t.http.get('/api/v1/tipoffs').set(inspector.auth);
  expect(inbox.body.data[0]).toMatchObject({ escalated: true, deadline: { overdue: true } });
});

it('dates demo cases from their submission, so handling times on the dashboard are never negative', async () => {
  const cases = await TipoffCaseModel.find({ acceptedAt: { $ne: null } }).lean();
  expect(cases.length).toBeGreaterThan(0);
  for (const c of cases) expect(new Date(c.acceptedAt!).getTime()).toBeGreaterThanOrEqual(new Date(c.createdAt!).getTime());
});
