// The bad-input corpus (issue 12, standing suite): every route with a request body or query in the OpenAPI
// document, read at test time (a new route is covered without touching this file), as an actor the route
// lets in, gets one request per field × kind: operator objects, prototype keys, a 1 MB string, 10,000 levels
// of nesting, bytes that are not UTF-8, control characters; per route the wrong content types; on the upload
// route path traversal in file names, disguised files and image bombs of every accepted format.
// Every answer: a 4xx refusing the input (not a 404 of a made-up id), a stable code, a Chinese message;
// nothing stored; the server keeps answering; memory stays bounded. One summary line at the end.
import { randomBytes } from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import { deflateRawSync } from 'node:zlib';
import sharp from 'sharp';
import { ERROR_MESSAGES } from '@shared/domain/errors';
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs, type LoggedIn } from '../../support/factories';
import { StoredFileModel } from '../../../server/src/models/StoredFile';
import { blackPng, jpegClaiming, oneColourGif } from '../files/bombs';

type Schema = {
  $ref?: string; type?: string | string[]; properties?: Record<string, Schema>; items?: Schema;
  anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[];
};
type Param = { in: string; name: string; schema?: Schema };
type Op = { parameters?: Param[]; security?: unknown[]; requestBody?: { content: Record<string, { schema: Schema }> } };
type Doc = { paths: Record<string, Record<string, Op>>; components?: { schemas?: Record<string, Schema> } };
type Who = { name: string; login: LoggedIn | null };
type Answer = { status: number; body: { error?: { code?: string; message?: string; details?: unknown } }; headers: Record<string, string> };

// Refusals of the input itself. A 401/403/404/409 would mean the input got past validation.
const REFUSED = new Set([400, 413, 415, 422, 431]);
const CHINESE = /[\u4e00-\u9fff]/;
const ID = '64b000000000000000000001'; // a well-formed id that names nothing: a bad input must be refused before any lookup
const MB = 1024 * 1024;
// A full collection before each memory sample, so the figure is what the server keeps, not garbage not yet
// collected (jest runs without --expose-gc).
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

let t: TestApp;
let actors: Who[];
let doc: Doc;
const stats = { cases: 0, refused: 0, serverErrors: 0, stored: 0 };
const failures: string[] = [];

beforeAll(async () => {
  t = await createTestApp({
    RATE_LIMIT_IP_PER_MIN: '1000000', RATE_LIMIT_USER_PER_MIN: '1000000',
    TIPOFF_SUBMITS_PER_HOUR: '100000', TIPOFF_UPLOADS_PER_HOUR: '100000',
    LOGIN_PER_MIN: '100000', SEARCH_PER_MIN: '100000',
  });
  // The first actor a route lets in is the one who sends its corpus: staff routes an admin of the region,
  // an owner's routes the owner, public routes anyone.
  actors = [
    { name: 'admin@4502', login: await loginAs(t, 'admin', { region: '4502' }) },
    { name: 'inspector@450203', login: await loginAs(t, 'inspector', { region: '450203' }) },
    { name: 'owner', login: await loginAs(t, 'owner') },
    { name: 'trainer', login: await loginAs(t, 'trainer') },
    { name: 'citizen', login: await loginAs(t, 'citizen') },
  ];
  doc = (await t.http.get('/api/v1/openapi.json').expect(200)).body as Doc;
});
afterAll(async () => { await t?.close(); });

/** Document counts of every collection (the rate limiter and the audit of logins are taken before). */
async function counts(): Promise<Record<string, number>> {
  const db = t.db.connection.db!;
  const out: Record<string, number> = {};
  for (const c of await db.listCollections().toArray()) out[c.name] = await db.collection(c.name).countDocuments();
  return out;
}
function storedSince(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys(after).filter((k) => after[k] !== (before[k] ?? 0)).map((k) => `${k}: ${before[k] ?? 0} → ${after[k]}`);
}

function resolve(s: Schema | undefined): Schema {
  let cur = s ?? {};
  for (let i = 0; cur.$ref && i < 20; i++) cur = doc.components?.schemas?.[cur.$ref.split('/').pop()!] ?? {};
  return cur;
}

