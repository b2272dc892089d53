// Issue 15 point 10: the mini-program is run, not only built. Loads the built weapp (miniprogram/dist/weapp,
// or WEAPP_DIST) in Node with a stub WeChat client (test/e2e/weapp/harness.ts): app.js with its runtime,
// taro, vendors and common chunks, then every page of app.json (main package and subpackages). Each role
// signs in as the app does (login page → 微信一键登录 → wx.login code from the WeChat fake → POST
// /auth/wechat), then each page is opened as the client would (onLoad with the query a link passes, real
// ids from the demo data; onShow; onReady), its requests go to the real server on the test database, and
// the test waits for setData to settle. A page fails on any exception in a lifecycle, timer, callback or
// event, an unhandled rejection, console.error, a 5xx or unexpected 4xx response, a request to another host,
// a wx API the stub lacks, or an empty tree; the tab and main pages must show a known Chinese text.
//
// What it cannot cover (see README, Testing):
// - real WXML/WXSS rendering and layout: the templates (base.wxml, comp.wxml) are never evaluated, so a
//   template that drops a node, a style that hides text or a broken layout passes; the tree checked is the
//   data Taro sends to the templates;
// - native components (picker, map, canvas, video, camera, web-view) and their events: nothing is tapped
//   except the sign-in button; forms are not filled in;
// - the real behaviour of WeChat APIs: storage limits, request domain lists and TLS, login codes of real
//   WeChat servers, payments, subscribe messages, choosing images or locations (all cancelled here),
//   navigation (recorded, pages are opened one by one on an empty stack: no back-stack state);
// - WeChat's module loading: every file is read from disk at once, so subpackage loading order, preloadRule,
//   a subpackage that needs a missing main-package chunk on a real device, and package size limits (those are
//   in test/build/weapp-output.test.ts) are not exercised;
// - the JS engine and base library of real phones (iOS JavaScriptCore, older base libraries): Node runs the
//   code; ES syntax is checked separately (weapp-output.test.ts);
// - flows after the first screen (submitting, paying, checking in): the API tests and the H5 browser tests
//   cover those on the shared code.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { startStack, type Stack } from '../support/stack';
import { completeApplication } from '../support/factories';
import { demoOpenid, seedDemo } from '../../server/src/seed/demo';
import { Weapp, allPages, countNodes, visibleText, type OpenedPage } from './weapp/harness';
import type { Role } from '../../shared/src/domain/roles';

const WEAPP = process.env.WEAPP_DIST
  ? path.resolve(process.env.WEAPP_DIST)
  : path.resolve(__dirname, '..', '..', 'miniprogram', 'dist', 'weapp');
if (!fs.existsSync(path.join(WEAPP, 'app.json'))) {
  throw new Error(`${WEAPP}/app.json missing: run \`npm run build:weapp\` before this test (npm test does)`);
}

type Query = Record<string, string>;
interface Ids {
  workshopId: string;
  workshopName: string;
  certificateNo: string;
  registrationId: string;
  applicationName: string;
  courseTitle: string;
  sessionTitle: string;
  drawTitle: string;
  inspectionWorkshop: string;
  sampleWorkshop: string;
  courseId: string;
  sessionId: string;
  quizBookingId: string | null;
  trainingCertificateNo: string | null;
  tipoffId: string;
  inspectionId: string;
  sampleId: string;
  task: { id: string; workshopId: string; name: string };
  drawId: string;
  programId: string;
  applicationId: string | null;
  deskProgramId: string | null;
  awardId: string | null;
  /** An award of the demo owner's workshop (the story editor is only theirs). */
  ownAwardId: string | null;
}

