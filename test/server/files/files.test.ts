import { createHash } from 'node:crypto';
import sharp from 'sharp';
import mongoose from 'mongoose';
import { StoredFileModel } from '../../../server/src/models/StoredFile';
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs } from '../../support/factories';

let t: TestApp;
// A small limit keeps the oversize test fast; it is the same code path as the 10 MB default.
beforeAll(async () => { t = await createTestApp({ UPLOAD_LIMIT_MB: '0.25' }); });
afterAll(async () => { await t.close(); });

const GPS_IFD_TAG = Buffer.from([0x25, 0x88]); // tag 0x8825 (GPS IFD pointer), little-endian as sharp writes it

/** A 64×48 photo taken "sideways" (orientation 6) with a GPS position in its EXIF. */
async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: '#c03020' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({ IFD0: { Make: 'TestCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '22/1 49/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '108/1 19/1 0/1' } })
    .toBuffer();
}

/** The smallest thing that is an MP4 by its bytes: an ftyp box (isom) and some payload. */
function tinyMp4(): Buffer {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0); ftyp.write('ftypisom', 4, 'latin1'); ftyp.write('isomiso2', 16, 'latin1');
  return Buffer.concat([ftyp, Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251))]);
}

const upload = (purpose: string, data: Buffer, filename: string, auth?: { Authorization: string }) => {
  const req = t.http.post('/api/v1/files');
  if (auth) req.set(auth);
  return req.field('purpose', purpose).attach('file', data, { filename, contentType: 'image/jpeg' });
};

describe('POST /api/v1/files', () => {
  it('answers 401 without a user (anonymous uploads are for tip-off evidence only)', async () => {
    const res = await upload('registration', await photoWithGps(), 'a.jpg');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('auth.required');
    expect(await StoredFileModel.countDocuments()).toBe(0);
  });

  it('answers 400 for a missing file, an unknown purpose and a JSON body', async () => {
    const me = await loginAs(t, 'citizen');
    const none = await t.http.post('/api/v1/files').set(me.auth).field('purpose', 'tipoff');
    expect(none.status).toBe(400);
    expect(none.body.error).toMatchObject({ code: 'file.missing', message: '请选择要上传的文件' });
    const purpose = await upload('selfie', await photoWithGps(), 'a.jpg', me.auth);
    expect(purpose.status).toBe(400);
    expect(purpose.body.error.code).toBe('request.invalid');
    const json = await t.http.post('/api/v1/files').set(me.auth).send({ purpose: 'tipoff' });
    expect(json.status).toBe(400);
    const twoFiles = await upload('tipoff', await photoWithGps(), 'a.jpg', me.auth).attach('file', Buffer.from('x'), 'b.jpg');
    expect(twoFiles.status).toBe(400);
    expect(twoFiles.body.error.message).toBe('一次只能上传一个文件，字段名为 file');
  });

  it('judges the type by the bytes: a text file named .jpg is refused', async () => {
    const me = await loginAs(t, 'citizen');
    const res = await upload('tipoff', Buffer.from('这不是图片，只是一段文字。\n'.repeat(20)), 'photo.jpg', me.auth);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'file.type_not_allowed', message: expect.stringContaining('举报证据只能上传') });
    // A real PDF is refused too where the purpose takes only images and video.
    const pdf = await upload('tipoff', Buffer.from('%PDF-1.4\n%%EOF\n'), 'evidence.pdf', me.auth);
    expect(pdf.body.error.code).toBe('file.type_not_allowed');
    // JPEG magic followed by garbage cannot be decoded: refused, not a 500.
    const broken = await upload('tipoff', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 0x41)]), 'x.jpg', me.auth);
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('file.unreadable');
    expect(await StoredFileModel.countDocuments()).toBe(0);
  });

  it('refuses a file over the size limit with 413 and a Chinese message', async () => {
    const me = await loginAs(t, 'citizen');
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300 * 1024, 7)]);
    const res = await upload('tipoff', big, 'big.jpg', me.auth);
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'file.too_large', message: '文件过大，不能超过 256 KB', details: { limitBytes: 262144 } });
    expect(await t.db.connection.db!.collection('blobs.files').countDocuments()).toBe(0);
  });

  it('answers 403 when the role may not upload for that purpose', async () => {
    const me = await loginAs(t, 'citizen');
    const res = await upload('inspection', await photoWithGps(), 'a.jpg', me.auth);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('file.purpose_forbidden');
  });

  it('stores a photo without its EXIF/GPS, upright, with a thumbnail and its sha256', async () => {
    const me = await loginAs(t, 'citizen');
    const photo = await photoWithGps();
    const before = await sharp(photo).metadata();
    expect(before.exif!.includes(GPS_IFD_TAG)).toBe(true); // the input really carries a position

    const res = await upload('tipoff', photo, '现场照片.jpg', me.auth);
    expect(res.status).toBe(201);
    const f = res.body.data;
    expect(f).toMatchObject({
      purpose: 'tipoff', kind: 'image', contentType: 'image/jpeg', public: false, originalName: '现场照片.jpg',
      width: 48, height: 64, url: `/api/v1/files/${f.id}`, thumbnailUrl: `/api/v1/files/${f.id}/thumbnail`,
    });

    const got = await t.http.get(f.url).set(me.auth).buffer(true);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('image/jpeg');
    expect(got.headers['cache-control']).toBe('private, no-store');
    const meta = await sharp(got.body).metadata();
    expect(meta.exif).toBeUndefined();
    expect([meta.width, meta.height]).toEqual([48, 64]); // orientation applied to the pixels
    expect(got.body.includes(Buffer.from('TestCam'))).toBe(false);
    expect(createHash('sha256').update(got.body).digest('hex')).toBe(f.sha256);
    expect(got.body.length).toBe(f.size);

    const thumb = await t.http.get(f.thumbnailUrl).set(me.auth).buffer(true);
    expect(thumb.status).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    expect((await sharp(thumb.body).metadata()).exif).toBeUndefined();

    const stored = await StoredFileModel.findById(f.id).lean();
    expect(stored).toMatchObject({ ownerId: me.userId, purpose: 'tipoff', public: false });
  });

  it('documents the multipart body in OpenAPI', async () => {
    const doc = (await t.http.get('/api/v1/openapi.json')).body;
    const body = doc.paths['/api/v1/files'].post.requestBody.content['multipart/form-data'].schema;
    expect(body.$ref).toBe('#/components/schemas/UploadFileBody');
    expect(doc.components.schemas.UploadFileBody.properties.file).toMatchObject({ type: 'string', format: 'binary' });
    expect(doc.paths['/api/v1/files'].post.responses['413']).toBeDefined();
  });
});