/** Field paths of a body schema: every property, and those of nested objects and array items, 3 levels deep. */
function fieldPaths(schema: Schema, prefix: (string | number)[] = [], depth = 0): (string | number)[][] {
  const s = resolve(schema);
  const members = [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])].map(resolve);
  if (members.length) {
    const seen = new Map<string, (string | number)[]>();
    for (const m of [s, ...members]) for (const p of fieldPaths({ ...m, anyOf: undefined, oneOf: undefined, allOf: undefined }, prefix, depth)) seen.set(p.join('.'), p);
    return [...seen.values()];
  }
  if (s.items && depth < 3) return fieldPaths(s.items, [...prefix, 0], depth + 1);
  const out: (string | number)[][] = [];
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    out.push([...prefix, k]);
    if (depth < 2) {
      const inner = resolve(v);
      const child = inner.items ? resolve(inner.items) : inner;
      if (child.properties || child.anyOf || child.oneOf || child.allOf) out.push(...fieldPaths(inner, [...prefix, k], depth + 1));
    }
  }
  return out;
}

const MARK = '"@@corpus-mark@@"';
/** JSON text of `{}` with `raw` (bytes) at `path`: arrays for numeric segments, objects otherwise. */
function bodyWith(path: (string | number)[], raw: Buffer): Buffer {
  let v: unknown = '@@corpus-mark@@';
  for (let i = path.length - 1; i >= 0; i--) v = typeof path[i] === 'number' ? [v] : { [path[i]]: v };
  const [before, after] = JSON.stringify(v).split(MARK);
  return Buffer.concat([Buffer.from(before), raw, Buffer.from(after)]);
}

const deepArray = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
/** One value per kind, as raw JSON bytes. */
const BODY_KINDS: [string, Buffer][] = [
  ['operator $gt', Buffer.from('{"$gt":""}')],
  ['operator $where', Buffer.from('{"$where":"1"}')],
  ['__proto__', Buffer.from('{"__proto__":{"polluted":"yes"}}')],
  ['constructor.prototype', Buffer.from('{"constructor":{"prototype":{"polluted":"yes"}}}')],
  ['1 MB string', Buffer.from(JSON.stringify('张'.repeat(MB / 3)))],
  ['10,000 levels', Buffer.from(deepArray(10_000))],
  ['invalid UTF-8', Buffer.concat([Buffer.from('"米粉'), Buffer.from([0xff, 0xc0, 0xaf]), Buffer.from('"')])],
  ['control characters', Buffer.from(JSON.stringify('米\u0000粉\u0007\u001b[2J\u202e'))],
];

const QUERY_KINDS: [string, (name: string) => string][] = [
  ['operator $gt', (n) => `${n}[$gt]=`],
  ['operator $where', (n) => `${n}[$where]=1`],
  ['__proto__', (n) => `${n}[__proto__][polluted]=yes`],
  ['constructor.prototype', (n) => `${n}[constructor][prototype][polluted]=yes`],
  ['1 MB string', (n) => `${n}=${'a'.repeat(MB)}`],
  ['10,000 levels', (n) => `${n}${'[a]'.repeat(10_000)}=1`],
  ['invalid UTF-8', (n) => `${n}=%E7%B1%B3%FF%C0%AF`],
  ['control characters', (n) => `${n}=%E7%B1%B3%00%07%1B`],
  ['repeated', (n) => `${n}=a&${n}=b`],
];
// Per route: prototype keys as parameter names of their own.
const QUERY_ROUTE_KINDS: [string, string][] = [
  ['__proto__ key', '__proto__[polluted]=yes'],
  ['constructor.prototype key', 'constructor[prototype][polluted]=yes'],
];

function pathOf(p: string): string {
  return p.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'year' ? '2026' : ID));
}

function send(method: string, url: string, who: Who, build?: (r: ReturnType<TestApp['http']['get']>) => ReturnType<TestApp['http']['get']>) {
  let req = (t.http as unknown as Record<string, (u: string) => ReturnType<TestApp['http']['get']>>)[method](url).set('X-Device-Id', `corpus-${randomBytes(4).toString('hex')}`);
  if (who.login) req = req.set(who.login.auth);
  return (build ? build(req) : req).ok(() => true) as unknown as Promise<Answer>;
}
const sendJson = (method: string, url: string, who: Who, body: Buffer, type = 'application/json') =>
  send(method, url, who, (r) => r.set('Content-Type', type).serialize((b: unknown) => b as string).send(body as never));

