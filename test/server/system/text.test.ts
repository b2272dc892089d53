// Bad text: bytes that are not UTF-8, control characters, damaged text and markup in file names. Each is
// refused (400, Chinese message) or reduced to a safe form, through HTTP, and a refused write stores nothing.
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs, type LoggedIn } from '../../support/factories';
import { RegistrationModel } from '../../../server/src/models/Registration';
import { StaffInviteModel } from '../../../server/src/models/StaffInvite';
import { StoredFileModel } from '../../../server/src/models/StoredFile';
import { TipoffModel } from '../../../server/src/models/Tipoff';
import { report } from '../tipoff/support';

let t: TestApp;
let admin: LoggedIn;
let owner: LoggedIn;
beforeAll(async () => {
  t = await createTestApp({ TIPOFF_SUBMITS_PER_HOUR: '1000', TIPOFF_UPLOADS_PER_HOUR: '1000' });
  admin = await loginAs(t, 'admin', { region: '4502' });
  owner = await loginAs(t, 'owner');
});
afterAll(async () => { await t.close(); });

/** A JSON body whose text is `before`, then the raw bytes, then `after`. */
const withBytes = (before: string, bytes: number[], after: string) => Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
const postRaw = (url: string, body: Buffer, auth?: LoggedIn, headers: Record<string, string> = {}) => {
  const req = t.http.post(url).set('Content-Type', 'application/json').set('X-Device-Id', `dev-${Math.random()}`).set(headers);
  if (auth) req.set(auth.auth);
  return req.serialize((b) => b).send(body); // the bytes as they are, not JSON of a Buffer
};
const INVALID_ENCODING = { code: 'request.invalid_encoding', message: '提交的内容含有无法识别的字符（不是有效的 UTF-8 编码），请检查后重新填写' };

describe('bytes that are not UTF-8', () => {
  // A stray byte, an overlong "/", a UTF-16 surrogate written as UTF-8, a cut-off character, a code point over U+10FFFF.
  const BAD = [[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe4, 0xb8], [0xf4, 0x90, 0x80, 0x80]];

  it('a staff invite whose name is not UTF-8: 400, nothing stored', async () => {
    for (const bytes of BAD) {
      const res = await postRaw('/api/v1/staff/invites', withBytes('{"name":"张', bytes, '三","role":"inspector","region":"450203"}'), admin);
      expect({ bytes, status: res.status, error: res.body.error }).toEqual({ bytes, status: 400, error: expect.objectContaining(INVALID_ENCODING) });
    }
    expect(await StaffInviteModel.countDocuments()).toBe(0);
  });

  it('an anonymous tip-off with such a description, also gzipped: 400, nothing stored', async () => {
    const body = withBytes(JSON.stringify(report()).replace('"description":"', '"description":"有人'), [0xb7, 0xfe], '');
    expect((await postRaw('/api/v1/tipoffs', body)).body.error).toMatchObject(INVALID_ENCODING);
    const zipped = await postRaw('/api/v1/tipoffs', gzipSync(body), undefined, { 'Content-Encoding': 'gzip' });
    expect(zipped.status).toBe(400);
    expect(zipped.body.error).toMatchObject(INVALID_ENCODING);
    expect(await TipoffModel.countDocuments()).toBe(0);
  });

  it('a registration draft with such a name: 400, and the owner has no application', async () => {
    const res = await postRaw('/api/v1/registrations', withBytes('{"applicant":{"name":"李', [0xe7, 0xa7], '英"}}'), owner);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject(INVALID_ENCODING);
    expect(await RegistrationModel.countDocuments()).toBe(0);
    expect((await t.http.get('/api/v1/registrations/mine').set(owner.auth)).body.data ?? []).toEqual([]);
  });

  it('valid UTF-8, plain or gzipped, goes through and is stored as sent', async () => {
    const body = Buffer.from(JSON.stringify({ name: '韦秀英', role: 'inspector', region: '450203' }));
    expect((await postRaw('/api/v1/staff/invites', body, admin)).status).toBe(201);
    expect((await postRaw('/api/v1/staff/invites', gzipSync(body), admin, { 'Content-Encoding': 'gzip' })).status).toBe(201);
    expect((await StaffInviteModel.find().lean()).map((i) => i.name)).toEqual(['韦秀英', '韦秀英']);
    await StaffInviteModel.deleteMany({});
  });
});

