import { createTestApp, type TestApp } from '../../support/app';
import { buildWorkshop, checklist, loginAs, type LoggedIn } from '../../support/factories';
import { drawCount, runDraw, sha256Hex } from '../../../shared/src/domain/draw';
import { DrawTaskModel } from '../../../server/src/models/DrawTask';
import { InspectionTaskModel } from '../../../server/src/models/InspectionTask';
import { newSeed } from '../../../server/src/commands/supervision/draws';
import { expectUnchanged } from '../../support/unchanged';

let t: TestApp;
let admin: LoggedIn;
let countyAdmin: LoggedIn;
const inspectors: LoggedIn[] = [];

beforeAll(async () => {
  t = await createTestApp();
  admin = await loginAs(t, 'admin', { name: '柳州市局' });
  countyAdmin = await loginAs(t, 'admin', { region: '450204', name: '柳南区局' });
  for (const [name, region] of [['鱼峰甲', '450203'], ['鱼峰乙', '450203'], ['鱼峰丙', '450203'], ['柳南甲', '450204'], ['柳南乙', '450204'], ['桂林甲', '450303']]) {
    inspectors.push(await loginAs(t, 'inspector', { name, region }));
  }
  const cats = ['rice_flour', 'tea', 'meat', 'condiment'];
  for (let i = 0; i < 24; i++) {
    await buildWorkshop(t, { name: `抽查${i}号作坊`, region: i % 2 ? '450203001' : '450204002', categories: [cats[i % 4]], keyArea: i % 3 === 0 ? '农贸集市' : null });
  }
  await buildWorkshop(t, { name: '桂林作坊', region: '450303001' });
});
afterAll(async () => { await t.close(); });

const task = (over: Record<string, unknown> = {}) => ({ title: '2026年第三季度双随机抽查', region: '4502', categories: [], sharePercent: 25, periodStart: '2026-07-01', periodEnd: '2026-09-30', ...over });

describe('the draw as a pure function', () => {
  it('sha256 matches the known vector, and the same seed gives the same list', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const { seed, seedHash } = newSeed();
    expect(sha256Hex(seed)).toBe(seedHash);
    const input = {
      seed, count: 3,
      candidates: ['c', 'a', 'b', 'd', 'e'].map((id, i) => ({ id, region: '450203001', keyCategory: i % 2 === 0, keyArea: false })),
      inspectors: [{ id: 'x', region: '450203' }, { id: 'y', region: '450203' }, { id: 'z', region: '4502' }],
    };
    const first = runDraw(input);
    expect(first).toHaveLength(3);
    expect(new Set(first.map((p) => p.workshopId)).size).toBe(3);
    for (const p of first) { expect(p.inspectorIds).toHaveLength(2); expect(new Set(p.inspectorIds).size).toBe(2); }
    // Input order does not matter (candidates are sorted by id first).
    expect(runDraw({ ...input, candidates: [...input.candidates].reverse(), inspectors: [...input.inspectors].reverse() })).toEqual(first);
    expect(drawCount(24, 25)).toBe(6);
    expect(drawCount(3, 10)).toBe(1);
  });

  it('weights key categories and areas up (×2 each)', () => {
    const candidates = Array.from({ length: 40 }, (_, i) => ({ id: `w${String(i).padStart(2, '0')}`, region: '45', keyCategory: i < 20, keyArea: false }));
    let key = 0;
    for (let s = 0; s < 200; s++) key += runDraw({ seed: `seed-${s}`, candidates, inspectors: [], count: 1 }).filter((p) => p.weight === 2).length;
    expect(key / 200).toBeGreaterThan(0.55); // expected 2/3
  });
});

