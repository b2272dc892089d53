// Privacy scan (issue 12, standing suite). A named tip-off with a phone number and a GPS-tagged photo is
// planted beside the demo data; every GET route of the OpenAPI document is read as each role, on the ids
// the lists return. Then:
// - the reporter's name and phone appear in no response but the identity route's, and there only for the
//   handling inspector and the admin of the case's region; each of those views is audited;
// - no unmasked mobile number (1[3-9] + 9 digits) or 18-character ID number appears in any response
//   (JSON, text or the cells of a spreadsheet);
// - no served image carries metadata (EXIF with GPS, XMP, IPTC).
// One summary line with the counts is printed for the README.
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { AuditEventModel } from '../../../server/src/models/AuditEvent';
import { AwardModel } from '../../../server/src/models/Award';
import { CertificateModel } from '../../../server/src/models/Certificate';
import { ProgramApplicationModel } from '../../../server/src/models/ProgramApplication';
import { seedDemo } from '../../../server/src/seed/demo';
import { seedDemoPrograms } from '../../../server/src/seed/programs';
import { createTestApp, type TestApp } from '../../support/app';
import { buildWorkshop, loginAs, type LoggedIn } from '../../support/factories';
import { caseOf, submitted } from '../tipoff/support';
import { approvedTrainer, createCourse, createSession } from '../training/support';
import { TrainingCertificateModel } from '../../../server/src/models/TrainingCertificate';
import { TrainingSessionModel } from '../../../server/src/models/TrainingSession';

const NAME = '欧阳保密';
const PHONE = '13912340987';
/** A training attendee's phone: stored encrypted, shown masked only. */
const ATTENDEE_PHONE = '13787654321';
/** Values for required query parameters, by name. */
const QUERY: Record<string, string> = { from: '2026-03-02', days: '5' };
const ROLES = ['anonymous', 'reporter', 'citizen', 'owner', 'inspector', 'otherInspector', 'admin', 'otherCityAdmin'] as const;
type Role = (typeof ROLES)[number];
/** Who may see a named reporter's identity: the handling inspector and the admin of the case's region. */
const MAY_REVEAL: Role[] = ['inspector', 'admin'];

const PHONE_RE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
// GB 11643: six-digit region, a birth date (19xx/20xx), sequence, check character.
const ID_RE = /(?<![\dA-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dA-Za-z])/g;

let t: TestApp;
const users = {} as Record<Exclude<Role, 'anonymous'>, LoggedIn>;
afterAll(async () => { await t?.close(); });

async function gpsPhoto(): Promise<Buffer> {
  return sharp({ create: { width: 80, height: 60, channels: 3, background: '#208040' } })
    .jpeg()
    .withExifMerge({ IFD0: { Make: 'PrivacyCam', Artist: NAME }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '24/1 18/1 37/1', GPSLongitudeRef: 'E', GPSLongitude: '109/1 25/1 52/1' } })
    .toBuffer();
}

interface Leak { role: Role; url: string; what: string }