describe('control characters and damaged text (valid UTF-8)', () => {
  const invite = (name: string) => t.http.post('/api/v1/staff/invites').set(admin.auth).send({ name, role: 'inspector', region: '450203' });

  it('a name takes no control, bidi or replacement characters: 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['张\u0000三', 'name：不能包含换行、制表符等控制字符'],
      ['张\n三', 'name：不能包含换行、制表符等控制字符'],
      ['张\t三', 'name：不能包含换行、制表符等控制字符'],
      ['张\u0085三', 'name：不能包含换行、制表符等控制字符'],
      ['\u202e三张', 'name：不能包含换行、制表符等控制字符'],
      ['张\ufffd三', 'name：含有无法识别的字符（可能是乱码），请重新输入'],
      ['张\ud800三', 'name：含有无法识别的字符（可能是乱码），请重新输入'],
    ];
    for (const [name, message] of cases) {
      const res = await invite(name);
      expect({ name, status: res.status, code: res.body.error?.code, message: res.body.error?.message }).toEqual({ name, status: 400, code: 'request.invalid', message });
    }
    expect(await StaffInviteModel.countDocuments()).toBe(0);
    // Emoji (a surrogate pair) and Chinese are text like any other.
    expect((await invite('韦😀秀英')).status).toBe(201);
    await StaffInviteModel.deleteMany({});
  });

  it('a description keeps line breaks and tabs (CR LF as LF) but no other control character', async () => {
    const bell = await t.http.post('/api/v1/tipoffs').set('X-Device-Id', 'dev-bell').send(report({ description: '后院\u0007生产米粉' }));
    expect(bell.status).toBe(400);
    expect(bell.body.error.message).toBe('description：不能包含控制字符');
    expect(await TipoffModel.countDocuments()).toBe(0);

    const ok = await t.http.post('/api/v1/tipoffs').set('X-Device-Id', 'dev-lines').send(report({ description: '后院每天凌晨生产米粉：\r\n1. 没有挂证\n2.\t污水直排' }));
    expect(ok.status).toBe(201);
    const stored = await TipoffModel.find().lean();
    expect(stored.map((x) => x.description)).toEqual(['后院每天凌晨生产米粉：\n1. 没有挂证\n2.\t污水直排']);
    // A single-line field of the same form still refuses a line break.
    const address = await t.http.post('/api/v1/tipoffs').set('X-Device-Id', 'dev-addr').send(report({ address: '柳石路\n12号' }));
    expect(address.status).toBe(400);
    expect(await TipoffModel.countDocuments()).toBe(1);
  });

  it('a query string that decodes to damaged text: 400', async () => {
    const bad = await t.http.get('/api/v1/workshops?q=%E7%BB%BF%FF');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('q：含有无法识别的字符（可能是乱码），请重新输入');
    expect((await t.http.get('/api/v1/workshops?q=%E7%BB%BF%E8%8C%B6')).status).toBe(200);
  });
});

describe('file names', () => {
  let jpeg: Buffer;
  beforeAll(async () => { jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#ffffff' } }).jpeg().toBuffer(); });

  /** A multipart upload written by hand, so the file name header carries exactly these bytes. */
  function rawUpload(disposition: Buffer) {
    const boundary = 'xzfBoundary7MA4YWxk';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\ntipoff\r\n--${boundary}\r\n`),
      Buffer.from('Content-Disposition: form-data; name="file"; '), disposition, Buffer.from('\r\nContent-Type: image/jpeg\r\n\r\n'),
      jpeg, Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return t.http.post('/api/v1/files').set(owner.auth).set('Content-Type', `multipart/form-data; boundary=${boundary}`).serialize((b) => b).send(body);
  }

  it('markup in a file name is stored and returned as a plain display name', async () => {
    const res = await t.http.post('/api/v1/files').set(owner.auth).field('purpose', 'tipoff')
      .attach('file', jpeg, { filename: '<img src=x onerror=alert(1)>.jpg', contentType: 'image/jpeg' });
    expect(res.status).toBe(201);
    expect(res.body.data.originalName).toBe('img src=x onerror=alert(1).jpg');
    expect((await StoredFileModel.findById(res.body.data.id).lean())!.originalName).toBe('img src=x onerror=alert(1).jpg');
    const got = await t.http.get(res.body.data.url).set(owner.auth).buffer(true);
    expect(got.status).toBe(200);
    expect(got.headers['content-disposition']).toBe(`inline; filename*=UTF-8''${encodeURIComponent('img src=x onerror=alert(1).jpg')}`);
  });

  it('quotes, control characters, paths and undecodable bytes are dropped; Chinese stays', async () => {
    // RFC 5987 percent-encoding (encodeURIComponent leaves ' ( ) * as they are).
    const ext = (name: string) => Buffer.from(`filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`);
    const cases: [Buffer, string | null][] = [
      [ext('..\\..\\现场"照片"\u0007\u202e1.jpg'), '现场照片1.jpg'],
      [ext("C:\\Users\\张三\\`证据'  2.jpg"), '证据 2.jpg'],
      [Buffer.concat([Buffer.from('filename="证据'), Buffer.from([0xff, 0xfe]), Buffer.from('.jpg"')]), '证据.jpg'],
      [ext('<>"\''), null],
    ];
    for (const [disposition, expected] of cases) {
      const res = await rawUpload(disposition);
      expect({ status: res.status, error: res.body.error }).toEqual({ status: 201, error: undefined });
      expect({ sent: disposition.toString('latin1'), name: res.body.data.originalName }).toEqual({ sent: disposition.toString('latin1'), name: expected });
    }
  });
});
