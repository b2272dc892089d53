// Production indexes, proven here (issue 10, point 5). The embedded FerretDB uses no secondary index, so
// coverage is checked statically against MongoDB's rules (server/src/db/queryShapes.ts):
// - the matcher itself, on shapes that are and are not served;
// - this file: the demo data; every GET route of the OpenAPI document as citizen, owner, inspector, city
//   and province admin and anonymously, on the ids the lists return; every enum value of every query
//   parameter (and all parameters at once) as a city admin and anonymously; a file upload and download;
//   every scheduled job. Each query shape recorded in this process must be served;
// - the whole suite: every test file records its shapes to one file (globalSetup) and globalTeardown
//   fails the run if any of them is not served, so POST routes and commands are checked as the other
//   test files drive them.
import mongoose from 'mongoose';
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs, uploadPhoto, type LoggedIn } from '../../support/factories';
import { ensureIndexes } from '../../../server/src/db/connection';
import {
  coverage, describeUnserved, formatShapeTable, recordQueryShapes, servedBy, shapesOfCommand,
  type IndexSpec, type QueryShape, type Recorded,
} from '../../../server/src/db/queryShapes';
import { createJobRunner } from '../../../server/src/jobs';
import { seedDemo } from '../../../server/src/seed/demo';

const ix = (collection: string, key: Record<string, number>, unique = false): IndexSpec =>
  ({ collection, name: Object.entries(key).map(([k, d]) => `${k}_${d}`).join('_'), key: Object.entries(key), unique });
const find = (filter: Record<string, unknown>, sort?: Record<string, number>, collection = 'inspections'): QueryShape =>
  shapesOfCommand('find', { find: collection, filter, ...(sort ? { sort } : {}) })[0];

