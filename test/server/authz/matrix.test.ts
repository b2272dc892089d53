// The authorization matrix (issue 12): every route of /api/v1/openapi.json × the nine actors of
// matrix.ts, over HTTP against the real app. A denied actor gets 401 (anonymous) or 403/404 and nothing
// stored changes; an allowed actor gets a 2xx, each write on a fresh record in the right state. It prints one
// summary line (routes, cells, unexpected allows, expected allows that returned 2xx) for the README.
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import mongoose from 'mongoose';
import sharp from 'sharp';
import { CHECKLIST_ITEMS } from '@shared/domain/categories';
import { createTestApp, type TestApp } from '../../support/app';
import { buildWorkshop, checklist, completeApplication, loginAs, readyForApproval, submittedApplication, uploadPhoto, type LoggedIn } from '../../support/factories';
import { createStaffInvite } from '../../../server/src/commands/createStaffInvite';
import { startWechatPayFake, type WechatPayFake } from '../../../server/src/fakes/wechatpay';
import { shanghaiDate } from '../../../server/src/services/calendar';
import { caseOf, report, submit, waitFor } from '../tipoff/support';
import { attendee, courseBody, createCourse, createSession, sessionBody } from '../training/support';
import { grantDueAwards } from '../../../server/src/commands/programs';
import { ACTORS, MATRIX, TRAINER_EXTRA, type Actor } from './matrix';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** One request of a cell and what it acts on: `state` reads the record, which a refusal must leave as it was. */
interface Cell { url: string; body?: unknown; upload?: string; state?: () => Promise<unknown> }
/**
 * How to call a route: `make(who)` builds the record in the right state and the request. Reads share one
 * cell; writes build one for the refused actors together and a fresh one per allowed actor.
 */
interface Case {
  make: (who: Actor | null) => Promise<Cell>;
  shared?: boolean;
  /** Run after every other route: it ends the actors' sessions. */
  last?: boolean;
}

let t: TestApp;
let pay: WechatPayFake; // reward payouts go to the WeChat Pay fake, which notifies `listener`
let listener: Server;
const users = {} as Record<Actor, LoggedIn | null>;
let colleague: LoggedIn; // a second inspector of 450203 (site checks need two)
let jpeg: Buffer;
const fx = {} as {
  workshop: string; otherWorkshop: string; certificate: string; registration: string; photo: string;
  inspection: string; sample: string; penalty: string; draw: string; tipoffCase: string;
  course: string; session: string; trainingCertificate: string; quizCourse: string; quizBooking: string;
  program: string; award: string;
};

const today = () => shanghaiDate(new Date());
const inDays = (n: number) => shanghaiDate(new Date(Date.now() + n * 86_400_000));
const ok = (res: { status: number; body: unknown }, what: string) => {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { data: { id: string } } & Record<string, unknown>;
};
const as = (who: Actor) => users[who]!;
const post = async (url: string, who: Actor | LoggedIn, body: object = {}) =>
  ok(await t.http.post(`/api/v1${url}`).set((typeof who === 'string' ? as(who) : who).auth).send(body), `POST ${url}`);
const readDoc = (model: string, id: string) => () => mongoose.model(model).findById(id).lean();

// --- records in the right state ---------------------------------------------------------------------
let n = 0;
const uniq = () => ++n;
/** A fresh inspector of 450203 for an admin to disable (or, disabled already, to enable). */
async function staffMember(disabled: boolean): Promise<string> {
  const res = await t.http.post('/api/v1/auth/dev').send({ role: 'inspector', region: '450203', name: `矩阵监管${uniq()}` });
  const id: string = res.body.user.id;
  if (disabled) await post(`/staff/accounts/${id}/disable`, 'admin');
  return id;
}

/** A new case; `named`: reported by the citizen under their name (the payee of a reward is then known). */
async function tipoffCase(named = false): Promise<string> {
  const i = uniq();
  const body = report({
    location: { lat: 24.0 + i * 0.01, lng: 109.0 }, description: `矩阵测试举报 ${i}：后院无证生产米粉。`,
    ...(named ? { anonymous: false, reporter: { name: '矩阵市民', phone: '13700001234' } } : {}),
  });
  const res = await submit(t, body, named ? as('citizen') : undefined);
  return caseOf(ok(res, 'tip-off') as unknown as { receiptCode: string });
}
async function acceptedCase(named = false): Promise<string> {
  const id = await tipoffCase(named);
  await post(`/tipoffs/${id}/accept`, 'inspector');
  return id;
}
async function closedCase(named = false): Promise<{ id: string; reportId: string }> {
  const id = await acceptedCase(named);
  await post(`/tipoffs/${id}/close`, 'inspector', { result: 'confirmed', publicReason: '经查属实，已依法处理', workshopId: fx.workshop });
  const c = ok(await t.http.get(`/api/v1/tipoffs/${id}`).set(as('inspector').auth), 'case') as unknown as { data: { reports: { id: string }[] } };
  return { id, reportId: c.data.reports[0].id };
}
async function proposedReward(named = false): Promise<string> {
  const c = await closedCase(named);
  return (await post(`/tipoffs/${c.id}/rewards`, 'inspector', { reportId: c.reportId, level: 1, reason: '举报属实，线索具体' })).data.id;
}
/** A reward whose payout WeChat Pay refused (the reporter's wallet frozen): what a retry is for. */
async function failedReward(): Promise<string> {
  const id = await proposedReward(true);
  pay.failNextTransfer('ACCOUNT_FROZEN');
  await post(`/tipoff-rewards/${id}/approve`, 'admin'); // named: the payee is known, the payout starts at once
  const r = await waitFor(() => mongoose.model('TipoffReward').findById(id).lean() as Promise<{ status: string } | null>, (x) => x?.status === 'failed');
  if (r?.status !== 'failed') throw new Error(`payout not failed: ${r?.status}`);
  return id;
}

