// The reward queue (GET /tipoff-rewards) is a region's queue: the region is in the query, so a county's
// rewards show however many older rewards other regions have. It used to take the 500 oldest rewards of
// the country and filter them by region afterwards, which left this county admin an empty queue.
import { Types } from 'mongoose';
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs, type LoggedIn } from '../../support/factories';
import { fillRewardRegions } from '../../../server/src/db/migrate';
import { TipoffRewardModel } from '../../../server/src/models/TipoffReward';
import { caseOf, submitted } from './support';

let t: TestApp;
let inspector: LoggedIn;
let countyAdmin: LoggedIn;
beforeAll(async () => {
  t = await createTestApp({ TIPOFF_SUBMITS_PER_HOUR: '1000' });
  inspector = await loginAs(t, 'inspector', { region: '450203', name: '鱼峰承办人' });
  countyAdmin = await loginAs(t, 'admin', { region: '450203', name: '鱼峰区局管理员' });
});
afterAll(async () => { await t.close(); });

/** A confirmed case of 鱼峰区 with a proposed reward; returns the reward id. */
async function proposedHere(n: number): Promise<string> {
  const r = await submitted(t, { location: { lat: 24.2 + n * 0.01, lng: 109.4 }, description: `队列测试 ${n}` });
  const id = await caseOf(r);
  await t.http.post(`/api/v1/tipoffs/${id}/accept`).set(inspector.auth).expect(200);
  const closed = await t.http.post(`/api/v1/tipoffs/${id}/close`).set(inspector.auth)
    .send({ result: 'confirmed', publicReason: '查实', blackWorkshop: { name: `队列黑作坊${n}`, address: `某路${n}号`, categories: [] } }).expect(200);
  const res = await t.http.post(`/api/v1/tipoffs/${id}/rewards`).set(inspector.auth).send({ reportId: closed.body.data.reports[0].id, level: 4, reason: '线索准确' }).expect(201);
  return res.body.data.id;
}

/** `n` proposed rewards of 南宁 (4501), older than anything of 鱼峰区. */
async function elsewhereOlder(n: number) {
  const old = new Date('2025-01-01T00:00:00Z');
  await TipoffRewardModel.insertMany(Array.from({ length: n }, (_, i) => ({
    caseId: String(new Types.ObjectId()), region: '450102001', tipoffId: `other-${i}`, level: 4, amountFen: 5_000, reason: '外市',
    status: 'proposed', proposerId: String(new Types.ObjectId()), createdAt: new Date(old.getTime() + i * 1000), updatedAt: old,
  })), { timestamps: false });
}

describe('GET /api/v1/tipoff-rewards', () => {
  it('shows a county its own rewards even behind 500 older rewards of other regions', async () => {
    await elsewhereOlder(520);
    const mine = await proposedHere(1);
    const queue = await t.http.get('/api/v1/tipoff-rewards').set(countyAdmin.auth);
    expect(queue.status).toBe(200);
    expect(queue.body.data.map((r: { reward: { id: string } }) => r.reward.id)).toEqual([mine]);
    expect(queue.body.data[0]).toMatchObject({ regionName: expect.stringContaining('鱼峰区'), reward: { status: 'proposed', proposedBy: { name: '鱼峰承办人' } } });
    // And nothing of another region leaks into it.
    expect(JSON.stringify(queue.body)).not.toContain('外市');
  });

  it('a reward proposed before rewards carried a region gets it from its case at start-up', async () => {
    const id = await proposedHere(2);
    await TipoffRewardModel.collection.updateOne({ _id: new Types.ObjectId(id) }, { $unset: { region: '' } });
    const before = await t.http.get('/api/v1/tipoff-rewards').set(countyAdmin.auth);
    expect(before.body.data.map((r: { reward: { id: string } }) => r.reward.id)).not.toContain(id);
    expect(await fillRewardRegions()).toBe(1);
    expect((await TipoffRewardModel.findById(id).lean())!.region).toBe('450203001');
    const after = await t.http.get('/api/v1/tipoff-rewards').set(countyAdmin.auth);
    expect(after.body.data.map((r: { reward: { id: string } }) => r.reward.id)).toContain(id);
    expect(await fillRewardRegions()).toBe(0);
  });
});