describe('the index matcher (MongoDB equality, sort, range)', () => {
  const indexes = [
    ix('inspections', { workshopId: 1, at: -1 }),
    ix('inspections', { region: 1 }),
    ix('inspections', { status: 1, region: 1 }),
    ix('inspections', { clientId: 1 }, true),
    ix('tipoffs', { workshopId: 1 }),
  ];
  const by = (s: QueryShape) => servedBy(s, indexes, [])?.by ?? 'NOT SERVED';

  it('serves equality, then sort in either direction, then one range', () => {
    expect(by(find({ workshopId: 'w' }, { at: -1 }))).toBe('workshopId_1_at_-1');
    expect(by(find({ workshopId: 'w' }, { at: 1 }))).toBe('workshopId_1_at_-1'); // all reversed
    expect(by(find({ workshopId: 'w', at: { $gte: new Date() } }))).toBe('workshopId_1_at_-1');
    expect(by(find({ region: { $regex: '^4502' } }))).toBe('region_1');
    expect(by(find({ status: { $in: ['a', 'b'] }, region: { $regex: '^4502' } }))).toBe('status_1_region_1'); // $in: equality
    expect(by(find({ status: { $in: ['a', 'b'] } }, { region: 1 }))).toBe('status_1_region_1'); // one scan per value, merged in order
    expect(by(find({ status: { $gt: 'a' }, region: { $regex: '^4502' } }))).toBe('status_1_region_1 (+1 range in index)');
  });

  it('serves _id equality and equality on a unique index whatever else the filter says', () => {
    expect(by(find({ _id: new mongoose.Types.ObjectId(), status: { $ne: 'x' }, note: { $regex: 'a', $options: 'i' } }))).toBe('_id_');
    expect(by(find({ _id: { $in: ['a', 'b'] } }, { at: -1 }))).toBe('_id_');
    expect(by(find({ clientId: 'c', workshopId: 'w' }))).toBe('clientId_1');
  });

  it('does not serve what MongoDB would scan or sort in memory', () => {
    expect(by(find({ workshopId: 'w' }, { createdAt: -1 }))).toBe('NOT SERVED'); // sort not in the index
    expect(by(find({ at: { $gte: new Date() } }))).toBe('NOT SERVED'); // range without its equality prefix
    expect(by(find({ status: 'a', result: 'ok' }))).toBe('NOT SERVED'); // an equality key the index lacks
    expect(by(find({ workshopId: 'w', result: 'ok' }, undefined, 'tipoffs'))).toBe('NOT SERVED'); // workshopId bounds only a workshop's own records
    expect(by(find({ region: { $regex: '4502' } }))).toBe('NOT SERVED'); // unanchored regex
    expect(by(find({ region: { $regex: '^4502' }, result: { $ne: 'x' } }))).toBe('NOT SERVED'); // a range the index lacks
    expect(by(find({ status: { $in: ['a', 'b'] } }, { createdAt: 1 }))).toBe('NOT SERVED'); // sorted in memory
    expect(by(find({}))).toBe('NOT SERVED'); // collection scan
    expect(by(find({ $expr: { $gt: ['$a', '$b'] } }))).toBe('NOT SERVED');
    expect(by(find({ status: 'a', $or: [{ at: { $lt: new Date() } }, { region: 'r' }] }))).toBe('NOT SERVED'); // a branch unserved
  });

  it('serves $or when every branch is served, and reads aggregate, count, distinct and updates', () => {
    expect(by(find({ $or: [{ workshopId: 'w' }, { region: 'r' }] }))).toBe('workshopId_1_at_-1 | region_1');
    const agg = shapesOfCommand('aggregate', { aggregate: 'inspections', pipeline: [{ $match: { workshopId: 'w' } }, { $sort: { at: -1 } }, { $limit: 5 }] })[0];
    expect(agg).toMatchObject({ filter: { workshopId: 'eq' }, sort: [['at', -1]] });
    expect(by(agg)).toBe('workshopId_1_at_-1');
    expect(by(shapesOfCommand('aggregate', { aggregate: 'inspections', pipeline: [{ $group: { _id: '$region' } }] })[0])).toBe('NOT SERVED');
    expect(by(shapesOfCommand('count', { count: 'inspections' })[0])).toBe('(collection count)');
    expect(by(shapesOfCommand('distinct', { distinct: 'inspections', key: 'region', query: {} })[0])).toBe('region_1');
    const upd = shapesOfCommand('update', { update: 'inspections', updates: [{ q: { region: 'r', status: 's' }, u: {} }, { q: { result: 'x' }, u: {} }] });
    expect(upd.map(by)).toEqual(['status_1_region_1', 'NOT SERVED']);
    expect(by(shapesOfCommand('findAndModify', { findAndModify: 'inspections', query: { clientId: 'c' }, update: {} })[0])).toBe('clientId_1');
    expect(by(shapesOfCommand('delete', { delete: 'inspections', deletes: [{ q: { workshopId: 'w', at: { $lt: new Date() } }, limit: 0 }] })[0])).toBe('workshopId_1_at_-1');
  });

  it("serves any filter with a workshop's id on its own records through the index that starts with it", () => {
    expect(by(find({ workshopId: 'w', result: 'ok', region: { $regex: '^45' } }, { at: -1 }))).toBe('workshopId_1_at_-1 (bounded by workshopId)');
    expect(by(find({ workshopId: 'w', region: { $regex: '^45' } }))).toBe('workshopId_1_at_-1 (bounded by workshopId)');
    expect(by(find({ workshopId: 'w', result: 'ok' }, { createdAt: -1 }))).toBe('NOT SERVED'); // still sorted in memory
    expect(by(find({ workshopId: { $in: ['w', 'v'] }, result: 'ok' }))).toBe('NOT SERVED'); // many workshops: not bounded
  });

  it('accepts an unserved shape only through the allow-list', () => {
    const scan = find({}, undefined, 'tiny');
    expect(servedBy(scan, indexes, [])).toBeNull();
    expect(servedBy(scan, indexes, [{ collection: 'tiny', why: 'ten documents' }])).toEqual({ by: 'allow-list', allowed: true });
  });
});

