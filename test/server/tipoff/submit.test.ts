// Citizens report (anonymous or named), upload evidence without an account, follow the case by code + token.
import sharp from 'sharp';
import { createTestApp, type TestApp } from '../../support/app';
import { buildWorkshop, loginAs, uploadPhoto } from '../../support/factories';
import { TipoffModel } from '../../../server/src/models/Tipoff';
import { TipoffCaseModel } from '../../../server/src/models/TipoffCase';
import { TipoffReporterModel } from '../../../server/src/models/TipoffReporter';
import { StoredFileModel } from '../../../server/src/models/StoredFile';
import { FAR, NEAR, caseOf, report, submit, submitted, track } from './support';

let t: TestApp;
beforeAll(async () => { t = await createTestApp({ TIPOFF_SUBMITS_PER_HOUR: '1000', TIPOFF_UPLOADS_PER_HOUR: '1000' }); });
afterAll(async () => { await t.close(); });

async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 80, height: 60, channels: 3, background: { r: 90, g: 120, b: 60 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'TestPhone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '24/1 18/1 38/1', GPSLongitudeRef: 'E', GPSLongitude: '109/1 25/1 52/1' } })
    .toBuffer();
}

describe('POST /api/v1/files (anonymous tip-off evidence)', () => {
  it('takes a photo without login for purpose tipoff, strips EXIF/GPS and makes a thumbnail', async () => {
    const original = await photoWithGps();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const res = await t.http.post('/api/v1/files').field('purpose', 'tipoff').attach('file', original, { filename: 'evidence.jpg', contentType: 'image/jpeg' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ purpose: 'tipoff', kind: 'image', public: false });
    expect(res.body.data.thumbnailUrl).toMatch(/\/thumbnail$/);
    const stored = await StoredFileModel.findById(res.body.data.id).lean();
    expect(stored!.ownerId).toMatch(/^anon:/); // no IP in clear
    // Staff of the region read it once it is evidence of a report there (not before: files/jurisdiction.test.ts).
    expect((await submit(t, report({ media: [res.body.data.id] }))).status).toBe(201);
    const inspector = await loginAs(t, 'inspector');
    const bytes = await t.http.get(`/api/v1/files/${res.body.data.id}`).set(inspector.auth).buffer(true).parse((r, cb) => { const c: Buffer[] = []; r.on('data', (d: Buffer) => c.push(d)); r.on('end', () => cb(null, Buffer.concat(c))); });
    expect(bytes.status).toBe(200);
    expect((await sharp(bytes.body as Buffer).metadata()).exif).toBeUndefined();
    await Promise.all([TipoffModel.deleteMany({}), TipoffCaseModel.deleteMany({})]); // the tests below count reports from none
  });

  it('still needs a login for any other purpose', async () => {
    const res = await t.http.post('/api/v1/files').field('purpose', 'registration').attach('file', await photoWithGps(), { filename: 'a.jpg', contentType: 'image/jpeg' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('auth.required');
  });

  it('refuses a file of the wrong type with a message', async () => {
    const res = await t.http.post('/api/v1/files').field('purpose', 'tipoff').attach('file', Buffer.from('%PDF-1.4 not a photo'), { filename: 'a.pdf', contentType: 'application/pdf' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('file.type_not_allowed');
  });
});

describe('POST /api/v1/tipoffs', () => {
  it('answers 401 for a named report without login', async () => {
    const res = await submit(t, report({ anonymous: false, reporter: { name: '张三', phone: '13800001111' } }));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('tipoff.named_requires_login');
  });

  it('answers 400 for an empty or whitespace description, no place, no consent, too many photos, a violation without a workshop', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ description: '   \n ' }, 'description'],
      [{ location: undefined, address: undefined }, 'address'],
      [{ consent: false }, 'consent'],
      [{ media: Array.from({ length: 10 }, (_, i) => `66a0000000000000000000${String(i).padStart(2, '0')}`) }, 'media'],
      [{ kind: 'violation' }, 'workshopId'],
      [{ region: '4502' }, 'region'],
    ];
    for (const [over, field] of cases) {
      const res = await submit(t, report(over));
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path).join(' ')).toContain(field);
    }
    expect(await TipoffModel.countDocuments()).toBe(0);
  });

  it('refuses evidence that is not a tip-off upload (422)', async () => {
    const owner = await loginAs(t, 'owner', { name: '别人的文件' });
    const other = await uploadPhoto(t, owner.auth, 'registration');
    const res = await submit(t, report({ media: [other] }));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('tipoff.media_invalid');
  });

  it('takes an anonymous report with a photo: receipt code + token, only the token hash stored, no identity record', async () => {
    const up = await t.http.post('/api/v1/files').field('purpose', 'tipoff').attach('file', await photoWithGps(), { filename: 'e.jpg', contentType: 'image/jpeg' });
    const r = await submitted(t, { media: [up.body.data.id], location: FAR });
    expect(r.receiptCode).toMatch(/^[A-Z2-9]{10}$/);
    expect(r.token).toMatch(/^[A-Z2-9]{24}$/);
    expect(r.duplicate).toBe(false);
    const stored = await TipoffModel.findOne({ receiptCode: r.receiptCode }).lean();
    expect(JSON.stringify(stored)).not.toContain(r.token);
    expect(stored!.tokenHashes).toHaveLength(1);
    expect(await TipoffReporterModel.countDocuments({ tipoffId: String(stored!._id) })).toBe(0);

    const res = await track(t, r);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ receiptCode: r.receiptCode, status: 'submitted', statusLabel: '已提交，待受理', anonymous: true, reportCount: 1, outcome: null, reward: null, canRate: false });
    expect(res.body.deadlines.accept.due).toBe(r.acceptDue);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('a named report needs login; name and phone are stored encrypted in a separate collection', async () => {
    const citizen = await loginAs(t, 'citizen', { name: '实名举报人甲' });
    const r = await submitted(t, { anonymous: false, reporter: { name: '王实名', phone: '13912345678' }, location: { lat: 24.35, lng: 109.45 } }, citizen);
    const tip = await TipoffModel.findOne({ receiptCode: r.receiptCode }).lean();
    expect(JSON.stringify(tip)).not.toMatch(/王实名|13912345678/);
    const who = await TipoffReporterModel.findOne({ tipoffId: String(tip!._id) }).lean();
    expect(who!.nameEnc).toMatch(/^v1:/);
    expect(JSON.stringify(who)).not.toMatch(/王实名|13912345678/);
    expect(t.services.cipher.decrypt(who!.phoneEnc!)).toBe('13912345678');

    const mine = await t.http.get('/api/v1/tipoffs/mine').set(citizen.auth);
    expect(mine.status).toBe(200);
    expect(mine.body.data.map((m: { receiptCode: string }) => m.receiptCode)).toEqual([r.receiptCode]);
    expect((await t.http.get('/api/v1/tipoffs/mine')).status).toBe(401);
  });

  it('a logged-in anonymous report is listed under 我的举报 but stays anonymous', async () => {
    const citizen = await loginAs(t, 'citizen', { name: '匿名但登录' });
    const r = await submitted(t, { location: { lat: 24.36, lng: 109.46 }, description: '登录后匿名举报' }, citizen);
    const mine = await t.http.get('/api/v1/tipoffs/mine').set(citizen.auth);
    expect(mine.body.data).toEqual([expect.objectContaining({ receiptCode: r.receiptCode, anonymous: true, statusLabel: '已提交，待受理' })]);
    const tip = await TipoffModel.findOne({ receiptCode: r.receiptCode }).lean();
    expect(JSON.stringify(tip)).not.toContain(citizen.userId);
  });

  it('merges a repeated submission (same text and place, same sender, within minutes): same receipt, not doubled', async () => {
    const body = report({ location: { lat: 24.37, lng: 109.47 }, description: '重复提交测试：同一内容' });
    const first = await submit(t, body, undefined, 'device-dup-1');
    const again = await submit(t, { ...body, description: `  ${body.description}  ` }, undefined, 'device-dup-1');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ receiptCode: first.body.receiptCode, duplicate: true });
    expect(await TipoffModel.countDocuments({ receiptCode: first.body.receiptCode })).toBe(1);
    expect((await TipoffCaseModel.findById(await caseOf(first.body)).lean())!.reportCount).toBe(1);
    // Either token opens the same report.
    expect((await track(t, again.body)).body.receiptCode).toBe(first.body.receiptCode);
    // A double tap at the same moment is one report too.
    const tapBody = report({ location: { lat: 24.38, lng: 109.48 }, description: '同时两次点击提交' });
    const taps = await Promise.all([submit(t, tapBody, undefined, 'device-tap'), submit(t, tapBody, undefined, 'device-tap')]);
    expect(taps.map((x) => x.status)).toEqual([201, 201]);
    expect(taps[0].body.receiptCode).toBe(taps[1].body.receiptCode);
  });
});

