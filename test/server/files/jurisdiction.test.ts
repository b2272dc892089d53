// Issue 12, fault 8: a private file carries the region (and the record) it is attached to, and the file read
// policy applies jurisdiction like every other record. A tip-off's photos are readable by the staff of its
// county, city and province, never by an inspector of another county or an admin of another city.
// GET /files/:id takes an optional user: no user (or a token that does not verify) is the public, refused
// like every other outsider with the 404 of a file that does not exist.
import mongoose from 'mongoose';
import sharp from 'sharp';
import { linkFiles, type FileLink } from '../../../server/src/commands/files';
import { fillFileLinks } from '../../../server/src/db/migrate';
import { StoredFileModel } from '../../../server/src/models/StoredFile';
import { createTestApp, type TestApp } from '../../support/app';
import { buildWorkshop, checklist, completeApplication, loginAs, uploadPhoto, type LoggedIn } from '../../support/factories';
import { NEAR, report } from '../tipoff/support';

let t: TestApp;
const u = {} as Record<'reporter' | 'citizen' | 'owner' | 'inspector' | 'otherInspector' | 'countyAdmin' | 'cityAdmin' | 'otherCityAdmin' | 'provinceAdmin', LoggedIn>;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_IP_PER_MIN: '100000' });
  u.reporter = await loginAs(t, 'citizen', { name: '举报人' });
  u.citizen = await loginAs(t, 'citizen', { name: '路人' });
  u.owner = await loginAs(t, 'owner', { name: '业主' });
  u.inspector = await loginAs(t, 'inspector', { region: '450203', name: '本区监管员' });
  u.otherInspector = await loginAs(t, 'inspector', { region: '450303', name: '外区监管员' });
  u.countyAdmin = await loginAs(t, 'admin', { region: '450203', name: '本区管理员' });
  u.cityAdmin = await loginAs(t, 'admin', { region: '4502', name: '本市管理员' });
  u.otherCityAdmin = await loginAs(t, 'admin', { region: '4503', name: '外市管理员' });
  u.provinceAdmin = await loginAs(t, 'admin', { region: '45', name: '省管理员' });
});
afterAll(async () => { await t.close(); });

const jpeg = () => sharp({ create: { width: 40, height: 30, channels: 3, background: '#3060a0' } }).jpeg().toBuffer();

async function anonymousEvidence(): Promise<string> {
  const res = await t.http.post('/api/v1/files').field('purpose', 'tipoff').attach('file', await jpeg(), { filename: 'evidence.jpg', contentType: 'image/jpeg' });
  expect(res.status).toBe(201);
  return res.body.data.id;
}

let device = 0;
const tipoff = (body: Record<string, unknown>, who?: LoggedIn) => {
  const req = t.http.post('/api/v1/tipoffs').set('X-Device-Id', `files-jurisdiction-${++device}`);
  return (who ? req.set(who.auth) : req).send(report(body));
};

const read = (id: string, who?: LoggedIn, variant = '') => {
  const req = t.http.get(`/api/v1/files/${id}${variant}`);
  return who ? req.set(who.auth) : req;
};
const stored = async (id: string) => JSON.stringify(await StoredFileModel.findById(id).lean());

/** Who may read, who gets the same 404 as a file that does not exist; after the refusals the file is as it was. */
async function expectReaders(id: string, allowed: (keyof typeof u)[], refused: (keyof typeof u | 'anonymous')[]) {
  const before = await stored(id);
  const missing = await read(String(new mongoose.Types.ObjectId()), u.citizen);
  for (const who of refused) {
    for (const variant of ['', '/thumbnail']) {
      const res = await read(id, who === 'anonymous' ? undefined : u[who], variant);
      expect({ who, variant, status: res.status }).toEqual({ who, variant, status: 404 });
      expect(res.body.error).toEqual({ ...missing.body.error, requestId: res.body.error.requestId });
    }
  }
  expect(await stored(id)).toBe(before);
  for (const who of allowed) {
    const res = await read(id, u[who]).buffer(true);
    expect({ who, status: res.status }).toEqual({ who, status: 200 });
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.body.length).toBeGreaterThan(100);
  }
}