describe('POST /api/v1/draws and /draws/:id/draw', () => {
  it('401 → 400 → 403 (inspector; region outside mine) → commits to the seed hash, keeping the seed secret', async () => {
    expect((await t.http.post('/api/v1/draws').send(task())).status).toBe(401);
    const bad = await t.http.post('/api/v1/draws').set(admin.auth).send(task({ periodEnd: '2026-06-01' }));
    expect(bad.status).toBe(400);
    expect((await t.http.post('/api/v1/draws').set(admin.auth).send(task({ sharePercent: 0 }))).status).toBe(400);
    expect((await t.http.post('/api/v1/draws').set(inspectors[0].auth).send(task())).status).toBe(403);
    expect((await t.http.post('/api/v1/draws').set(countyAdmin.auth).send(task())).status).toBe(403);
    expect((await t.http.post('/api/v1/draws').set(admin.auth).send(task({ region: '4503' }))).status).toBe(403);

    const res = await t.http.post('/api/v1/draws').set(admin.auth).send(task());
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ status: 'committed', seed: null, results: [], office: '柳州市市场监督管理局' });
    expect(res.body.data.seedHash).toMatch(/^[0-9a-f]{64}$/);
    const pub = await t.http.get(`/api/v1/draws/${res.body.data.id}`);
    expect(pub.body.data.seed).toBeNull();
    expect(JSON.stringify(pub.body)).not.toContain((await DrawTaskModel.findById(res.body.data.id).select('+seed').lean())!.seed);
  });

  it('the seed hash is public DRAW_COMMIT_HOURS (24) before the draw can run: an early draw is a 409 naming the time, and changes nothing', async () => {
    const config = t.services.config as { drawCommitHours: number };
    config.drawCommitHours = 24;
    let created;
    try {
      created = (await t.http.post('/api/v1/draws').set(admin.auth).send(task())).body.data;
    } finally {
      config.drawCommitHours = 0;
    }
    expect(Date.parse(created.drawableAt) - Date.parse(created.createdAt)).toBe(24 * 3600_000);
    const china = new Date(Date.parse(created.drawableAt) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
    await expectUnchanged(() => DrawTaskModel.findById(created.id).select('+seed').lean(), async () => {
      const early = await t.http.post(`/api/v1/draws/${created.id}/draw`).set(admin.auth);
      expect(early.status).toBe(409);
      expect(early.body.error).toMatchObject({ code: 'draw.too_early', message: `种子承诺值须公示满规定时间后才能抽取，最早可于 ${china}（北京时间）抽取` });
    });
    expect(await InspectionTaskModel.countDocuments({ drawId: created.id })).toBe(0);
    // A day later (the clock moved by the stored time): the draw runs.
    await DrawTaskModel.updateOne({ _id: created.id }, { $set: { drawableAt: new Date(Date.now() - 1000) } });
    const drawn = await t.http.post(`/api/v1/draws/${created.id}/draw`).set(admin.auth);
    expect(drawn.status).toBe(200);
    expect(drawn.body.data).toMatchObject({ status: 'drawn', seed: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('draws, reveals the seed, publishes a list anyone can re-run, and plans the visits', async () => {
    const created = (await t.http.post('/api/v1/draws').set(admin.auth).send(task())).body.data;
    const url = `/api/v1/draws/${created.id}/draw`;
    expect((await t.http.post(url)).status).toBe(401);
    expect((await t.http.post('/api/v1/draws/nope/draw').set(admin.auth)).status).toBe(400);
    expect((await t.http.post(url).set(countyAdmin.auth)).status).toBe(403);
    const res = await t.http.post(url).set(admin.auth);
    expect(res.status).toBe(200);
    expect((await t.http.post(url).set(admin.auth)).status).toBe(409);

    // What the public sees, and the re-run from it.
    const pub = (await t.http.get(`/api/v1/draws/${created.id}`)).body.data;
    expect(pub.status).toBe('drawn');
    expect(sha256Hex(pub.seed)).toBe(pub.seedHash);
    expect(pub.seedHash).toBe(created.seedHash);
    expect(pub.candidates).toHaveLength(24); // Guilin's workshop is outside 4502
    expect(pub.inspectors.map((i: { name: string }) => i.name).sort()).toEqual(['柳南乙', '柳南甲', '鱼峰丙', '鱼峰乙', '鱼峰甲']);
    expect(pub.count).toBe(6);
    const rerun = runDraw({ seed: pub.seed, candidates: pub.candidates, inspectors: pub.inspectors, count: pub.count });
    expect(pub.results.map((r: { workshop: { id: string }; inspectors: { id: string }[] }) => ({ workshopId: r.workshop.id, inspectorIds: r.inspectors.map((i) => i.id) })))
      .toEqual(rerun.map((p) => ({ workshopId: p.workshopId, inspectorIds: p.inspectorIds })));
    // Pairs come from the workshop's own county.
    const regionOf = new Map(pub.inspectors.map((i: { id: string; region: string }) => [i.id, i.region]));
    for (const r of pub.results) {
      const wRegion = pub.candidates.find((c: { id: string }) => c.id === r.workshop.id).region;
      expect(r.inspectors).toHaveLength(2);
      for (const i of r.inspectors) expect(wRegion.startsWith(regionOf.get(i.id))).toBe(true);
    }

    // Drawn workshops are planned tasks for the pair.
    expect(await InspectionTaskModel.countDocuments({ drawId: created.id })).toBe(6);
    const first = pub.results[0];
    const me = inspectors.find((i) => i.userId === first.inspectors[0].id)!;
    const tasks = (await t.http.get('/api/v1/inspections/tasks').set(me.auth)).body.data;
    expect(tasks).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'planned', due: '2026-09-30', drawId: created.id, workshop: expect.objectContaining({ id: first.workshop.id }) })]));

    // Recording the inspection fulfils the planned task.
    const done = await t.http.post('/api/v1/inspections').set(me.auth).send({
      clientId: '7f1c2a0e-5b7d-4c1e-9a55-0d9e3c1b2a44', workshopId: first.workshop.id, items: checklist(), result: 'none',
    });
    expect(done.status).toBe(201);
    const after = (await t.http.get('/api/v1/inspections/tasks').set(me.auth)).body.data;
    expect(after.some((x: { kind: string; workshop: { id: string } }) => x.kind === 'planned' && x.workshop.id === first.workshop.id)).toBe(false);

    const list = await t.http.get('/api/v1/draws?region=4502');
    expect(list.status).toBe(200);
    expect(list.body.data.find((d: { id: string }) => d.id === created.id)).toMatchObject({ status: 'drawn', seed: pub.seed, count: 6 });
  });

  it('a category filter narrows the candidates', async () => {
    const created = (await t.http.post('/api/v1/draws').set(admin.auth).send(task({ categories: ['meat'], sharePercent: 100 }))).body.data;
    const res = await t.http.post(`/api/v1/draws/${created.id}/draw`).set(admin.auth);
    expect(res.body.data.candidates).toHaveLength(6);
    expect(res.body.data.count).toBe(6);
  });
});