async function draftApplication(): Promise<string> {
  const photo = await uploadPhoto(t, as('owner').auth);
  return (await post('/registrations', 'owner', completeApplication(photo, { name: `矩阵${uniq()}号米粉作坊` }))).data.id;
}
const submittedApp = () => submittedApplication(t, as('owner'), { name: `矩阵${uniq()}号米粉作坊` });
async function acceptedApp(): Promise<string> {
  const id = await submittedApp();
  await post(`/registrations/${id}/accept`, 'inspector');
  return id;
}
async function scheduledApp(): Promise<string> {
  const id = await acceptedApp();
  await post(`/registrations/${id}/schedule-site-check`, 'inspector', { inspectorIds: [as('inspector').userId, colleague.userId], date: today() });
  return id;
}

async function approvedApp(): Promise<string> {
  const id = await readyForApproval(t, as('owner'), [as('inspector'), colleague], { name: `矩阵${uniq()}号米粉作坊` });
  await post(`/registrations/${id}/approve`, 'inspector');
  return id;
}
async function badlyRatedApp(): Promise<string> {
  const id = await approvedApp();
  await post(`/registrations/${id}/rating`, 'owner', { score: 1, comment: '等待时间太长' });
  return id;
}

async function ownersWorkshop(over: Record<string, unknown> = {}): Promise<string> {
  return String((await buildWorkshop(t, { ownerId: as('owner').userId, ...over }))._id);
}
const inspection = (over: Record<string, unknown> = {}) => ({ clientId: randomUUID(), workshopId: fx.workshop, items: checklist(), result: 'none', ...over });
async function rectifyInspection(): Promise<string> {
  const body = inspection({ items: checklist([CHECKLIST_ITEMS[0].code]), result: 'rectify', rectificationDeadline: inDays(10) });
  return (await post('/inspections', 'inspector', body)).data.id;
}
const sample = (over: Record<string, unknown> = {}) => ({
  clientId: randomUUID(), workshopId: fx.workshop, product: '米粉', batch: `2026${uniq()}`, items: ['二氧化硫'], sampledAt: inDays(-2), result: 'pass', ...over,
});
const penalty = () => ({
  workshopId: fx.workshop, decisionNumber: `柳鱼市监处罚〔2026〕${uniq()}号`, facts: '生产场所卫生不符合要求', basis: '《广西壮族自治区食品小作坊管理条例》',
  outcome: '警告', decidedAt: inDays(-200), publicityDays: 90,
});
async function repairRequested(): Promise<string> {
  const id = (await post('/penalties', 'inspector', penalty())).data.id;
  await post(`/penalties/${id}/repair`, 'owner', { reason: '已全部整改到位，承诺守法经营' });
  return id;
}
const draw = () => ({ title: `矩阵双随机${uniq()}`, region: '450203', categories: [], sharePercent: 50, periodStart: today(), periodEnd: inDays(30) });

const newSession = (over: Record<string, unknown> = {}) => createSession(t, as('trainer'), fx.course, over);
async function booking(sessionId: string, who: Actor = 'owner'): Promise<{ id: string; status: string }> {
  const workshopId = who === 'owner' ? fx.workshop : fx.otherWorkshop;
  return (await post(`/sessions/${sessionId}/bookings`, who, { workshopId, attendee: attendee() })).data as { id: string; status: string };
}
/** Sessions are made in the future: move one's times back, as the clock would, so that it has begun. */
async function begin(id: string): Promise<string> {
  const past = (min: number) => new Date(Date.now() - min * 60_000);
  await mongoose.model('TrainingSession').updateOne({ _id: id }, { $set: { startsAt: past(10), signupDeadline: past(20), cancelDeadline: past(20) } });
  return id;
}
/** The owner's booking, offered a seat: capacity 1, the other owner's seat cancelled. */
async function offeredBooking(): Promise<string> {
  const sessionId = await newSession({ capacity: 1 });
  const first = await booking(sessionId, 'otherOwner');
  const waiting = await booking(sessionId, 'owner');
  await post(`/bookings/${first.id}/cancel`, 'otherOwner');
  const now = (await mongoose.model('Booking').findById(waiting.id).lean()) as { status: string } | null;
  if (now?.status !== 'offered') throw new Error(`booking not offered: ${now?.status}`);
  return waiting.id;
}

/** The owner's booking of a course with a test, checked in: the test may be taken. */
async function attendedQuizBooking(): Promise<string> {
  const sessionId = await createSession(t, as('trainer'), fx.quizCourse);
  const b = await booking(sessionId);
  await post(`/sessions/${sessionId}/check-ins`, 'trainer', { scans: [{ scanId: randomUUID(), bookingId: b.id }] });
  return b.id;
}
// Programs: a program of 4502 open for applications (no rules: the owner's workshop qualifies), an application
// of the owner's workshop in each state, an award granted after the notice.
async function newProgram(over: Record<string, unknown> = {}): Promise<string> {
  return (await post('/programs', 'admin', {
    name: `矩阵项目${uniq()}`, kind: 'model_unit', region: '4502', quota: { perYear: 1000 }, applyFrom: inDays(-5), applyUntil: inDays(20), rules: [], minScores: 0, noticeDays: 1, ...over,
  })).data.id;
}
async function programApplication(over: Record<string, unknown> = {}): Promise<string> {
  const pid = await newProgram(over);
  return (await post(`/programs/${pid}/applications`, 'owner', { workshopId: fx.workshop, statement: '矩阵申报说明：手工米粉' })).data.id;
}
async function noticedApplication(over: Record<string, unknown> = {}): Promise<string> {
  const id = await programApplication(over);
  await post(`/applications/${id}/approve`, 'admin');
  return id;
}
async function objectedApplication(): Promise<{ id: string; objectionId: string }> {
  const id = await noticedApplication();
  const r = ok(await t.http.post(`/api/v1/applications/${id}/objections`).send({ description: `矩阵异议${uniq()}`, anonymous: true, consent: true }), 'objection') as unknown as { receiptCode: string };
  const tip = await mongoose.model('Tipoff').findOne({ receiptCode: r.receiptCode }).lean() as { _id: unknown } | null;
  return { id, objectionId: String(tip!._id) };
}
async function grantedAward(over: Record<string, unknown> = {}): Promise<string> {
  const id = await noticedApplication(over);
  await grantDueAwards(t.services, new Date(Date.now() + 60 * 86_400_000));
  const aw = await mongoose.model('Award').findOne({ applicationId: id }).lean() as { _id: unknown } | null;
  return String(aw!._id);
}
const inheritorAward = () => grantedAward({ kind: 'heritage_inheritor', subsidy: { fenPerYear: 500_000, requiredHours: 20 } });