describe('GET /api/v1/files/:id of a tip-off photo', () => {
  let fileId: string;
  beforeAll(async () => {
    fileId = await anonymousEvidence();
    const res = await tipoff({ media: [fileId] });
    expect(res.status).toBe(201);
  });

  it('400 for an id that is not one', async () => {
    const res = await read('not-an-id', u.inspector);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('request.invalid');
  });

  it('carries the region and the record it belongs to', async () => {
    const { TipoffModel } = await import('../../../server/src/models/Tipoff');
    const tip = await TipoffModel.findOne({ media: fileId }).lean();
    const f = await StoredFileModel.findById(fileId).lean();
    expect(f!.links).toEqual([{ record: 'Tipoff', id: String(tip!._id), region: '450203001', viewerId: null }]);
    expect(f!.purpose).toBe('tipoff');
  });

  it('is refused (404, as if it did not exist) to an inspector of another county, an admin of another city and the public; served to the staff of its county, city and province', async () => {
    await expectReaders(fileId, ['inspector', 'countyAdmin', 'cityAdmin', 'provinceAdmin'], ['anonymous', 'citizen', 'owner', 'otherInspector', 'otherCityAdmin']);
  });

  it('cannot be attached to another report, so another region cannot pull it into its own jurisdiction', async () => {
    const before = await stored(fileId);
    const res = await tipoff({ region: '450303001', address: '桂林市叠彩区某路1号', location: undefined, media: [fileId] }, u.citizen);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('tipoff.media_invalid');
    expect(await stored(fileId)).toBe(before);
    expect((await read(fileId, u.otherInspector)).status).toBe(404);
  });

  it('evidence of a report merged into a case belongs to the case\'s region, like the case', async () => {
    const photo = await anonymousEvidence();
    const res = await tipoff({ region: '450203002', location: NEAR, media: [photo], description: '同一处，白天也在生产。' });
    expect(res.status).toBe(201);
    expect((await StoredFileModel.findById(photo).lean())!.links.map((l) => l.region)).toEqual(['450203001']);
    const township = await loginAs(t, 'inspector', { region: '450203001', name: '本街道监管员' });
    const nextTownship = await loginAs(t, 'inspector', { region: '450203002', name: '邻街道监管员' });
    expect((await read(photo, township)).status).toBe(200);
    expect((await read(photo, nextTownship)).status).toBe(404);
  });

  it('a named reporter reads their own upload; a file attached to nothing is its uploader\'s alone', async () => {
    const own = await uploadPhoto(t, u.reporter.auth, 'tipoff');
    await expectReaders(own, ['reporter'], ['citizen', 'inspector', 'countyAdmin', 'cityAdmin', 'provinceAdmin', 'otherInspector', 'otherCityAdmin']);
    const res = await tipoff({ anonymous: false, reporter: { name: '张三', phone: '13912345678' }, media: [own] }, u.reporter);
    expect(res.status).toBe(201);
    await expectReaders(own, ['reporter', 'inspector', 'countyAdmin', 'cityAdmin', 'provinceAdmin'], ['citizen', 'otherInspector', 'otherCityAdmin']);
  });
});

