// Image decompression bombs: a few KB that decode to hundreds of MB. Every accepted format is measured from
// its header before any pixel is decoded; animations are kept as a still of their first frame; what is
// stored and served is at most 4096 px a side; a burst of bombs leaves memory flat and the server answering.
import sharp from 'sharp';
import { StoredFileModel } from '../../../server/src/models/StoredFile';
import { createTestApp, type TestApp } from '../../support/app';
import { blackPng, jpegClaiming, oneColourGif } from './bombs';

let t: TestApp;
beforeAll(async () => { t = await createTestApp({ TIPOFF_UPLOADS_PER_HOUR: '1000' }); });
afterAll(async () => { await t.close(); });

/** Anonymous tip-off evidence: the door that needs no account. */
const evidence = (data: Buffer, filename: string) =>
  t.http.post('/api/v1/files').field('purpose', 'tipoff').attach('file', data, { filename, contentType: 'image/jpeg' });

/** The bytes the server stores, and serves as GET /files/:id. */
async function storedBytes(id: string): Promise<Buffer> {
  const doc = await StoredFileModel.findById(id);
  return Buffer.concat(await t.services.storage.open(doc!, 'original').toArray());
}

async function nothingStored() {
  expect(await StoredFileModel.countDocuments()).toBe(0);
  expect(await t.db.connection.db!.collection('blobs.files').countDocuments()).toBe(0);
}

describe('refused before decoding, with a Chinese message', () => {
  afterEach(nothingStored);

  it('a 70 KB GIF of 10000×10000 pixels: 413 at once', async () => {
    const gif = oneColourGif(10000, 10000);
    expect(gif.length).toBeLessThan(100_000);
    const started = Date.now();
    const res = await evidence(gif, 'bomb.gif');
    expect(Date.now() - started).toBeLessThan(1500);
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({
      code: 'file.image_too_large',
      message: '图片尺寸过大（10000×10000 像素），请缩小到 2500 万像素以内再上传',
      details: { width: 10000, height: 10000, maxPixels: 25_000_000 },
    });
  });

  it('an animated GIF whose frames are each too large', async () => {
    const res = await evidence(oneColourGif(6000, 6000, 3), 'anim.gif');
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('file.image_too_large');
  });

  it('a 12 KB PNG of 10000×10000 pixels', async () => {
    const png = blackPng(10000, 10000);
    expect(png.length).toBeLessThan(20_000);
    const res = await evidence(png, 'bomb.png');
    expect(res.status).toBe(413);
    expect(res.body.error.message).toContain('10000×10000');
  });

  it('a JPEG whose header claims 20000×20000 pixels', async () => {
    const res = await evidence(await jpegClaiming(20000, 20000), 'bomb.jpg');
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'file.image_too_large', details: { maxPixels: 100_000_000 } });
  });

  it('a burst of bombs keeps memory flat and the server answering', async () => {
    const bombs = [oneColourGif(10000, 10000), blackPng(10000, 10000), oneColourGif(9000, 9000, 2), blackPng(8000, 12000)];
    global.gc?.();
    const before = process.memoryUsage().rss;
    const burst = Promise.all(Array.from({ length: 8 }, (_, i) => evidence(bombs[i % bombs.length], `b${i}.gif`)));
    const healthStarted = Date.now();
    const health = await t.http.get('/api/v1/health');
    expect(health.status).toBe(200);
    expect(Date.now() - healthStarted).toBeLessThan(5000); // generous: other test files load the same two cores
    const results = await burst;
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(413));
    const grownMb = (process.memoryUsage().rss - before) / 1024 / 1024;
    // Decoding any one of these would take 100–400 MB; the whole burst must cost less than one.
    expect(grownMb).toBeLessThan(100);
    expect((await t.http.get('/api/v1/health')).status).toBe(200);
  });
});

describe('kept bounded', () => {
  it('an animated GIF is stored as a still PNG of its first frame', async () => {
    const res = await evidence(oneColourGif(64, 48, 3), '动图.gif');
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ kind: 'image', contentType: 'image/png', width: 64, height: 48 });
    const bytes = await storedBytes(res.body.data.id);
    const meta = await sharp(bytes).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 64, height: 48 });
    expect(meta.pages ?? 1).toBe(1);
    const { data } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 3)]).toEqual([0xc0, 0x30, 0x20]); // frame 1's colour
  });

  it('an animated WebP is stored as a still WebP', async () => {
    const frames = await Promise.all(['#c03020', '#208030', '#2040c0'].map((c) => sharp({ create: { width: 40, height: 30, channels: 3, background: c } }).png().toBuffer()));
    const anim = await sharp(frames, { join: { animated: true } }).webp({ lossless: true }).toBuffer();
    expect((await sharp(anim).metadata()).pages).toBe(3);
    const res = await evidence(anim, 'anim.webp');
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ contentType: 'image/webp', width: 40, height: 30 });
    const bytes = await storedBytes(res.body.data.id);
    expect((await sharp(bytes).metadata()).pages ?? 1).toBe(1);
  });

  it('a large image within the budget is stored and served at most 4096 px a side', async () => {
    const res = await evidence(oneColourGif(6000, 1500), 'wide.gif');
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ width: 4096, height: 1024 });
    const bytes = await storedBytes(res.body.data.id);
    expect(await sharp(bytes).metadata()).toMatchObject({ width: 4096, height: 1024 });
  });
});