// Values for query parameters by name, besides every enum value.
const PARAM_VALUES: Record<string, string[]> = {
  region: ['4502', '450203'], covers: ['450203'], parent: ['4502'], q: ['螺蛳粉', 'lsf'], page: ['2'], pageSize: ['5'],
  overdue: ['1'], year: [String(new Date().getFullYear())], from: ['2026-03-02'], to: ['2026-12-31'], days: ['5'], badge: ['inspected'],
  code: ['T00000000'], token: ['x'.repeat(32)], workshopId: ['64b000000000000000000001'],
};

const VARIANT_USERS = ['anonymous', 'admin@4502'];

describe('every query the app sends while serving the demo', () => {
  let t: TestApp;
  const recorded: Recorded[] = [];
  let stop: () => void = () => undefined;
  afterAll(async () => { stop(); await t?.close(); });

  it('is served by a declared index', async () => {
    t = await createTestApp({ RATE_LIMIT_IP_PER_MIN: '100000', RATE_LIMIT_USER_PER_MIN: '100000' });
    const client = mongoose.connection.getClient();
    expect(client.options.monitorCommands).toBe(true); // QUERY_SHAPES_FILE (globalSetup) turns monitoring on
    stop = recordQueryShapes(client, (r) => recorded.push(r));
    await ensureIndexes(); // again, now that this process records the indexes it creates

    await seedDemo(t.services.regions, { workshops: 60, cipher: t.services.cipher, services: t.services });
    const users: [string, LoggedIn | null][] = [['anonymous', null]];
    for (const [role, region] of [['citizen'], ['owner'], ['inspector', '450203'], ['admin', '4502'], ['admin', '45']] as const) {
      users.push([`${role}${region ? `@${region}` : ''}`, await loginAs(t, role, region ? { region } : {})]);
    }
    const owner = users.find(([n]) => n === 'owner')![1]!;
    const fileId = await uploadPhoto(t, owner.auth);

    type Op = { parameters?: { in: string; name: string; schema?: { enum?: string[] } }[]; responses?: Record<string, { content?: Record<string, unknown> }> };
    const doc = (await t.http.get('/api/v1/openapi.json').expect(200)).body as { paths: Record<string, Record<string, Op>> };
    const gets = Object.entries(doc.paths).filter(([, ops]) => ops.get).map(([p, ops]) => ({
      path: p,
      params: ops.get.parameters ?? [],
      // images and spreadsheets cost (a QR code takes seconds under jest): one user who may fetch it is enough
      once: !Object.entries(ops.get.responses ?? {}).some(([status, r]) => status.startsWith('2') && r.content?.['application/json']),
    }));
    // Ids by the path segment before {id}, from the lists; certificate numbers from the credit files.
    const ids: Record<string, Set<string>> = { files: new Set([fileId]), certificates: new Set(), sessions: new Set(), trainingCertificates: new Set() };
    const collect = (path: string, body: unknown) => {
      // A program's applications are applications (GET /applications/{id}/review reads them).
      const seg = /\/applications(\?|$)/.test(path) ? 'applications' : path.replace('/api/v1/', '').split('/')[0].replace(/\?.*/, '');
      const list = (body as { data?: unknown })?.data;
      const items = Array.isArray(list) ? list : list && typeof list === 'object' ? [list] : [];
      type Item = { id?: string; certificate?: { number?: string } | null; sessions?: { id: string }[]; session?: { id: string }; certificateNo?: string | null };
      for (const it of items as Item[]) {
        if (typeof it?.id === 'string') (ids[seg] ??= new Set()).add(it.id);
        if (it?.certificate?.number) ids.certificates.add(it.certificate.number);
        // training: a course's sessions, a booking's session and certificate
        for (const s of [...(it?.sessions ?? []), ...(it?.session ? [it.session] : [])]) ids.sessions.add(s.id);
        if (it?.certificateNo) ids.trainingCertificates.add(it.certificateNo);
      }
      const cert = (body as { certificate?: { number?: string } })?.certificate?.number;
      if (cert) ids.certificates.add(cert);
    };
    const ok = new Set<string>();
    const call = async (route: string, url: string, who: LoggedIn | null) => {
      const req = t.http.get(url);
      const res = await (who ? req.set(who.auth) : req);
      if (res.status < 300) { ok.add(route); collect(url, res.body); }
      return res.status < 300;
    };
    const urlsFor = (g: (typeof gets)[number], pathValue: string) => {
      const base = `${g.path.replace(/\{[^}]+\}/, pathValue)}`;
      const urls = [base];
      for (const p of g.params.filter((q) => q.in === 'query')) {
        for (const v of [...(p.schema?.enum ?? []), ...(PARAM_VALUES[p.name] ?? [])]) urls.push(`${base}?${p.name}=${encodeURIComponent(v)}`);
      }
      // every pair of filters (the fuzzer combines them at random), and every parameter at once
      const all = g.params.filter((q) => q.in === 'query').map((q) => [q.name, q.schema?.enum?.[0] ?? PARAM_VALUES[q.name]?.[PARAM_VALUES[q.name].length - 1]] as const).filter(([k, v]) => v !== undefined && !['page', 'code', 'token'].includes(k));
      const qs = (pairs: typeof all) => `${base}?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v!)}`).join('&')}`;
      for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) if (all.length > 2) urls.push(qs([all[i], all[j]]));
      if (all.length > 1) urls.push(qs(all));
      return urls;
    };
    // Lists first (they give the ids), then the routes with a path parameter.
    for (const pass of ['lists', 'items'] as const) {
      for (const g of gets) {
        const hasParam = g.path.includes('{');
        if ((pass === 'lists') === hasParam) continue;
        const seg = g.path.replace('/api/v1/', '').split('/')[0];
        const pool = g.path.startsWith('/api/v1/workshops/') ? ids.workshops ?? []
          : g.path.startsWith('/api/v1/certificates/training/') ? ids.trainingCertificates
            : g.path.startsWith('/api/v1/certificates/') ? ids.certificates : ids[seg] ?? [];
        // Up to two ids that answer (e.g. only bookings of a course with a test have a quiz), from the first 30.
        const values = hasParam ? [...pool].slice(0, 30) : [''];
        let answered = 0;
        for (const v of values) {
          if (answered >= 2) break;
          const [base, ...variants] = urlsFor(g, v);
          let any = false;
          for (const [, who] of users) {
            if (!(await call(`GET ${g.path}`, base, who))) continue;
            any = true;
            if (g.once) break;
          }
          if (!any && hasParam) continue; // this id does not answer: try the next (a list's variants run anyway)
          answered += 1;
          // parameter variants as the public and as a city admin (who may filter every list)
          for (const url of g.once ? [] : variants) for (const [name, who] of users) if (VARIANT_USERS.includes(name)) await call(`GET ${g.path}`, url, who);
        }
      }
    }
    const runner = createJobRunner(t.services, { instanceId: 'indexes-test' });
    await runner.runDueOnce();
    await runner.runDueOnce();

    // Real coverage: every GET route answered 2xx to someone (bar those needing a secret we do not have).
    const NEED_SECRET = ['GET /api/v1/tipoffs/track'];
    expect(gets.map((g) => `GET ${g.path}`).filter((r) => !ok.has(r) && !NEED_SECRET.includes(r))).toEqual([]);

    const shapes = recorded.flatMap((r) => (r.type === 'shape' ? [r.shape] : []));
    const indexes = recorded.flatMap((r) => (r.type === 'index' ? [r.index] : []));
    expect(shapes.length).toBeGreaterThan(20);
    const rows = coverage(shapes, indexes);
    if (rows.some((r) => !r.served)) throw new Error(`not served:\n${describeUnserved(rows)}\n\n${formatShapeTable(rows)}`);
  }, 300_000);
});