/** The first actor the route does not turn away for who they are (a JSON array body or an unknown parameter is a 400 for them). */
async function actorFor(method: string, path: string, op: Op): Promise<Who> {
  const anonymous: Who = { name: 'anonymous', login: null };
  if (op.security && op.security.length === 0) return anonymous;
  for (const who of actors) {
    const res = op.requestBody
      ? await sendJson(method, pathOf(path), who, Buffer.from('[]'))
      : await send(method, `${pathOf(path)}?corpusProbe=1`, who);
    if (res.status !== 401 && res.status !== 403) return who;
  }
  return anonymous;
}

/** Checks one answer; `field` says what was bad, for the message of a failure. */
function check(label: string, res: Answer, opts: { field?: string; code?: string } = {}) {
  stats.cases += 1;
  const err = res.body?.error;
  if (res.status >= 500) stats.serverErrors += 1;
  if (res.status >= 400 && res.status < 500) stats.refused += 1;
  const problems: string[] = [];
  if (!REFUSED.has(res.status)) problems.push(`status ${res.status}`);
  if (!err?.code || !(err.code in ERROR_MESSAGES)) problems.push(`code ${err?.code}`);
  // Refused as input (validation, parsing, size, type), not by a handler that took it for a value.
  else if (!/^(request|file)\./.test(err.code)) problems.push(`refused by the handler (${err.code}), not as input`);
  if (!err?.message || !CHINESE.test(err.message)) problems.push(`message ${err?.message}`);
  if (res.status === 429 || res.headers['retry-after']) problems.push('rate limited: raise the limits');
  if (opts.code && err?.code !== opts.code) problems.push(`code ${err?.code}, not ${opts.code}`);
  // A validation refusal names the bad field among its issues (so the 400 is for this input, not for a missing sibling).
  if (opts.field && err?.code === 'request.invalid' && Array.isArray(err.details)) {
    // An unknown parameter (`region[$gt]`) is named in the message of the issue at the object's level.
    const name = opts.field.split('.').pop()!;
    const issues = err.details as { path?: string; message?: string }[];
    const named = issues.some((d) => d.path === opts.field || d.path?.startsWith(`${opts.field}.`) || (d.message ?? '').includes(`"${name}[`));
    if (!named) problems.push(`issues ${issues.map((d) => d.path).join(', ')} do not name ${opts.field}`);
  }
  if (JSON.stringify(res.body ?? {}).match(/mongo|Cast to|at \w+ \(|node_modules|stack/i)) problems.push('internals in the answer');
  if (problems.length) failures.push(`${label}: ${problems.join('; ')} ${JSON.stringify(err ?? res.body).slice(0, 200)}`);
}

describe('the bad-input corpus', () => {
  it('refuses every kind on every body and query field, stores nothing, keeps answering with bounded memory', async () => {
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })))
      .filter(({ op }) => op.requestBody || (op.parameters ?? []).some((p) => p.in === 'query'));
    expect(routes.length).toBeGreaterThan(40);
    const jsonRoutes = routes.filter(({ op }) => op.requestBody?.content['application/json']);
    const uploadRoutes = routes.filter(({ op }) => op.requestBody?.content['multipart/form-data']);
    expect(uploadRoutes.length).toBeGreaterThan(0);

    const before = await counts();
    gc();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sample = () => { gc(); rssPeak = Math.max(rssPeak, process.memoryUsage().rss); };

    for (const { path, method, op } of routes) {
      const who = await actorFor(method, path, op);
      const url = pathOf(path);
      const route = `${method.toUpperCase()} ${path} as ${who.name}`;

      // JSON bodies: each field × each kind, then the route's wrong content types and a prototype key at the top.
      const json = op.requestBody?.content['application/json'];
      if (json) {
        for (const field of fieldPaths(json.schema)) {
          for (const [kind, raw] of BODY_KINDS) {
            const res = await sendJson(method, url, who, bodyWith(field, raw));
            check(`${route} body.${field.join('.')} ${kind}`, res, { field: `body.${field.join('.')}` });
          }
        }
        for (const [kind, raw] of [['__proto__ at the top', '{"__proto__":{"polluted":"yes"}}'], ['constructor.prototype at the top', '{"constructor":{"prototype":{"polluted":"yes"}}}'], ['10,000 levels as the body', deepArray(10_000)]]) {
          check(`${route} ${kind}`, await sendJson(method, url, who, Buffer.from(raw)));
        }
        check(`${route} text/plain`, await sendJson(method, url, who, Buffer.from('{}'), 'text/plain'));
        check(`${route} form-urlencoded`, await send(method, url, who, (r) => r.type('form').send('a=1')));
        check(`${route} multipart`, await send(method, url, who, (r) => r.field('a', '1')));
      }

      // Query parameters: each × each kind, and prototype keys of their own.
      const query = (op.parameters ?? []).filter((p) => p.in === 'query');
      for (const p of query) {
        for (const [kind, q] of QUERY_KINDS) check(`${route} query.${p.name} ${kind}`, await send(method, `${url}?${q(p.name)}`, who), { field: `query.${p.name}` });
      }
      if (query.length) for (const [kind, q] of QUERY_ROUTE_KINDS) check(`${route} ${kind}`, await send(method, `${url}?${q}`, who));

      if ((await t.http.get('/api/v1/health')).status !== 200) failures.push(`${route}: /health did not answer 200 afterwards`);
      sample();
    }

    // The upload route, logged in (the owner's registration photos) and anonymously (tip-off evidence).
    const owner = actors.find((a) => a.name === 'owner')!;
    const anonymous: Who = { name: 'anonymous', login: null };
    const files = await uploadCorpus();
    const jpeg = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#8a6' } }).jpeg().toBuffer();
    for (const { path, method } of uploadRoutes) {
      const url = pathOf(path);
      for (const [who, purpose] of [[owner, 'registration'], [anonymous, 'tipoff']] as const) {
        const route = `${method.toUpperCase()} ${path} as ${who.name}`;
        for (const [kind, data, filename] of files) {
          // A bomb is measured from its header and refused as too large, never decoded.
          const code = /bomb|claiming/i.test(kind) ? 'file.image_too_large' : undefined;
          check(`${route} ${kind}`, await send(method, url, who, (r) => r.field('purpose', purpose).attach('file', data, { filename, contentType: 'image/jpeg' })), { code });
        }
        // The purpose field, each kind (multipart field names with brackets become objects in some parsers).
        for (const [kind, name, value] of [
          ['purpose operator $gt', 'purpose[$gt]', ''], ['purpose operator $where', 'purpose[$where]', '1'],
          ['purpose __proto__', '__proto__[polluted]', 'yes'], ['purpose constructor.prototype', 'constructor[prototype][polluted]', 'yes'],
          ['purpose 1 MB string', 'purpose', 'a'.repeat(MB)], ['purpose 10,000 levels', `purpose${'[a]'.repeat(10_000)}`, '1'],
          ['purpose control characters', 'purpose', `${purpose}\u0000\u0007`],
        ] as const) {
          check(`${route} ${kind}`, await send(method, url, who, (r) => r.field(name, value).attach('file', jpeg, { filename: 'x.jpg', contentType: 'image/jpeg' })));
        }
        check(`${route} invalid UTF-8 purpose`, await send(method, url, who, (r) => rawMultipart(r, Buffer.concat([Buffer.from('tipo'), Buffer.from([0xff, 0xfe])]), jpeg)));
        check(`${route} JSON to the upload route`, await sendJson(method, url, who, Buffer.from(JSON.stringify({ purpose, file: 'x' }))));
        check(`${route} text/plain to the upload route`, await sendJson(method, url, who, Buffer.from('file'), 'text/plain'));
        sample();
      }
    }

    // A real photo under a path-traversal name is fine to keep, by its last segment only.
    const kept = await send('post', '/api/v1/files', owner, (r) => r.field('purpose', 'registration').attach('file', jpeg, { filename: '../../etc/passwd.jpg', contentType: 'image/jpeg' }));
    expect(kept.status).toBe(201);
    const name = (await StoredFileModel.findById((kept.body as { data: { id: string } }).data.id).lean())!.originalName;
    expect(name).toBe('passwd.jpg');
    await StoredFileModel.deleteOne({ _id: (kept.body as { data: { id: string } }).data.id });
    await t.db.connection.db!.collection('blobs.files').deleteMany({});
    await t.db.connection.db!.collection('blobs.chunks').deleteMany({});

    sample();
    const rssGrownMb = Math.round((rssPeak - rssBefore) / MB);
    const changed = storedSince(before, await counts());
    stats.stored = changed.length;
    const health = await t.http.get('/api/v1/health');

    process.stdout.write(`\nbad-input corpus: ${stats.cases} cases on ${routes.length} routes, ${stats.refused} 4xx, ${stats.serverErrors} 5xx, ${stats.stored} stored bad inputs, rss peak +${rssGrownMb} MB\n`);
    if (process.env.CORPUS_FAILURES) require('node:fs').writeFileSync(process.env.CORPUS_FAILURES, failures.join('\n'));
    expect(failures).toEqual([]);
    expect(changed).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(stats.serverErrors).toBe(0);
    expect(health.status).toBe(200);
    // What the process keeps after hundreds of 1 MB bodies and a dozen bombs (each hundreds of MB decoded).
    expect(rssGrownMb).toBeLessThan(150);
  }, 600_000);
});