describe('GET /api/v1/files/:id', () => {
  let privateId: string;
  let owner: Awaited<ReturnType<typeof loginAs>>;
  beforeAll(async () => {
    owner = await loginAs(t, 'citizen', { name: '上传者' });
    privateId = (await upload('registration', await photoWithGps(), 'a.jpg', owner.auth)).body.data.id;
  });

  it('answers 400 for an id that is not one', async () => {
    expect((await t.http.get('/api/v1/files/not-an-id')).status).toBe(400);
  });

  it('hides a private file attached to nothing from everyone but its owner (404, as if it did not exist)', async () => {
    const other = await loginAs(t, 'citizen', { name: '别人' });
    const missing = await t.http.get(`/api/v1/files/${new mongoose.Types.ObjectId()}`).set(other.auth);
    for (const res of [
      await t.http.get(`/api/v1/files/${privateId}`).set(other.auth),
      await t.http.get(`/api/v1/files/${privateId}/thumbnail`).set(other.auth),
      await t.http.get(`/api/v1/files/${privateId}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: { ...missing.body.error, requestId: res.body.error.requestId } });
    }
    expect((await t.http.get(`/api/v1/files/${privateId}`).set(owner.auth)).status).toBe(200);
    // Staff read a file once it is attached to a record of their region (jurisdiction.test.ts), not before.
    const inspector = await loginAs(t, 'inspector');
    expect((await t.http.get(`/api/v1/files/${privateId}`).set(inspector.auth)).status).toBe(404);
  });

  it('serves a public file to anyone; a PDF has no thumbnail', async () => {
    const trainer = await loginAs(t, 'trainer');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const res = await upload('training', pdf, '课程资料.pdf', trainer.auth);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ kind: 'pdf', contentType: 'application/pdf', public: true, thumbnailUrl: null, width: null });
    const got = await t.http.get(res.body.data.url).buffer(true);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['cache-control']).toContain('public');
    expect(Buffer.compare(got.body, pdf)).toBe(0);
    expect((await t.http.get(`${res.body.data.url}/thumbnail`)).status).toBe(404);
    const again = await t.http.get(res.body.data.url).set('If-None-Match', got.headers.etag);
    expect(again.status).toBe(304);
  });

  it('serves byte ranges of a video, as players ask for them', async () => {
    const me = await loginAs(t, 'citizen');
    const mp4 = tinyMp4();
    const res = await upload('tipoff', mp4, 'clip.mp4', me.auth);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ kind: 'video', contentType: 'video/mp4', size: mp4.length });
    const part = await t.http.get(res.body.data.url).set(me.auth).set('Range', 'bytes=4-11').buffer(true);
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 4-11/${mp4.length}`);
    expect(part.body.toString('latin1')).toBe('ftypisom');
    const tail = await t.http.get(res.body.data.url).set(me.auth).set('Range', 'bytes=-10').buffer(true);
    expect(Buffer.compare(tail.body, mp4.subarray(-10))).toBe(0);
    const beyond = await t.http.get(res.body.data.url).set(me.auth).set('Range', `bytes=${mp4.length}-`);
    expect(beyond.status).toBe(416);
  });
});