describe('GET /api/v1/tipoffs/track', () => {
  it('answers 400 for a malformed code and the same 404 for a wrong token or a wrong code', async () => {
    const r = await submitted(t, { location: { lat: 24.39, lng: 109.49 }, description: '用于查询测试' });
    expect((await t.http.get('/api/v1/tipoffs/track').query({ code: 'x', token: r.token })).status).toBe(400);
    const wrongToken = await track(t, { receiptCode: r.receiptCode, token: 'A'.repeat(24) });
    const wrongCode = await track(t, { receiptCode: 'ZZZZZZZZZZ', token: r.token });
    expect(wrongToken.status).toBe(404);
    expect(wrongCode.status).toBe(404);
    expect(wrongToken.body.error).toEqual({ ...wrongCode.body.error, requestId: wrongToken.body.error.requestId });
    expect(wrongToken.body.error.message).toBe('未找到该举报，请核对回执码和查询凭证');
    expect((await track(t, { receiptCode: r.receiptCode.toLowerCase(), token: r.token })).status).toBe(200);
  });
});

describe('grouping', () => {
  it('groups open reports within 100 m, or about the same workshop, into one case; each keeps its receipt', async () => {
    const base = { lat: 24.40, lng: 109.50 };
    const a = await submitted(t, { location: base, description: '第一件：河边作坊' });
    const b = await submitted(t, { location: { lat: base.lat + 0.0004, lng: base.lng + 0.0004 }, description: '第二件：约60米外' });
    const c = await submitted(t, { location: { lat: base.lat + 0.01, lng: base.lng }, description: '第三件：1公里外' });
    expect(await caseOf(a)).toBe(await caseOf(b));
    expect(await caseOf(c)).not.toBe(await caseOf(a));
    expect(a.receiptCode).not.toBe(b.receiptCode);
    expect((await track(t, a)).body.reportCount).toBe(2);
    expect((await track(t, b)).body.reportCount).toBe(2);

    const w = await buildWorkshop(t, { region: '450204001', location: { lat: 24.2, lng: 109.3 } });
    const v1 = await submitted(t, { kind: 'violation', workshopId: String(w._id), region: '450204001', location: undefined, address: undefined, description: '超范围生产' });
    const v2 = await submitted(t, { kind: 'violation', workshopId: String(w._id), region: '450204001', location: NEAR, description: '无健康证上岗' });
    expect(await caseOf(v1)).toBe(await caseOf(v2));
    const kase = await TipoffCaseModel.findById(await caseOf(v1)).lean();
    expect(kase).toMatchObject({ reportCount: 2, region: '450204001', workshopId: String(w._id) });
  });
});