it('reveals identities only to the handling staff (audited), and no phone, ID number or photo metadata to anyone', async () => {
  t = await createTestApp({ RATE_LIMIT_IP_PER_MIN: '100000', RATE_LIMIT_USER_PER_MIN: '100000', TIPOFF_SUBMITS_PER_HOUR: '1000' });
  await seedDemo(t.services.regions, { workshops: 30, cipher: t.services.cipher });
  await seedDemoPrograms(t.services); // programs, awards and a notice in progress: their routes are scanned too
  users.reporter = await loginAs(t, 'citizen', { name: '实名举报人' });
  users.citizen = await loginAs(t, 'citizen', { name: '另一位公众' });
  users.owner = await loginAs(t, 'owner', { name: '被举报业主' });
  users.inspector = await loginAs(t, 'inspector', { region: '450203', name: '承办监管员' });
  users.otherInspector = await loginAs(t, 'inspector', { region: '450303', name: '外县监管员' });
  users.admin = await loginAs(t, 'admin', { region: '4502', name: '本市管理员' });
  users.otherCityAdmin = await loginAs(t, 'admin', { region: '4503', name: '外市管理员' });

  // The plant: a named report with a phone number and a GPS-tagged photo about the owner's workshop, accepted.
  const w = await buildWorkshop(t, { ownerId: users.owner.userId, region: '450203001' });
  const original = await gpsPhoto();
  expect((await sharp(original).metadata()).exif).toBeDefined(); // the planted photo really carries EXIF
  const up = await t.http.post('/api/v1/files').set(users.reporter.auth).field('purpose', 'tipoff').attach('file', original, { filename: 'gps.jpg', contentType: 'image/jpeg' });
  expect(up.status).toBe(201);
  const receipt = await submitted(t, { kind: 'violation', workshopId: String(w._id), location: undefined, address: undefined, description: '夜里偷偷生产，卫生很差。', anonymous: false, reporter: { name: NAME, phone: PHONE }, media: [up.body.data.id] }, users.reporter);
  const caseId = await caseOf(receipt);
  await t.http.post(`/api/v1/tipoffs/${caseId}/accept`).set(users.inspector.auth).expect(200);
  // A training booking with the attendee's phone, attended and certified (the session moved into the past).
  const trainer = await approvedTrainer(t, users.admin, '培训讲师');
  const sessionId = await createSession(t, trainer, await createCourse(t, trainer));
  const booking = await t.http.post(`/api/v1/sessions/${sessionId}/bookings`).set(users.owner.auth).send({ workshopId: String(w._id), attendee: { name: '参训人员', phone: ATTENDEE_PHONE } });
  expect(booking.status).toBe(201);
  await TrainingSessionModel.updateOne({ _id: sessionId }, { $set: { startsAt: new Date(Date.now() - 3600_000), signupDeadline: new Date(Date.now() - 7200_000), cancelDeadline: new Date(Date.now() - 7200_000) } });
  await t.http.post(`/api/v1/sessions/${sessionId}/check-ins`).set(trainer.auth).send({ scans: [{ scanId: 'privacy-scan-1', bookingId: booking.body.data.id }] }).expect(200);
  await t.http.post(`/api/v1/sessions/${sessionId}/finish`).set(trainer.auth).expect(200);
  const trainingCertificates = (await TrainingCertificateModel.find({}, { _id: 1 }).lean()).map((c) => String(c._id));
  expect(trainingCertificates).toHaveLength(1);
  // And one attended booking of a course with a knowledge test (its quiz is read by the owner).
  const quiz = { questions: [{ text: '生熟食品应当分开存放吗？', options: ['应当', '不必'], answer: 0 }], passPercent: 100, maxTries: 2 };
  const quizSession = await createSession(t, trainer, await createCourse(t, trainer, { title: '带考核的课程', quiz }));
  const quizBooking = await t.http.post(`/api/v1/sessions/${quizSession}/bookings`).set(users.owner.auth).send({ workshopId: String(w._id), attendee: { name: '参训人员', phone: ATTENDEE_PHONE } });
  expect(quizBooking.status).toBe(201);
  await TrainingSessionModel.updateOne({ _id: quizSession }, { $set: { startsAt: new Date(Date.now() - 3600_000), signupDeadline: new Date(Date.now() - 7200_000), cancelDeadline: new Date(Date.now() - 7200_000) } });
  await t.http.post(`/api/v1/sessions/${quizSession}/check-ins`).set(trainer.auth).send({ scans: [{ scanId: 'privacy-scan-2', bookingId: quizBooking.body.data.id }] }).expect(200);

  const leaks: Leak[] = [];
  let responses = 0;
  let images = 0;
  const routesRead = new Set<string>();
  const answered = new Set<string>(); // routes that answered 2xx to someone
  const served = new Set<string>(); // "role url" read with 2xx

  /** Every unmasked identity, phone or ID number in a text, and metadata in an image. */
  async function scan(role: Role, url: string, res: { status: number; headers: Record<string, string>; body: unknown; text?: string }) {
    responses++;
    const type = String(res.headers['content-type'] ?? '');
    let text = '';
    if (type.startsWith('image/')) {
      images++;
      const meta = await sharp(res.body as Buffer).metadata();
      for (const block of ['exif', 'xmp', 'iptc'] as const) if (meta[block]) leaks.push({ role, url, what: `${block} metadata in a served image` });
      return;
    }
    if (type.includes('spreadsheetml')) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as Buffer as unknown as ArrayBuffer);
      wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => { text += ` ${String(c.text)}`; })));
    } else {
      text = res.text ?? (Buffer.isBuffer(res.body) ? res.body.toString('utf8') : JSON.stringify(res.body));
    }
    for (const secret of [NAME, PHONE]) if (text.includes(secret)) leaks.push({ role, url, what: `the reporter's ${secret === NAME ? 'name' : 'phone'}` });
    // Request ids (UUIDs) and record ids (24 hex) are random hex: a run of 11 digits in one is no phone number.
    const scanned = text.replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|\b[0-9a-f]{24}\b/gi, '');
    for (const m of scanned.match(PHONE_RE) ?? []) if (m !== PHONE) leaks.push({ role, url, what: `unmasked phone ${m}${m === ATTENDEE_PHONE ? ' (training attendee)' : ''}` });
    for (const m of text.match(ID_RE) ?? []) leaks.push({ role, url, what: `ID number ${m}` });
  }

  const get = async (role: Role, url: string) => {
    const req = t.http.get(url).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    const res = await (role === 'anonymous' ? req : req.set(users[role].auth));
    const body = res.body as Buffer;
    const type = String(res.headers['content-type'] ?? '');
    const parsed = type.includes('json') ? JSON.parse(body.toString('utf8') || 'null') : body;
    await scan(role, url, { status: res.status, headers: res.headers, body: parsed, text: type.includes('json') || type.startsWith('text/') ? body.toString('utf8') : undefined });
    return { status: res.status, body: parsed, text: type.includes('json') ? body.toString('utf8') : '' };
  };

  // Every GET route of the document; lists first (they give the ids), then the routes with a path parameter.
  type Op = { parameters?: { in: string; name: string; required?: boolean }[]; responses?: Record<string, { content?: Record<string, unknown> }> };
  const doc = (await t.http.get('/api/v1/openapi.json').expect(200)).body as { paths: Record<string, Record<string, Op>> };
  const gets = Object.entries(doc.paths).filter(([, ops]) => ops.get).map(([p]) => p);
  // Images and spreadsheets cost (a QR code takes a second under jest): one id each is enough.
  const binary = new Set(gets.filter((p) => !Object.entries(doc.paths[p].get.responses ?? {}).some(([s, r]) => s.startsWith('2') && r.content?.['application/json'])));
  const ids: Record<string, string[]> = {
    files: [up.body.data.id], tipoffs: [caseId], workshops: [String(w._id)], sessions: [sessionId], bookings: [booking.body.data.id, quizBooking.body.data.id],
    certificates: (await CertificateModel.find({}, { _id: 1 }).limit(2).lean()).map((c) => String(c._id)), 'certificates/training': trainingCertificates,
    // An inheritor's award first: its teaching record is read by the admin who pays the subsidy.
    awards: (await AwardModel.find({ kind: 'heritage_inheritor', status: 'active' }, { _id: 1 }).limit(1).lean()).map((a) => String(a._id)),
    // Demo applications of the city (the review desk reads them with the workshop's facts and the scores).
    applications: (await ProgramApplicationModel.find({ demo: true }, { _id: 1 }).limit(2).lean()).map((a) => String(a._id)),
  };
  const remember = (seg: string, id: string) => { const list = (ids[seg] ??= []); if (!list.includes(id)) list.push(id); };
  const collect = (url: string, body: unknown, text: string) => {
    const seg = url.replace('/api/v1/', '').split(/[/?]/)[0];
    const list = (body as { data?: unknown })?.data;
    for (const it of (Array.isArray(list) ? list : list && typeof list === 'object' ? [list] : []) as { id?: unknown; certificate?: { number?: string } | null }[]) {
      if (typeof it?.id === 'string') remember(seg, it.id);
      if (it?.certificate?.number) remember('certificates', it.certificate.number);
    }
    for (const m of text.matchAll(/\/api\/v1\/files\/([0-9a-f]{24})/g)) remember('files', m[1]);
    for (const m of text.matchAll(/"(?:photos|media|floorPlan)":\[?"([0-9a-f]{24})"/g)) remember('files', m[1]);
  };
  for (const pass of ['lists', 'items'] as const) {
    for (const path of gets) {
      const hasParam = path.includes('{');
      if ((pass === 'lists') === hasParam) continue;
      const seg = path.startsWith('/api/v1/certificates/training/') ? 'certificates/training' : path.replace('/api/v1/', '').split('/')[0];
      const values = hasParam ? (ids[seg] ?? []).slice(0, !binary.has(path) ? 4 : seg === 'files' ? 2 : 1) : [''];
      const required = (doc.paths[path].get.parameters ?? []).filter((q) => q.in === 'query' && q.required && QUERY[q.name]);
      const query = required.length ? `?${required.map((q) => `${q.name}=${QUERY[q.name]}`).join('&')}` : '';
      for (const v of values) {
        const url = path.replace(/\{[^}]+\}/, encodeURIComponent(v)) + query;
        for (const role of ROLES) {
          const res = await get(role, url);
          routesRead.add(path);
          if (res.status < 300) { answered.add(path); served.add(`${role} ${url}`); collect(url, res.body, res.text); }
        }
      }
    }
  }
  // Real coverage: every GET route answered 2xx to someone (bar the one that needs the reporter's secret
  // token), and the planted photo and its thumbnail were served to the handling inspector (and so scanned).
  expect(gets.filter((p) => !answered.has(p) && p !== '/api/v1/tipoffs/track')).toEqual([]);
  expect(served).toContain(`inspector /api/v1/files/${up.body.data.id}`);
  expect(served).toContain(`inspector /api/v1/files/${up.body.data.id}/thumbnail`);
  // …and to nobody outside the case's jurisdiction but the reporter who uploaded it.
  expect([...served].filter((s) => s.includes(up.body.data.id)).map((s) => s.split(' ')[0]).sort()).toEqual(['admin', 'admin', 'inspector', 'inspector', 'reporter', 'reporter']);

  // The scanner itself finds what it looks for (a scan that cannot fail is no scan).
  const found = leaks.length;
  await scan('citizen', 'self-check', { status: 200, headers: { 'content-type': 'application/json' }, body: null, text: '{"phone":"13800138000","idNumber":"450203198503171232"}' });
  await scan('citizen', 'self-check', { status: 200, headers: { 'content-type': 'image/jpeg' }, body: original });
  expect(leaks.slice(found).map((l) => l.what)).toEqual(['unmasked phone 13800138000', 'ID number 450203198503171232', 'exif metadata in a served image']);
  leaks.splice(found);
  responses -= 2;
  images -= 1;

  // The identity route: the handling inspector and the region's admin read the name and phone, each view
  // audited with its reason; everyone else is refused and learns nothing.
  const reveals = (role: Role) => AuditEventModel.countDocuments({ action: 'tipoff.reporter_viewed', subjectId: caseId, actorId: role === 'anonymous' ? null : users[role].userId });
  for (const role of ROLES) {
    const before = await reveals(role);
    const req = t.http.post(`/api/v1/tipoffs/${caseId}/reporter`).send({ reason: '核实举报细节，需电话联系举报人' });
    const res = await (role === 'anonymous' ? req : req.set(users[role].auth));
    responses++;
    routesRead.add('POST /api/v1/tipoffs/{id}/reporter');
    const text = JSON.stringify(res.body);
    if (MAY_REVEAL.includes(role)) {
      expect({ role, status: res.status }).toEqual({ role, status: 200 });
      expect(res.body.data).toEqual([expect.objectContaining({ named: true, name: NAME, phone: PHONE })]);
      expect(await reveals(role)).toBe(before + 1);
      const event = await AuditEventModel.findOne({ action: 'tipoff.reporter_viewed', subjectId: caseId, actorId: users[role as Exclude<Role, 'anonymous'>].userId }).sort({ at: -1 }).lean();
      expect(event).toMatchObject({ reason: '核实举报细节，需电话联系举报人', subjectType: 'TipoffCase' });
      expect(JSON.stringify(event)).not.toContain(PHONE); // the audit names the case, never the identity
      expect(JSON.stringify(event)).not.toContain(NAME);
    } else {
      expect({ role, refused: res.status >= 400 }).toEqual({ role, refused: true });
      if (text.includes(NAME) || text.includes(PHONE)) leaks.push({ role, url: 'POST /tipoffs/{id}/reporter', what: 'the reporter\'s identity' });
      expect(await reveals(role)).toBe(before);
    }
  }

  console.log(`privacy scan: ${routesRead.size} routes read (${gets.length} GET routes + the identity route) as ${ROLES.length} roles, ${responses} responses scanned (${images} images), ${leaks.length} leaks found`);
  expect(leaks).toEqual([]);
}, 600_000);