/** Who opens each page: the person the page is for. Anything not listed is opened by the demo owner. */
function roleFor(route: string): Role {
  if (/^packages\/training\/desk\//.test(route)) return 'trainer';
  if (/^packages\/programs\/desk\//.test(route)) return 'admin';
  if (/^packages\/staff\/(dashboard|tipoff-rewards|draws|repairs|invite|negative-list|accounts|calendar|audit)\//.test(route)) return 'admin';
  if (/^packages\/staff\//.test(route)) return 'inspector';
  return 'owner';
}

/** The query a link to the page carries (see the navigateTo calls in miniprogram/src). */
function queryFor(route: string, ids: Ids): Query {
  const q: Record<string, Query> = {
    'pages/not-found/index': { path: encodeURIComponent('/pages/removed/index') },
    'packages/registration/detail/index': { id: ids.registrationId },
    'packages/registration/certificate/index': { no: ids.certificateNo },
    'packages/training/course/index': { id: ids.courseId },
    'packages/training/session/index': { id: ids.sessionId },
    'packages/training/quiz/index': ids.quizBookingId ? { id: ids.quizBookingId } : {},
    'packages/training/verify/index': ids.trainingCertificateNo ? { no: ids.trainingCertificateNo } : {},
    'packages/training/desk/course/index': { id: ids.courseId },
    'packages/training/desk/course-quiz/index': { id: ids.courseId },
    'packages/training/desk/session-form/index': { courseId: ids.courseId },
    'packages/training/desk/roster/index': { id: ids.sessionId },
    'packages/programs/detail/index': { id: ids.programId },
    'packages/programs/apply/index': { id: ids.programId },
    'packages/programs/notice/index': { id: ids.programId },
    'packages/programs/story/index': ids.awardId ? { id: ids.awardId } : {},
    'packages/programs/story-edit/index': ids.ownAwardId ? { id: ids.ownAwardId } : {},
    'packages/programs/desk/applications/index': ids.deskProgramId ? { id: ids.deskProgramId } : {},
    'packages/programs/desk/application/index': ids.applicationId ? { id: ids.applicationId } : {},
    'packages/credit/verify/index': { no: ids.certificateNo },
    'packages/credit/workshop/index': { id: ids.workshopId },
    'packages/credit/draws/detail/index': { id: ids.drawId },
    'packages/staff/registration/index': { id: ids.registrationId },
    'packages/staff/tipoff/index': { id: ids.tipoffId },
    'packages/staff/inspect/index': { taskId: ids.task.id, workshopId: ids.task.workshopId, name: encodeURIComponent(ids.task.name) },
    'packages/staff/inspection/index': { id: ids.inspectionId },
    'packages/staff/sample/index': { id: ids.sampleId },
    'packages/staff/self-checks/index': { workshopId: ids.workshopId, name: encodeURIComponent(ids.workshopName) },
  };
  return q[route] ?? {};
}

/** Texts each of these pages shows once its data has loaded (what a person would look for first). */
const EXPECTED_TEXT: Record<string, (ids: Ids) => string[]> = {
  'pages/home/index': () => ['办事服务', '演示作坊业主'],
  'pages/search/index': () => ['查作坊信用'],
  'pages/report/index': () => ['发现无证黑作坊'],
  'pages/mine/index': () => ['演示作坊业主', '我的作坊'],
  'pages/login/index': () => ['微信一键登录'],
  'pages/not-found/index': () => ['页面不存在', '/pages/removed/index'],
  'packages/registration/index/index': (ids) => ['新办登记申请', ids.workshopName],
  'packages/registration/form/index': () => ['申请人姓名'],
  'packages/registration/detail/index': (ids) => [ids.applicationName, '已提交，待受理'],
  'packages/registration/certificate/index': (ids) => ['食品小作坊登记证', ids.certificateNo],
  'packages/training/index/index': (ids) => [ids.courseTitle],
  'packages/training/course/index': (ids) => [ids.courseTitle],
  'packages/training/session/index': (ids) => [ids.sessionTitle],
  'packages/training/mine/index': () => ['即将参加'],
  'packages/training/verify/index': (ids) => (ids.trainingCertificateNo ? ['培训证书', ids.trainingCertificateNo] : ['证书']),
  'packages/training/quiz/index': () => ['提交答卷'],
  'packages/tipoff/form/index': () => ['举报什么'],
  'packages/tipoff/track/index': () => ['查询举报进度'],
  'packages/credit/verify/index': (ids) => [ids.workshopName, ids.certificateNo],
  'packages/credit/workshop/index': (ids) => [ids.workshopName],
  'packages/credit/black/index': () => ['曝光黑作坊'],
  'packages/credit/mine/index': (ids) => [ids.workshopName, '监督检查'],
  'packages/credit/draws/index': (ids) => ['双随机抽查公示', ids.drawTitle],
  'packages/credit/draws/detail/index': (ids) => [ids.drawTitle],
  'packages/messages/index/index': () => ['消息', '培训证书已发放'],
  'packages/training/desk/index': (ids) => ['我的课程', ids.courseTitle],
  'packages/training/desk/course/index': (ids) => [ids.courseTitle, '新增场次'],
  'packages/training/desk/course-quiz/index': (ids) => [ids.courseTitle],
  'packages/training/desk/session-form/index': () => ['新增场次'],
  'packages/training/desk/roster/index': (ids) => [ids.sessionTitle],
  'packages/staff/index/index': () => ['监管工作台', '登记审查'],
  'packages/staff/registrations/index': () => ['待受理'],
  'packages/staff/registration/index': (ids) => [ids.applicationName, '受理'],
  'packages/staff/tipoffs/index': () => ['举报处理'],
  'packages/staff/tipoff/index': () => ['受理期限'],
  'packages/staff/tasks/index': (ids) => ['今日任务', ids.task.name],
  'packages/staff/inspect/index': (ids) => [ids.task.name, '日常监督检查'],
  'packages/staff/inspection/index': (ids) => [ids.inspectionWorkshop, '检查日期'],
  'packages/staff/sample/index': (ids) => [ids.sampleWorkshop],
  'packages/staff/self-checks/index': (ids) => [ids.workshopName],
  'packages/staff/dashboard/index': () => ['登记率'],
  'packages/staff/draws/index': (ids) => [ids.drawTitle],
  'packages/staff/negative-list/index': () => ['本级目录', '上级目录'],
  'packages/staff/accounts/index': () => ['邀请工作人员'],
  'packages/staff/calendar/index': () => ['节假日日历', '对工作日的影响'],
  'packages/staff/audit/index': () => ['操作记录'],
  'packages/programs/index/index': () => ['适合我的项目'],
  'packages/programs/detail/index': () => ['申报条件'],
  'packages/programs/desk/index': () => ['新建项目'],
  'packages/programs/awards/index': () => ['称号类别', '有效期至'],
};

const ACCOUNTS: Record<'owner' | 'trainer' | 'inspector' | 'admin', { openid: string; name: string }> = {
  owner: { openid: demoOpenid('owner', null), name: '演示作坊业主' },
  trainer: { openid: demoOpenid('trainer', '450203'), name: '演示培训讲师' },
  inspector: { openid: demoOpenid('inspector', '450203'), name: '演示监管人员' },
  admin: { openid: demoOpenid('admin', '4502'), name: '演示监管部门管理员' },
};

let stack: Stack;
let weapp: Weapp;
let ids: Ids;
/** Whose WeChat the next wx.login speaks for. */
let holder = ACCOUNTS.owner.openid;

const pages = allPages(JSON.parse(fs.readFileSync(path.join(WEAPP, 'app.json'), 'utf8')));
const groups = (['owner', 'trainer', 'inspector', 'admin'] as const).map((role) => ({ role, routes: pages.filter((p) => roleFor(p) === role) }));

async function api<T>(method: string, url: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(`${stack.baseUrl}/api/v1${url}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

type List<T> = { data: T[] };
type WithId = { id: string };

/** Real ids of the demo data, read through the API as each role (the test's own look-up, not the app's). */
async function demoIds(): Promise<Ids> {
  const token = async (role: Role, region?: string) => (await api<{ token: string }>('POST', '/auth/dev', undefined, { role, region })).token;
  const [owner, inspector, admin] = [await token('owner'), await token('inspector', '450203'), await token('admin', '4502')];
  const mine = await api<List<{ workshop: { id: string; name: string; certificate: { number: string } } }>>('GET', '/workshops/mine', owner);
  const bookings = await api<List<{ id: string; certificateNo?: string | null; checkedInAt: string | null; session: { id: string; course: { id: string; title: string; quiz?: unknown } } }>>('GET', '/bookings/mine', owner);
  const courses = await api<List<WithId & { title: string; quiz: unknown }>>('GET', '/courses', owner);
  const course = courses.data.find((c) => c.quiz) ?? courses.data[0];
  if (!course) throw new Error('the demo data has no course');
  const tasks = await api<List<{ id: string; kind: string; workshop: { id: string; name: string } }>>('GET', '/inspections/tasks', inspector);
  const task = tasks.data.find((t) => t.kind === 'planned') ?? tasks.data[0];
  const programs = await api<List<WithId>>('GET', '/programs', owner);
  // The review desk: a program whose applications the demo admin may read, and one of them if any.
  let deskProgramId: string | null = null;
  let applicationId: string | null = null;
  for (const p of programs.data) {
    const apps = await api<List<WithId>>('GET', `/programs/${p.id}/applications`, admin).catch(() => null);
    if (apps) deskProgramId ??= p.id;
    if (apps?.data[0]) {
      deskProgramId = p.id;
      applicationId = apps.data[0].id;
      break;
    }
  }
  type Award = WithId & { program: { kind: string }; workshop: { id: string } };
  const awards = await api<List<Award>>('GET', '/awards', owner);
  const heritage = await api<List<Award>>('GET', '/awards?heritage=1', owner);
  const first = <T>(list: List<T>, what: string): T => {
    if (!list.data[0]) throw new Error(`the demo data has no ${what}`);
    return list.data[0];
  };
  const ws = first(mine, "owner's workshop").workshop;
  type Named = WithId & { workshop: { name: string } };
  const inspection = first(await api<List<Named>>('GET', '/inspections', inspector), 'inspection');
  const sample = first(await api<List<Named>>('GET', '/samples', inspector), 'sample');
  const draw = first(await api<List<WithId & { title: string }>>('GET', '/draws', owner), 'draw');
  const booking = first(bookings, "owner's booking");
  // The knowledge test is linked from 我的培训 once the owner has checked in on a course that has one.
  const quizBooking = bookings.data.find((b) => b.session.course.quiz && b.checkedInAt);
  // The demo owner's workshop is registered from the seed without an application: apply as the form does.
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 180, b: 120 } } }).jpeg().toBuffer();
  const form = new FormData();
  form.append('purpose', 'registration');
  form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'premises.jpg');
  const upload = await fetch(`${stack.baseUrl}/api/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${owner}` }, body: form });
  const photo = ((await upload.json()) as { data: WithId }).data.id;
  const applicationName = '鱼峰冒烟测试米粉作坊';
  const application = (await api<{ data: WithId }>('POST', '/registrations', owner, completeApplication(photo, { name: applicationName }))).data;
  await api('POST', `/registrations/${application.id}/submit`, owner);
  return {
    workshopId: ws.id,
    workshopName: ws.name,
    certificateNo: ws.certificate.number,
    registrationId: application.id,
    applicationName,
    courseId: course.id,
    courseTitle: course.title,
    sessionTitle: booking.session.course.title,
    sessionId: booking.session.id,
    quizBookingId: quizBooking?.id ?? null,
    trainingCertificateNo: bookings.data.find((b) => b.certificateNo)?.certificateNo ?? null,
    tipoffId: first(await api<List<WithId>>('GET', '/tipoffs', inspector), 'tip-off').id,
    inspectionId: inspection.id,
    inspectionWorkshop: inspection.workshop.name,
    sampleId: sample.id,
    sampleWorkshop: sample.workshop.name,
    task: { id: task.id, workshopId: task.workshop.id, name: task.workshop.name },
    drawId: draw.id,
    drawTitle: draw.title,
    programId: first(programs, 'program').id,
    applicationId,
    deskProgramId,
    awardId: heritage.data[0]?.id ?? awards.data[0]?.id ?? null,
    ownAwardId: awards.data.find((a) => a.workshop.id === ws.id)?.id ?? null,
  };
}

beforeAll(async () => {
  stack = await startStack({ seed: false });
  // As `npm start` seeds it: with the services, so training and programs are there too.
  await seedDemo(stack.server.services.regions, { workshops: 60, cipher: stack.server.services.cipher, services: stack.server.services });
  ids = await demoIds();
  // A page opened without the id its links carry shows its own 未找到 and would pass without a request.
  for (const k of ['awardId', 'deskProgramId', 'applicationId'] as const) if (!ids[k]) throw new Error(`the demo data gives no ${k} for the smoke run`);
  weapp = new Weapp({ dist: WEAPP, apiOrigin: stack.baseUrl, loginCode: () => stack.wechat.issueCode(holder) });
  await weapp.launch();
}, 300_000);

afterAll(async () => {
  if (process.env.WEAPP_SMOKE_DEBUG) console.log(weapp?.warnings);
  weapp?.dispose();
  await stack?.stop();
});

test('app.js loads and the app launches without an error', () => {
  expect(weapp.appInstance).toBeTruthy();
  expect(weapp.takeErrors()).toEqual([]);
  expect(pages.length).toBeGreaterThan(40);
});

/** What went wrong while the page was open, besides exceptions: server errors and refused requests. */
function badResponses(from: number): string[] {
  return weapp.requests.slice(from).filter((r) => r.status === 0 || r.status >= 400).map((r) => `${r.method} ${r.url} → ${r.status || 'network error'}`);
}

function expectRendered(page: OpenedPage, from: number): void {
  const problems = [...weapp.takeErrors(), ...badResponses(from)];
  expect({ route: page.route, problems }).toEqual({ route: page.route, problems: [] });
  expect(page.setDataCalls.length).toBeGreaterThan(0);
  expect(countNodes(page.instance.data)).toBeGreaterThan(2);
  const text = visibleText(page.instance.data);
  expect(text).toMatch(/[\u4e00-\u9fff]/);
  const missing = (EXPECTED_TEXT[page.route]?.(ids) ?? []).filter((t) => !text.includes(t));
  expect({ route: page.route, missing, text: missing.length ? text.slice(0, 400) : '' }).toEqual({ route: page.route, missing: [], text: '' });
}

describe.each(groups)('as $role', ({ role, routes }) => {
  test(`signs in on the login page with 微信一键登录 (wx.login → /auth/wechat)`, async () => {
    const account = ACCOUNTS[role];
    holder = account.openid;
    const from = weapp.requests.length;
    const login = await weapp.open('pages/login/index');
    expectRendered(login, from);
    await weapp.tap(login, '微信一键登录');
    expect(weapp.takeErrors()).toEqual([]);
    expect(weapp.requests.slice(from).map((r) => `${r.method} ${r.url.split('?')[0]} ${r.status}`)).toContain('POST /api/v1/auth/wechat 200');
    expect(weapp.storage.get('xzf.user')).toMatchObject({ name: account.name });
    expect(typeof weapp.storage.get('xzf.token')).toBe('string');
    await weapp.close(login);
    expect(weapp.takeErrors()).toEqual([]);
  });

  test.each(routes)('%s loads and renders', async (route) => {
    const from = weapp.requests.length;
    const page = await weapp.open(route, queryFor(route, ids));
    if (process.env.WEAPP_SMOKE_DEBUG) console.log(route, visibleText(page.instance.data).slice(0, 500));
    expectRendered(page, from);
    await weapp.close(page);
    expect(weapp.takeErrors()).toEqual([]);
  });
});
