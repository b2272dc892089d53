import { createTestApp, type TestApp } from '../../support/app';
import { buildWorkshop } from '../../support/factories';
import { CreditEventModel } from '../../../server/src/models/CreditEvent';
import { putCreditEvent } from '../../../server/src/services/publicFile';

let t: TestApp;
let lsf: { id: string };
beforeAll(async () => {
  t = await createTestApp();
  const w = await buildWorkshop(t, { name: '鱼峰李记螺蛳粉作坊', categories: ['rice_flour'], riskGrade: 'A', badges: ['阳光作坊'] });
  lsf = { id: String(w._id) };
  await buildWorkshop(t, { name: '柳南王记腊肉作坊', region: '450204001', categories: ['meat'], riskGrade: 'C' });
  await buildWorkshop(t, { name: '螺蛳粉总汇', region: '450203002' });
  await buildWorkshop(t, { name: '叠彩陈记桂花酒坊', region: '450303001', categories: ['liquor'], riskGrade: 'B' });
  await buildWorkshop(t, { name: '城中无证豆腐点', status: 'unlicensed', certificate: { number: null, status: null }, riskGrade: null });
  for (let i = 0; i < 25; i++) await buildWorkshop(t, { name: `批量${String(i).padStart(2, '0')}号糕点坊`, categories: ['pastry'] });
});
afterAll(async () => { await t.close(); });

describe('GET /api/v1/workshops', () => {
  it('400 for a bad filter', async () => {
    expect((await t.http.get('/api/v1/workshops?grade=E')).status).toBe(400);
    expect((await t.http.get('/api/v1/workshops?pageSize=1000')).status).toBe(400);
  });

  it('finds by pinyin initials, full pinyin and Chinese, best match first', async () => {
    const byInitials = (await t.http.get('/api/v1/workshops?q=lsf')).body;
    expect(byInitials.data.map((w: { name: string }) => w.name)).toEqual(['螺蛳粉总汇', '鱼峰李记螺蛳粉作坊']);
    expect(byInitials.data[1].region.name).toMatch(/^鱼峰区.+(街道|镇|乡)$/); // county and township, not just the township
    const byPinyin = (await t.http.get('/api/v1/workshops?q=luosi')).body;
    expect(byPinyin.data.map((w: { name: string }) => w.name)).toContain('鱼峰李记螺蛳粉作坊');
    const byChinese = (await t.http.get(`/api/v1/workshops?q=${encodeURIComponent('螺蛳粉')}`)).body;
    expect(byChinese.total).toBe(2);
    expect(byChinese.data[0].name).toBe('螺蛳粉总汇');
  });

  it('finds by certificate number and filters by region, category and grade', async () => {
    const cert = (await t.http.get(`/api/v1/workshops/${lsf.id}`)).body.certificate.number;
    expect((await t.http.get(`/api/v1/workshops?q=${cert.toLowerCase()}`)).body.data[0].id).toBe(lsf.id);
    const meat = (await t.http.get('/api/v1/workshops?region=450204&category=meat')).body;
    expect(meat.data.map((w: { name: string }) => w.name)).toEqual(['柳南王记腊肉作坊']);
    expect((await t.http.get('/api/v1/workshops?grade=A')).body.data[0]).toMatchObject({ name: '鱼峰李记螺蛳粉作坊', riskGrade: 'A', badges: ['阳光作坊'] });
    expect((await t.http.get('/api/v1/workshops?region=4503')).body.total).toBe(1);
  });

  it('treats regex and operator payloads as text', async () => {
    const dotStar = (await t.http.get('/api/v1/workshops?q=.*')).body;
    expect(dotStar.total).toBe(0);
    const op = await t.http.get('/api/v1/workshops?q[$ne]=x');
    expect(op.status).toBe(400);
    expect((await t.http.get(`/api/v1/workshops?q=${encodeURIComponent('{"$ne":null}')}`)).body.total).toBe(0);
  });

  it('pages in a stable order without repeats, and never lists black workshops', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const res = (await t.http.get(`/api/v1/workshops?sort=name&pageSize=12&page=${page}`)).body;
      expect(res.total).toBe(29);
      seen.push(...res.data.map((w: { id: string }) => w.id));
    }
    expect(seen).toHaveLength(29);
    expect(new Set(seen).size).toBe(29);
    const all = (await t.http.get('/api/v1/workshops?pageSize=50')).body.data;
    expect(all.some((w: { name: string }) => w.name === '城中无证豆腐点')).toBe(false);
  });

  it('answers 304 to a matching If-None-Match, with Cache-Control', async () => {
    const first = await t.http.get('/api/v1/workshops?q=lsf');
    expect(first.headers.etag).toBeTruthy();
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    const again = await t.http.get('/api/v1/workshops?q=lsf').set('If-None-Match', first.headers.etag);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });
});

describe('GET /api/v1/workshops/:id and timeline', () => {
  it('400 for a malformed id, 404 for an unknown one or a black workshop', async () => {
    expect((await t.http.get('/api/v1/workshops/nope')).status).toBe(400);
    expect((await t.http.get('/api/v1/workshops/0123456789abcdef01234567')).status).toBe(404);
  });

  it('shows the credit file with masked owner, certificate and what the grade means', async () => {
    const res = await t.http.get(`/api/v1/workshops/${lsf.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: '鱼峰李记螺蛳粉作坊',
      ownerName: '李*',
      region: { code: '450203001' },
      categories: [{ code: 'rice_flour', name: '米面制品' }],
      certificate: { status: 'valid', statusLabel: '有效' },
      risk: { grade: 'A', label: 'A级（低风险）' },
    });
    expect(res.body.region.name).toMatch(/^广西壮族自治区柳州市鱼峰区/);
  });

  it('merges dated, sourced records newest first and hides penalties after their publicity period', async () => {
    // Written the way commands write public records (services/publicFile.ts).
    await putCreditEvent(`t1-${lsf.id}`, { workshopId: lsf.id, type: 'registration', at: new Date('2025-03-01'), title: '准予登记', source: '柳州市鱼峰区市场监督管理局' });
    await putCreditEvent(`t2-${lsf.id}`, { workshopId: lsf.id, type: 'inspection', at: new Date('2026-05-10'), title: '日常监督检查', result: '未发现问题', source: '鱼峰区市场监管所' });
    await putCreditEvent(`t3-${lsf.id}`, { workshopId: lsf.id, type: 'penalty', at: new Date('2025-06-01'), title: '行政处罚', source: '鱼峰区市场监管局', publicUntil: new Date('2025-12-01') });
    expect(await CreditEventModel.countDocuments({ workshopId: lsf.id })).toBe(3);
    const res = await t.http.get(`/api/v1/workshops/${lsf.id}/timeline`);
    expect(res.body.data.map((e: { type: string }) => e.type)).toEqual(['inspection', 'registration']);
    expect(res.body.data[0]).toMatchObject({ title: '日常监督检查', result: '未发现问题', source: '鱼峰区市场监管所', at: '2026-05-10T00:00:00.000Z' });
  });
});

describe('GET /api/v1/black-workshops', () => {
  it('lists confirmed black workshops with region and date, nothing personal', async () => {
    const res = await t.http.get('/api/v1/black-workshops?region=4502');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(1);
    expect(res.body.data[0]).toMatchObject({ name: '城中无证豆腐点', categories: ['米面制品'] });
    expect(Object.keys(res.body.data[0]).sort()).toEqual(['categories', 'confirmedAt', 'id', 'name', 'region']);
  });
});