/** A multipart upload written by hand, so the purpose field carries exactly these bytes. */
function rawMultipart(r: ReturnType<TestApp['http']['get']>, purpose: Buffer, file: Buffer) {
  const boundary = 'corpusBoundary7MA4YWxk';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\n`), purpose,
    Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    file, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return r.set('Content-Type', `multipart/form-data; boundary=${boundary}`).serialize((b: unknown) => b as string).send(body as never);
}

/** A tiny lossless WebP whose header is rewritten to claim 16383×16383 pixels. */
async function webpClaiming(): Promise<Buffer> {
  const webp = Buffer.from(await sharp({ create: { width: 16, height: 16, channels: 3, background: '#808080' } }).webp({ lossless: true }).toBuffer());
  const at = webp.indexOf('VP8L');
  if (at < 0) throw new Error('no VP8L chunk');
  // After the 0x2f signature: 14 bits width-1, 14 bits height-1, 1 bit alpha, 3 bits version.
  const bits = webp.readUInt32LE(at + 9);
  webp.writeUInt32LE(((bits & 0xf0000000) | (16382 << 14) | 16382) >>> 0, at + 9);
  return webp;
}

/** A zip archive holding one file, stored (the shape of an .apk, .docx or a zip bomb's wrapper). */
function zip(name: string, content: Buffer): Buffer {
  const data = deflateRawSync(content);
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0); header.writeUInt16LE(20, 4); header.writeUInt16LE(8, 8);
  header.writeUInt32LE(data.length, 18); header.writeUInt32LE(content.length, 22); header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, Buffer.from(name), data]);
}

/** [kind, bytes, file name]: each must be refused whoever uploads it. */
async function uploadCorpus(): Promise<[string, Buffer, string][]> {
  return [
    ['HTML named .jpg', Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>'), 'photo.jpg'],
    ['SVG with a script named .jpg', Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'), 'photo.jpg'],
    ['zip named .jpg', zip('a.txt', Buffer.alloc(10 * MB)), 'photo.jpg'],
    ['HTML under a path-traversal name', Buffer.from('<html><script>alert(1)</script></html>'), '../../etc/passwd.jpg'],
    ['empty file', Buffer.alloc(0), 'empty.jpg'],
    ['truncated JPEG', (await jpegClaiming(16, 16)).subarray(0, 200), 'cut.jpg'],
    ['GIF bomb 10000×10000', oneColourGif(10000, 10000), 'bomb.gif'],
    ['animated GIF bomb 6000×6000 × 3 frames', oneColourGif(6000, 6000, 3), 'anim.gif'],
    ['PNG bomb 10000×10000', blackPng(10000, 10000), 'bomb.png'],
    ['JPEG claiming 20000×20000', await jpegClaiming(20000, 20000), 'bomb.jpg'],
    ['WebP claiming 16383×16383', await webpClaiming(), 'bomb.webp'],
  ];
}
