// The demo programs: every program of DOMAIN §5 for the demo province, workshops with awards (badges on
// their public files), one program in its public notice, one heritage story; the demo owner sees one
// program eligible and another not, with what to do.
import { createTestApp, type TestApp } from '../../support/app';
import { seedDemo } from '../../../server/src/seed/demo';
import { seedDemoPrograms } from '../../../server/src/seed/programs';
import { PROGRAM_KINDS } from '@shared/domain/programs';
import { WorkshopModel } from '../../../server/src/models/Workshop';

let t: TestApp;
beforeAll(async () => { t = await createTestApp({ RATE_LIMIT_USER_PER_MIN: '100000', RATE_LIMIT_IP_PER_MIN: '100000' }); }, 120_000);
afterAll(async () => { await t.close(); });

it('seeds the programs, awards with badges, a notice in progress and a heritage story, once', async () => {
  await seedDemo(t.services.regions, { workshops: 60, cipher: t.services.cipher, services: t.services });
  expect(await seedDemoPrograms(t.services)).toEqual({ programs: 0, awards: 0, inNotice: 0 }); // idempotent

  const programs = (await t.http.get('/api/v1/programs')).body.data as { id: string; kind: string; name: string; open: boolean }[];
  expect(new Set(programs.map((p) => p.kind))).toEqual(new Set(PROGRAM_KINDS));
  expect(programs.every((p) => p.open)).toBe(true);

  const awards = await t.http.get('/api/v1/awards').query({ region: '4502', pageSize: 50 });
  expect(awards.body.total).toBeGreaterThanOrEqual(5);
  const first = awards.body.data[0] as { workshop: { id: string }; badge: string };
  expect((await WorkshopModel.findById(first.workshop.id).lean())!.badges).toContain(first.badge);
  const timeline = (await t.http.get(`/api/v1/workshops/${first.workshop.id}/timeline`)).body.data as { type: string; title: string }[];
  expect(timeline.filter((e) => e.type === 'award').map((e) => e.title)).toContain(`荣誉称号：${first.badge}`);

  const heritage = await t.http.get('/api/v1/awards').query({ heritage: '1' });
  const story = (heritage.body.data as { story: { technique: string } | null; id: string }[]).find((a) => a.story);
  expect(story!.story!.technique).toContain('螺蛳粉');
  expect((await t.http.get(`/api/v1/awards/${story!.id}`)).body.data.story.inheritor).toContain('传承人');

  const model = programs.find((p) => p.kind === 'model_unit')!;
  const notice = await t.http.get(`/api/v1/programs/${model.id}/notice`);
  expect(notice.body.data.entries.length).toBeGreaterThanOrEqual(1);

  // The demo owner: the sunshine workshop program is open to them; the model unit asks for more.
  const login = await t.http.post('/api/v1/auth/dev').send({ role: 'owner' });
  const auth = { Authorization: `Bearer ${login.body.token}` };
  const mine = (await t.http.get('/api/v1/workshops/mine').set(auth)).body.data[0].workshop.id as string;
  const sunshine = programs.find((p) => p.kind === 'sunshine')!;
  expect((await t.http.get(`/api/v1/programs/${sunshine.id}/eligibility`).query({ workshopId: mine }).set(auth)).body.data.eligible).toBe(true);
  const unit = (await t.http.get(`/api/v1/programs/${model.id}/eligibility`).query({ workshopId: mine }).set(auth)).body.data;
  // All the programs open to the workshop at once: eligible ones first; a Guilin program is not among them.
  const forMe = (await t.http.get('/api/v1/programs/for-me').set(auth)).body.data as { workshop: { id: string }; programs: { program: { kind: string }; eligible: boolean; rules: unknown[] }[] };
  expect(forMe.workshop.id).toBe(mine);
  expect(forMe.programs.find((p) => p.program.kind === 'sunshine')!.eligible).toBe(true);
  expect(forMe.programs.find((p) => p.program.kind === 'model_unit')!.eligible).toBe(false);
  expect(forMe.programs.map((p) => p.program.kind)).not.toContain('common_prosperity');
  const firstNo = forMe.programs.findIndex((p) => !p.eligible);
  expect(forMe.programs.slice(firstNo).every((p) => !p.eligible)).toBe(true);
  expect(unit.eligible).toBe(false);
  expect(unit.rules.find((r: { kind: string }) => r.kind === 'training_hours')).toMatchObject({ passed: false, todo: expect.stringMatching(/^参加 8 学时培训，目前 \d+(\.\d)? 学时$/) });
}, 180_000);