/** A notice to the owner (a sample of the workshop recorded: the owner is told). */
async function ownersNotice(): Promise<string> {
  const id = (await post('/samples', 'inspector', sample())).data.id;
  const n = (await mongoose.model('Notification').findOne({ key: `Sample:${id}:recorded` }).lean()) as { _id: unknown; userId: string } | null;
  if (n?.userId !== as('owner').userId) throw new Error('no notice to the owner');
  return String(n._id);
}

// --- how to call each route ---------------------------------------------------------------------------
const read = (url: () => string): Case => ({ shared: true, make: async () => ({ url: url() }) });
const on = (model: string, build: () => Promise<string>, url: (id: string) => string, body?: (id: string) => unknown): Case => ({
  make: async () => {
    const id = await build();
    return { url: url(id), body: body?.(id), state: readDoc(model, id) };
  },
});
const create = (url: string, body: (who: Actor | null) => unknown | Promise<unknown>): Case => ({ make: async (who) => ({ url, body: await body(who) }) });

const CASES: Record<string, Case> = {
  'GET /api/v1/health': read(() => '/api/v1/health'),
  'GET /api/v1/meta': read(() => '/api/v1/meta'),
  'GET /api/v1/regions': read(() => '/api/v1/regions?parent=4502'),
  'GET /api/v1/calendar/working-days': read(() => '/api/v1/calendar/working-days?from=2026-03-02&days=5'),
  'GET /api/v1/calendar/years': read(() => '/api/v1/calendar/years'),
  'PUT /api/v1/calendar/years/{year}': {
    make: async () => ({
      url: '/api/v1/calendar/years/2031',
      body: { holidays: ['2031-01-01'], workdays: [], source: '矩阵测试' },
      state: () => t.services.calendar.describeYears([2031]),
    }),
  },
  'GET /api/v1/dashboard': read(() => '/api/v1/dashboard'),
  'GET /api/v1/dashboard/export.xlsx': read(() => '/api/v1/dashboard/export.xlsx'),
  'GET /api/v1/dashboard/trends': read(() => '/api/v1/dashboard/trends'),
  'GET /api/v1/dashboard/awards': read(() => '/api/v1/dashboard/awards'),

  'POST /api/v1/auth/dev': create('/api/v1/auth/dev', () => ({ role: 'citizen', name: `演示市民${uniq()}` })),
  'GET /api/v1/me': read(() => '/api/v1/me'),
  'POST /api/v1/auth/logout': { last: true, make: async () => ({ url: '/api/v1/auth/logout' }) },
  'POST /api/v1/staff/invites': create('/api/v1/staff/invites', () => ({ name: `新监管${uniq()}`, role: 'inspector', region: '450203' })),
  'GET /api/v1/staff/inspectors': read(() => '/api/v1/staff/inspectors'),
  'GET /api/v1/auth/staff/settings': read(() => '/api/v1/auth/staff/settings'),
  'POST /api/v1/auth/staff/totp/setup': create('/api/v1/auth/staff/totp/setup', () => undefined),
  'POST /api/v1/auth/sms/send': create('/api/v1/auth/sms/send', () => ({ phone: `139${String(uniq()).padStart(8, '0')}` })),
  'GET /api/v1/auth/wechat/qr': read(() => '/api/v1/auth/wechat/qr'),
  'POST /api/v1/staff/accounts/{id}/disable': on('User', () => staffMember(false), (id) => `/api/v1/staff/accounts/${id}/disable`),
  'POST /api/v1/staff/accounts/{id}/enable': on('User', () => staffMember(true), (id) => `/api/v1/staff/accounts/${id}/enable`),
  'GET /api/v1/staff/accounts': read(() => '/api/v1/staff/accounts'),
  'PUT /api/v1/staff/accounts/{id}/region': on('User', () => staffMember(false), (id) => `/api/v1/staff/accounts/${id}/region`, () => ({ region: '450204' })),
  'GET /api/v1/audit-events': read(() => '/api/v1/audit-events'),

  'GET /api/v1/workshops': read(() => '/api/v1/workshops?q=mf'),
  'GET /api/v1/workshops/{id}': read(() => `/api/v1/workshops/${fx.workshop}`),
  'GET /api/v1/workshops/{id}/timeline': read(() => `/api/v1/workshops/${fx.workshop}/timeline`),
  'GET /api/v1/black-workshops': read(() => '/api/v1/black-workshops'),
  'GET /api/v1/certificates/{number}/verify': read(() => `/api/v1/certificates/${fx.certificate}/verify`),
  'GET /api/v1/certificates/{number}/qr.png': read(() => `/api/v1/certificates/${fx.certificate}/qr.png`),
  'GET /api/v1/draws': read(() => '/api/v1/draws'),
  'GET /api/v1/draws/{id}': read(() => `/api/v1/draws/${fx.draw}`),
  'GET /api/v1/negative-list': read(() => '/api/v1/negative-list?region=450203'),

  'POST /api/v1/files': { make: async () => ({ url: '/api/v1/files', upload: 'inspection' }) },
  'GET /api/v1/files/{id}': read(() => `/api/v1/files/${fx.photo}`),
  'GET /api/v1/files/{id}/thumbnail': read(() => `/api/v1/files/${fx.photo}/thumbnail`),

  'POST /api/v1/registrations': create('/api/v1/registrations', async (who) => {
    const photo = who && who !== 'anonymous' ? await uploadPhoto(t, as(who).auth) : fx.photo;
    return completeApplication(photo, { name: `矩阵${uniq()}号米粉作坊` });
  }),
  'GET /api/v1/registrations/mine': read(() => '/api/v1/registrations/mine'),
  'GET /api/v1/registrations': read(() => '/api/v1/registrations'),
  'GET /api/v1/registrations/{id}': read(() => `/api/v1/registrations/${fx.registration}`),
  'PATCH /api/v1/registrations/{id}': on('Registration', draftApplication, (id) => `/api/v1/registrations/${id}`, () => ({ products: ['螺蛳粉'] })),
  'POST /api/v1/registrations/{id}/submit': on('Registration', draftApplication, (id) => `/api/v1/registrations/${id}/submit`),
  'POST /api/v1/registrations/{id}/withdraw': on('Registration', submittedApp, (id) => `/api/v1/registrations/${id}/withdraw`, () => ({ reason: '信息填错，重新申请' })),
  'DELETE /api/v1/registrations/{id}': on('Registration', draftApplication, (id) => `/api/v1/registrations/${id}`),
  'POST /api/v1/registrations/{id}/accept': on('Registration', submittedApp, (id) => `/api/v1/registrations/${id}/accept`),
  'POST /api/v1/registrations/{id}/request-correction': on('Registration', acceptedApp, (id) => `/api/v1/registrations/${id}/request-correction`,
    () => ({ items: [{ field: 'premises', reason: '场所照片不清晰，请重新拍摄' }] })),
  'POST /api/v1/registrations/{id}/schedule-site-check': on('Registration', acceptedApp, (id) => `/api/v1/registrations/${id}/schedule-site-check`,
    () => ({ inspectorIds: [as('inspector').userId, colleague.userId], date: today() })),
  'POST /api/v1/registrations/{id}/site-check-result': on('Registration', scheduledApp, (id) => `/api/v1/registrations/${id}/site-check-result`,
    () => ({ items: checklist(), passed: true })),
  'POST /api/v1/registrations/{id}/approve': on('Registration', () => readyForApproval(t, as('owner'), [as('inspector'), colleague], { name: `矩阵${uniq()}号米粉作坊` }),
    (id) => `/api/v1/registrations/${id}/approve`, () => ({})),
  'POST /api/v1/registrations/{id}/rating': on('Registration', approvedApp, (id) => `/api/v1/registrations/${id}/rating`, () => ({ score: 4 })),
  'POST /api/v1/registrations/{id}/rating/reply': on('Registration', badlyRatedApp, (id) => `/api/v1/registrations/${id}/rating/reply`, () => ({ answer: '经核实已整改' })),
  'GET /api/v1/ratings/summary': read(() => '/api/v1/ratings/summary'),
  'POST /api/v1/registrations/{id}/reject': on('Registration', acceptedApp, (id) => `/api/v1/registrations/${id}/reject`, () => ({ reason: '场所不符合要求' })),
  'POST /api/v1/workshops/{id}/renewal': on('Workshop', () => ownersWorkshop({
    certificate: { number: `JY450203${90000 + uniq()}`, status: 'valid', issuedAt: new Date('2023-12-20'), expiresAt: new Date(Date.now() + 10 * 86_400_000) },
  }), (id) => `/api/v1/workshops/${id}/renewal`, () => ({})),
  'POST /api/v1/workshops/{id}/change': on('Workshop', () => ownersWorkshop(), (id) => `/api/v1/workshops/${id}/change`,
    () => ({ address: '柳州市鱼峰区柳石路200号', reason: '搬迁到新场所' })),
  'POST /api/v1/workshops/{id}/cancellation': on('Workshop', () => ownersWorkshop(), (id) => `/api/v1/workshops/${id}/cancellation`, () => ({ reason: '不再生产' })),
  'GET /api/v1/workshops/mine': read(() => '/api/v1/workshops/mine'),
  'PUT /api/v1/negative-list': {
    make: async () => ({
      url: '/api/v1/negative-list',
      body: { region: '450203', items: [] },
      state: async () => (await t.http.get('/api/v1/negative-list?region=450203')).body,
    }),
  },

  'GET /api/v1/inspections/tasks': read(() => '/api/v1/inspections/tasks'),
  'POST /api/v1/inspections': create('/api/v1/inspections', () => inspection()),
  'GET /api/v1/inspections': read(() => '/api/v1/inspections'),
  'GET /api/v1/inspections/{id}': read(() => `/api/v1/inspections/${fx.inspection}`),
  'POST /api/v1/inspections/{id}/rectification': {
    make: async () => {
      const id = await rectifyInspection();
      const photo = await uploadPhoto(t, as('owner').auth, 'rectification');
      return { url: `/api/v1/inspections/${id}/rectification`, body: { note: '已重新张贴许可证', photos: [photo] }, state: readDoc('Inspection', id) };
    },
  },
  'POST /api/v1/inspections/{id}/review': on('Inspection', rectifyInspection, (id) => `/api/v1/inspections/${id}/review`, () => ({ passed: true })),
  'GET /api/v1/workshops/{id}/inspections': read(() => `/api/v1/workshops/${fx.workshop}/inspections`),
  'POST /api/v1/workshops/{id}/self-checks': on('Workshop', () => Promise.resolve(fx.workshop), (id) => `/api/v1/workshops/${id}/self-checks`, () => ({ items: checklist() })),
  'GET /api/v1/workshops/{id}/self-checks': read(() => `/api/v1/workshops/${fx.workshop}/self-checks`),
  'GET /api/v1/workshops/{id}/samples': read(() => `/api/v1/workshops/${fx.workshop}/samples`),
  'GET /api/v1/workshops/{id}/penalties': read(() => `/api/v1/workshops/${fx.workshop}/penalties`),
  'POST /api/v1/samples': create('/api/v1/samples', () => sample()),
  'GET /api/v1/samples': read(() => '/api/v1/samples'),
  'GET /api/v1/samples/{id}': read(() => `/api/v1/samples/${fx.sample}`),
  'POST /api/v1/samples/{id}/close-follow-up': on('Sample', async () => (await post('/samples', 'inspector', sample({ result: 'fail', failedItems: ['二氧化硫'] }))).data.id,
    (id) => `/api/v1/samples/${id}/close-follow-up`, () => ({ disposal: '同批次产品已下架销毁' })),
  'POST /api/v1/penalties': create('/api/v1/penalties', () => penalty()),
  'GET /api/v1/penalties': read(() => '/api/v1/penalties'),
  'GET /api/v1/penalties/{id}': read(() => `/api/v1/penalties/${fx.penalty}`),
  'POST /api/v1/penalties/{id}/repair': on('Penalty', async () => (await post('/penalties', 'inspector', penalty())).data.id,
    (id) => `/api/v1/penalties/${id}/repair`, () => ({ reason: '已全部整改到位，承诺守法经营' })),
  'POST /api/v1/penalties/{id}/repair-review': on('Penalty', repairRequested, (id) => `/api/v1/penalties/${id}/repair-review`, () => ({ approved: true })),
  'POST /api/v1/draws': create('/api/v1/draws', () => draw()),
  'POST /api/v1/draws/{id}/draw': on('DrawTask', async () => (await post('/draws', 'admin', draw())).data.id, (id) => `/api/v1/draws/${id}/draw`),

  'POST /api/v1/tipoffs': create('/api/v1/tipoffs', () => {
    const i = uniq();
    return report({ location: { lat: 23.0 + i * 0.01, lng: 108.0 }, description: `矩阵测试举报 ${i}：无证生产。` });
  }),
  'GET /api/v1/tipoffs/mine': read(() => '/api/v1/tipoffs/mine'),
  'GET /api/v1/tipoffs': read(() => '/api/v1/tipoffs'),
  'GET /api/v1/tipoffs/{id}': read(() => `/api/v1/tipoffs/${fx.tipoffCase}`),
  'POST /api/v1/tipoffs/{id}/accept': on('TipoffCase', tipoffCase, (id) => `/api/v1/tipoffs/${id}/accept`),
  'POST /api/v1/tipoffs/{id}/decline': on('TipoffCase', tipoffCase, (id) => `/api/v1/tipoffs/${id}/decline`, () => ({ reason: '不属于食品小作坊' })),
  'POST /api/v1/tipoffs/{id}/extend': on('TipoffCase', acceptedCase, (id) => `/api/v1/tipoffs/${id}/extend`, () => ({ reason: '需要抽检，等待检验结果' })),
  'POST /api/v1/tipoffs/{id}/close': on('TipoffCase', acceptedCase, (id) => `/api/v1/tipoffs/${id}/close`, () => ({ result: 'unfounded', publicReason: '经查未发现生产行为' })),
  'POST /api/v1/tipoffs/{id}/reporter': on('TipoffCase', acceptedCase, (id) => `/api/v1/tipoffs/${id}/reporter`, () => ({ reason: '核实举报内容' })),
  'POST /api/v1/tipoffs/{id}/rewards': {
    make: async () => {
      const c = await closedCase();
      return { url: `/api/v1/tipoffs/${c.id}/rewards`, body: { reportId: c.reportId, level: 1, reason: '举报属实' }, state: readDoc('TipoffCase', c.id) };
    },
  },
  'GET /api/v1/tipoff-rewards': read(() => '/api/v1/tipoff-rewards'),

  'GET /api/v1/courses': read(() => '/api/v1/courses'),
  'GET /api/v1/courses/{id}': read(() => `/api/v1/courses/${fx.course}`),
  'GET /api/v1/sessions/{id}': read(() => `/api/v1/sessions/${fx.session}`),
  'GET /api/v1/certificates/training/{no}/verify': read(() => `/api/v1/certificates/training/${fx.trainingCertificate}/verify`),
  'GET /api/v1/certificates/training/{no}/qr.png': read(() => `/api/v1/certificates/training/${fx.trainingCertificate}/qr.png`),
  'POST /api/v1/courses': create('/api/v1/courses', () => courseBody({ title: `矩阵课程${uniq()}` })),
  'PATCH /api/v1/courses/{id}': on('Course', () => createCourse(t, as('trainer'), { title: `矩阵课程${uniq()}` }), (id) => `/api/v1/courses/${id}`, () => ({ hours: 6 })),
  'POST /api/v1/sessions': create('/api/v1/sessions', () => sessionBody(fx.course)),
  'PATCH /api/v1/sessions/{id}': on('TrainingSession', () => newSession(), (id) => `/api/v1/sessions/${id}`, () => ({ capacity: 40 })),
  'GET /api/v1/sessions/{id}/roster': read(() => `/api/v1/sessions/${fx.session}/roster`),
  'GET /api/v1/sessions/{id}/roster.xlsx': read(() => `/api/v1/sessions/${fx.session}/roster.xlsx`),
  'POST /api/v1/sessions/{id}/messages': on('TrainingSession', () => newSession(), (id) => `/api/v1/sessions/${id}/messages`,
    () => ({ messageId: randomUUID(), title: '开课提醒', body: '明天上午9点开课，请准时到场。' })),
  'POST /api/v1/sessions/{id}/check-ins': {
    make: async () => {
      const sessionId = await newSession();
      const b = await booking(sessionId);
      return { url: `/api/v1/sessions/${sessionId}/check-ins`, body: { scans: [{ scanId: randomUUID(), bookingId: b.id }] }, state: readDoc('Booking', b.id) };
    },
  },
  'POST /api/v1/sessions/{id}/finish': on('TrainingSession', async () => begin(await newSession()), (id) => `/api/v1/sessions/${id}/finish`),
  'POST /api/v1/sessions/{id}/bookings': on('TrainingSession', () => newSession(), (id) => `/api/v1/sessions/${id}/bookings`,
    () => ({ workshopId: fx.workshop, attendee: attendee() })),
  'POST /api/v1/bookings/{id}/cancel': on('Booking', async () => (await booking(await newSession())).id, (id) => `/api/v1/bookings/${id}/cancel`),
  'POST /api/v1/bookings/{id}/accept-offer': on('Booking', offeredBooking, (id) => `/api/v1/bookings/${id}/accept-offer`),
  'POST /api/v1/bookings/{id}/pay': on('Booking', async () => (await booking(await newSession({ feeFen: 12_000 }))).id, (id) => `/api/v1/bookings/${id}/pay`, () => ({ channel: 'native' })),
  'GET /api/v1/bookings/mine': read(() => '/api/v1/bookings/mine'),
  'GET /api/v1/bookings/{id}/quiz': read(() => `/api/v1/bookings/${fx.quizBooking}/quiz`),
  'POST /api/v1/bookings/{id}/quiz/attempts': on('Booking', attendedQuizBooking, (id) => `/api/v1/bookings/${id}/quiz/attempts`, () => ({ answers: [1] })),
  'GET /api/v1/workshops/{id}/training-hours': read(() => `/api/v1/workshops/${fx.workshop}/training-hours?months=12`),

  'GET /api/v1/programs': read(() => '/api/v1/programs?region=450203'),
  'GET /api/v1/programs/{id}': read(() => `/api/v1/programs/${fx.program}`),
  'GET /api/v1/programs/{id}/notice': read(() => `/api/v1/programs/${fx.program}/notice`),
  'GET /api/v1/awards': read(() => '/api/v1/awards?region=4502'),
  'GET /api/v1/awards/{id}': read(() => `/api/v1/awards/${fx.award}`),
  'POST /api/v1/applications/{id}/objections': on('ProgramApplication', () => noticedApplication(), (id) => `/api/v1/applications/${id}/objections`,
    () => ({ description: `矩阵异议${uniq()}：原料来源不明`, anonymous: true, consent: true })),
  'GET /api/v1/programs/for-me': read(() => `/api/v1/programs/for-me?workshopId=${fx.workshop}`),
  'GET /api/v1/programs/{id}/eligibility': read(() => `/api/v1/programs/${fx.program}/eligibility?workshopId=${fx.workshop}`),
  'POST /api/v1/programs/{id}/applications': on('Program', () => newProgram(), (id) => `/api/v1/programs/${id}/applications`,
    () => ({ workshopId: fx.workshop, statement: '矩阵申报说明' })),
  'GET /api/v1/applications/mine': read(() => '/api/v1/applications/mine'),
  'POST /api/v1/applications/{id}/withdraw': on('ProgramApplication', () => programApplication(), (id) => `/api/v1/applications/${id}/withdraw`),
  'POST /api/v1/applications/{id}/answer': {
    make: async () => {
      const id = await programApplication();
      const asked = await post(`/applications/${id}/question`, 'admin', { question: '请补充产量' }) as unknown as { data: { questions: { id: string }[] } };
      return { url: `/api/v1/applications/${id}/answer`, body: { questionId: asked.data.questions[0].id, answer: '年产30吨' }, state: readDoc('ProgramApplication', id) };
    },
  },
  'POST /api/v1/awards/{id}/teaching': on('Award', inheritorAward, (id) => `/api/v1/awards/${id}/teaching`, () => ({ date: today(), apprentices: ['矩阵徒弟'], hours: 2 })),
  'GET /api/v1/awards/{id}/teaching': { make: async () => ({ url: `/api/v1/awards/${await inheritorAward()}/teaching` }) },
  'PUT /api/v1/awards/{id}/story': on('Award', () => grantedAward({ kind: 'heritage_item' }), (id) => `/api/v1/awards/${id}/story`,
    () => ({ technique: '古法熬汤，手工压粉', inheritor: '矩阵传承人，第三代', history: '始于上世纪八十年代' })),
  'POST /api/v1/programs': create('/api/v1/programs', () => ({
    name: `矩阵项目${uniq()}`, kind: 'sunshine', region: '4502', quota: { perYear: 5 }, applyFrom: today(), applyUntil: inDays(10),
  })),
  'PATCH /api/v1/programs/{id}': on('Program', () => newProgram(), (id) => `/api/v1/programs/${id}`, () => ({ noticeDays: 7 })),
  'GET /api/v1/programs/{id}/applications': read(() => `/api/v1/programs/${fx.program}/applications`),
  'POST /api/v1/applications/{id}/score': on('ProgramApplication', () => programApplication(), (id) => `/api/v1/applications/${id}/score`, () => ({ score: 85 })),
  'POST /api/v1/applications/{id}/question': on('ProgramApplication', () => programApplication(), (id) => `/api/v1/applications/${id}/question`, () => ({ question: '请补充产量' })),
  'POST /api/v1/applications/{id}/approve': on('ProgramApplication', () => programApplication(), (id) => `/api/v1/applications/${id}/approve`, () => ({})),
  'POST /api/v1/applications/{id}/reject': on('ProgramApplication', () => programApplication(), (id) => `/api/v1/applications/${id}/reject`, () => ({ reason: '材料不全' })),
  'POST /api/v1/applications/{id}/objections/resolve': {
    make: async () => {
      const o = await objectedApplication();
      return { url: `/api/v1/applications/${o.id}/objections/resolve`, body: { objectionId: o.objectionId, upheld: false, note: '经核实不成立' }, state: readDoc('ProgramApplication', o.id) };
    },
  },
  'GET /api/v1/awards/flagged': read(() => '/api/v1/awards/flagged'),
  'POST /api/v1/awards/{id}/revoke': on('Award', () => grantedAward(), (id) => `/api/v1/awards/${id}/revoke`, () => ({ reason: '严重违法，撤销称号' })),
  'GET /api/v1/programs/desk': read(() => '/api/v1/programs/desk'),
  'GET /api/v1/applications/{id}/review': { make: async () => ({ url: `/api/v1/applications/${await programApplication()}/review` }) },
  'POST /api/v1/awards/{id}/keep': on('Award', async () => {
    const id = await grantedAward();
    await mongoose.model('Award').updateOne({ _id: id }, { $set: { status: 'flagged' } });
    return id;
  }, (id) => `/api/v1/awards/${id}/keep`, () => ({ note: '经复核，情节轻微，保留称号' })),
  'POST /api/v1/tipoff-rewards/{id}/approve': on('TipoffReward', () => proposedReward(), (id) => `/api/v1/tipoff-rewards/${id}/approve`),
  'POST /api/v1/tipoff-rewards/{id}/reject': on('TipoffReward', () => proposedReward(), (id) => `/api/v1/tipoff-rewards/${id}/reject`, () => ({ reason: '线索不足以认定' })),
  'POST /api/v1/tipoff-rewards/{id}/retry': on('TipoffReward', failedReward, (id) => `/api/v1/tipoff-rewards/${id}/retry`),
  'GET /api/v1/messages': read(() => '/api/v1/messages?status=unread'),
  'GET /api/v1/messages/unread-count': read(() => '/api/v1/messages/unread-count'),
  'POST /api/v1/messages/read-all': create('/api/v1/messages/read-all', () => ({})),
  'POST /api/v1/messages/{id}/read': on('Notification', ownersNotice, (id) => `/api/v1/messages/${id}/read`),
};