describe('GET /api/v1/files/:id of registration and supervision photos', () => {
  it('a premises photo: the applicant only while a draft; once submitted, the staff of its region too', async () => {
    const photo = await uploadPhoto(t, u.owner.auth);
    const created = await t.http.post('/api/v1/registrations').set(u.owner.auth).send(completeApplication(photo));
    expect(created.status).toBe(201);
    await expectReaders(photo, ['owner'], ['citizen', 'inspector', 'cityAdmin', 'otherInspector', 'otherCityAdmin']);
    expect((await t.http.post(`/api/v1/registrations/${created.body.data.id}/submit`).set(u.owner.auth)).status).toBe(200);
    await expectReaders(photo, ['owner', 'inspector', 'countyAdmin', 'cityAdmin', 'provinceAdmin'], ['citizen', 'otherInspector', 'otherCityAdmin']);
    // Submitting again is refused and changes nothing on the file.
    const before = await stored(photo);
    expect((await t.http.post(`/api/v1/registrations/${created.body.data.id}/submit`).set(u.owner.auth)).status).toBe(409);
    expect(await stored(photo)).toBe(before);
  });

  it('an inspection photo: the workshop\'s owner (who sees the inspection) and the staff of its region', async () => {
    const w = await buildWorkshop(t, { ownerId: u.owner.userId, region: '450203001' });
    const photo = await uploadPhoto(t, u.inspector.auth, 'inspection');
    const items = checklist().map((i, n) => (n === 0 ? { ...i, photos: [photo] } : i));
    // An inspector of another county may not record it (403), and the photo stays unattached.
    const before = await stored(photo);
    const refused = await t.http.post('/api/v1/inspections').set(u.otherInspector.auth).send({ clientId: '0b8c3f0e-1d2a-4c5b-8e9f-112233445566', workshopId: String(w._id), items, result: 'none' });
    expect(refused.status).toBe(403);
    expect(await stored(photo)).toBe(before);
    const res = await t.http.post('/api/v1/inspections').set(u.inspector.auth).send({ clientId: '0b8c3f0e-1d2a-4c5b-8e9f-112233445567', workshopId: String(w._id), items, result: 'none' });
    expect(res.status).toBe(201);
    await expectReaders(photo, ['inspector', 'owner', 'countyAdmin', 'cityAdmin', 'provinceAdmin'], ['citizen', 'reporter', 'otherInspector', 'otherCityAdmin']);
    const seen = await t.http.get(`/api/v1/workshops/${String(w._id)}/inspections`).set(u.owner.auth);
    expect(JSON.stringify(seen.body)).toContain(photo);
  });

  it('someone else\'s file cannot be attached to a record (422), and stays as it was', async () => {
    const w = await buildWorkshop(t, { region: '450203001' });
    const theirs = await uploadPhoto(t, u.cityAdmin.auth, 'inspection');
    const before = await stored(theirs);
    const items = checklist().map((i, n) => (n === 0 ? { ...i, photos: [theirs] } : i));
    const res = await t.http.post('/api/v1/inspections').set(u.inspector.auth).send({ clientId: '0b8c3f0e-1d2a-4c5b-8e9f-112233445568', workshopId: String(w._id), items, result: 'none' });
    expect(res.status).toBe(422);
    expect(await stored(theirs)).toBe(before);
  });
});

describe('start-up migration: files written before they carried their records', () => {
  it('fills region and record from the records that name them, once', async () => {
    const evidence = await anonymousEvidence();
    expect((await tipoff({ media: [evidence], description: '另一处黑作坊，夜间生产。' })).status).toBe(201);
    const orphan = await uploadPhoto(t, u.owner.auth);
    const linked = (await StoredFileModel.findById(evidence).lean())!.links;
    // As an earlier version wrote them: no links at all.
    await StoredFileModel.collection.updateMany({ _id: { $in: [evidence, orphan].map((id) => new mongoose.Types.ObjectId(id)) } }, { $unset: { links: '' } });
    expect((await read(evidence, u.inspector)).status).toBe(404);

    expect(await fillFileLinks()).toBe(2);
    expect((await StoredFileModel.findById(evidence).lean())!.links).toEqual(linked);
    expect((await StoredFileModel.findById(orphan).lean())!.links).toEqual([]);
    await expectReaders(evidence, ['inspector', 'cityAdmin'], ['otherInspector', 'otherCityAdmin']);
    expect(await fillFileLinks()).toBe(0);
    // Linking again (an owed step run twice, a resubmission) adds nothing.
    await linkFiles([evidence], linked[0] as FileLink);
    expect((await StoredFileModel.findById(evidence).lean())!.links).toEqual(linked);
  });
});
