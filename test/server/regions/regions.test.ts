import { createTestApp, type TestApp } from '../../support/app';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

describe('GET /api/v1/regions', () => {
  it('lists the 31 provinces without a parent', async () => {
    const res = await t.http.get('/api/v1/regions');
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(31);
    expect(res.body.data).toContainEqual({ code: '45', name: '广西壮族自治区', level: 'province', hasChildren: true });
  });

  it('walks down to townships', async () => {
    const counties = (await t.http.get('/api/v1/regions?parent=4502')).body.data;
    expect(counties).toContainEqual({ code: '450203', name: '鱼峰区', level: 'county', hasChildren: true });
    const towns = (await t.http.get('/api/v1/regions?parent=450203')).body.data;
    expect(towns.length).toBeGreaterThan(3);
    expect(towns[0]).toMatchObject({ level: 'township', hasChildren: false });
    expect(towns[0].code).toMatch(/^450203\d{3}$/);
  });

  it('400 for a malformed code, 404 for an unknown one', async () => {
    expect((await t.http.get('/api/v1/regions?parent=4')).status).toBe(400);
    const res = await t.http.get('/api/v1/regions?parent=9999');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'region.not_found', message: '未找到该行政区划' });
  });
});