/** What a refused request must not change: the number of documents in every collection. */
async function counts(): Promise<Record<string, number>> {
  const db = mongoose.connection.db!;
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((c) => !c.startsWith('system.')).sort();
  const out: Record<string, number> = {};
  for (const c of names) out[c] = await db.collection(c).estimatedDocumentCount();
  return out;
}

async function send(method: Method, cell: Cell, who: Actor) {
  const req = t.http[method](cell.url);
  const u = users[who];
  if (u) req.set(u.auth);
  if (cell.upload) return req.field('purpose', cell.upload).attach('file', jpeg, { filename: 'site.jpg', contentType: 'image/jpeg' });
  return cell.body === undefined ? req : req.send(cell.body as object);
}

beforeAll(async () => {
  pay = await startWechatPayFake({ transferApi: 'batches' });
  t = await createTestApp({
    ...pay.env(),
    RATE_LIMIT_IP_PER_MIN: '100000', RATE_LIMIT_USER_PER_MIN: '100000', TIPOFF_SUBMITS_PER_HOUR: '100000', TIPOFF_UPLOADS_PER_HOUR: '100000',
  });
  listener = t.app.listen(0, '127.0.0.1');
  await new Promise((r) => listener.once('listening', r));
  pay.deliverNotificationsTo(`http://127.0.0.1:${(listener.address() as AddressInfo).port}`);
  jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 90, g: 140, b: 200 } } }).jpeg().toBuffer();
  users.anonymous = null;
  users.citizen = await loginAs(t, 'citizen', { name: '矩阵市民' });
  users.owner = await loginAs(t, 'owner', { name: '矩阵业主' });
  users.otherOwner = await loginAs(t, 'owner', { name: '别家业主' });
  // A trainer as the staff CLI makes one: an invite, redeemed by a signed-in user.
  const trainer = await loginAs(t, 'citizen', { name: '矩阵讲师' });
  const invite = await createStaffInvite({ role: 'trainer', region: '450203', name: '矩阵讲师', createdBy: null }, null);
  ok(await t.http.post('/api/v1/auth/redeem-invite').set(trainer.auth).send({ code: invite.code }), 'redeem');
  users.trainer = trainer;
  users.inspector = await loginAs(t, 'inspector', { region: '450203', name: '鱼峰监管甲' });
  colleague = await loginAs(t, 'inspector', { region: '450203', name: '鱼峰监管乙' });
  users.otherInspector = await loginAs(t, 'inspector', { region: '450303', name: '秀峰监管' });
  users.admin = await loginAs(t, 'admin', { region: '4502', name: '柳州市局' });
  users.otherAdmin = await loginAs(t, 'admin', { region: '4503', name: '桂林市局' });

  // The owner's workshop, registered through the real flow (so it has a certificate), and its records.
  const regId = await readyForApproval(t, as('owner'), [as('inspector'), colleague], { name: '矩阵鱼峰米粉作坊' });
  const approved = await post(`/registrations/${regId}/approve`, 'inspector', {}) as unknown as { data: { id: string; certificateNumber: string; premises: { photos: string[] } } };
  fx.registration = regId;
  fx.certificate = approved.data.certificateNumber;
  fx.photo = approved.data.premises.photos[0];
  const mine = ok(await t.http.get('/api/v1/workshops/mine').set(as('owner').auth), 'mine') as unknown as { data: { workshop: { id: string } }[] };
  fx.workshop = mine.data[0].workshop.id;
  fx.otherWorkshop = String((await buildWorkshop(t, { ownerId: as('otherOwner').userId }))._id);
  fx.inspection = (await post('/inspections', 'inspector', inspection())).data.id;
  fx.sample = (await post('/samples', 'inspector', sample())).data.id;
  fx.penalty = (await post('/penalties', 'inspector', penalty())).data.id;
  await post(`/workshops/${fx.workshop}/self-checks`, 'owner', { items: checklist() });
  fx.draw = (await post('/draws', 'admin', draw())).data.id;
  fx.tipoffCase = await tipoffCase();
  // A course of the trainer's, an open session with the owner's booking, and a training certificate.
  fx.course = await createCourse(t, as('trainer'), { title: '矩阵课程' });
  fx.session = await newSession();
  await booking(fx.session);
  const finished = await newSession();
  const attended = await booking(finished);
  await post(`/sessions/${finished}/check-ins`, 'trainer', { scans: [{ scanId: randomUUID(), bookingId: attended.id }] });
  await post(`/sessions/${await begin(finished)}/finish`, 'trainer');
  const mineTraining = ok(await t.http.get('/api/v1/bookings/mine').set(as('owner').auth), 'bookings') as unknown as { data: { id: string; certificateNo: string | null }[] };
  fx.trainingCertificate = mineTraining.data.find((b) => b.id === attended.id)!.certificateNo!;
  fx.quizCourse = await createCourse(t, as('trainer'), { title: '矩阵考核课程', quiz: { questions: [{ text: '生产用水应符合什么标准？', options: ['任意', '生活饮用水卫生标准'], answer: 1 }], passPercent: 60, maxTries: 3 } });
  fx.quizBooking = await attendedQuizBooking();
  // A program with the owner's application in notice, and a granted award.
  fx.program = await newProgram({ name: '矩阵示范单位' });
  const noticed = (await post(`/programs/${fx.program}/applications`, 'owner', { workshopId: fx.workshop, statement: '矩阵申报说明' })).data.id;
  await post(`/applications/${noticed}/approve`, 'admin');
  fx.award = await grantedAward();
}, 300_000);
afterAll(async () => {
  pay?.deliverNotificationsTo(null);
  listener?.closeAllConnections();
  await new Promise((r) => (listener ? listener.close(r) : r(undefined)));
  await t?.close();
  await pay?.close();
});

describe('authorization matrix', () => {
  it('declares every route, and a trainer is refused what a citizen is refused', async () => {
    const doc = (await t.http.get('/api/v1/openapi.json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    // A new route fails here until matrix.ts says who may call it.
    expect(routes.filter((r) => !MATRIX[r])).toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !routes.includes(r))).toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !('secret' in MATRIX[r]) && !CASES[r])).toEqual([]);
    // A trainer is refused what a citizen is refused, except on the routes TRAINER_EXTRA names.
    const allows = (r: string, a: Actor) => { const d = MATRIX[r]; return !!d && 'allow' in d && d.allow.includes(a); };
    expect(routes.filter((r) => allows(r, 'citizen') && !allows(r, 'trainer'))).toEqual([]);
    expect(routes.filter((r) => allows(r, 'trainer') && !allows(r, 'citizen')).sort()).toEqual([...TRAINER_EXTRA].sort());
  });

  it('every cell: the allowed get a 2xx, the others 401/403/404 and nothing changes', async () => {
    const doc = (await t.http.get('/api/v1/openapi.json').expect(200)).body as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    // An operation without its own `security` takes the document's: a login is required.
    const routes = Object.entries(doc.paths).flatMap(([p, ops]) => Object.entries(ops).map(([m, op]) => ({ key: `${m.toUpperCase()} ${p}`, method: m as Method, login: !op.security })))
      .sort((a, b) => Number(!!CASES[a.key]?.last) - Number(!!CASES[b.key]?.last));
    const problems: string[] = [];
    let cells = 0; let secret = 0; let undeclared = 0; let unexpectedAllows = 0; let expectedAllows = 0; let allowed2xx = 0;
    for (const { key, method, login } of routes) {
      const decl = MATRIX[key];
      if (!decl) { undeclared += 1; continue; } // the test above names it
      if ('secret' in decl) { secret += 1; continue; }
      const c = CASES[key];
      const refused = ACTORS.filter((a) => !decl.allow.includes(a));
      // Refused actors, one record for all of them (a refusal changes nothing).
      if (refused.length) {
        const cell = await c.make(null);
        const before = await counts();
        for (const who of refused) {
          cells += 1;
          const was = await cell.state?.();
          const res = await send(method, cell, who);
          // Anonymous: 401 where a login is required; on a public route, 401 or a 404 that does not reveal the record.
          const expected = who !== 'anonymous' ? [403, 404] : login ? [401] : [401, 404];
          if (!expected.includes(res.status)) {
            problems.push(`${key} as ${who}: ${res.status}, expected ${expected.join('/')} ${JSON.stringify(res.body?.error ?? '')}`);
            if (res.status < 300) unexpectedAllows += 1;
          }
          if (cell.state && JSON.stringify(await cell.state()) !== JSON.stringify(was)) problems.push(`${key} as ${who}: refused, but the record changed`);
        }
        const after = await counts();
        if (JSON.stringify(after) !== JSON.stringify(before)) {
          const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
          problems.push(`${key}: refused requests stored documents in ${changed.join(', ')}`);
        }
      }
      // Allowed actors: a 2xx, on a fresh record for a write.
      const shared = c.shared ? await c.make(null) : null;
      for (const who of decl.allow) {
        cells += 1;
        expectedAllows += 1;
        const cell = shared ?? (await c.make(who));
        const res = await send(method, cell, who);
        if (res.status >= 200 && res.status < 300) allowed2xx += 1;
        else problems.push(`${key} as ${who}: ${res.status}, expected 2xx ${JSON.stringify(res.body?.error ?? '')}`);
      }
    }
    const tested = routes.length - secret - undeclared;
    // eslint-disable-next-line no-console
    console.log(`authz matrix: ${routes.length} routes (${tested} tested, ${secret} need a secret${undeclared ? `, ${undeclared} UNDECLARED` : ''}), ${cells} cells, `
      + `${unexpectedAllows} unexpected allows, ${allowed2xx} of ${expectedAllows} expected allows returned 2xx`);
    expect(problems).toEqual([]);
    expect(unexpectedAllows).toBe(0);
  }, 900_000);
});
