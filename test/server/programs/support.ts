// Program test helpers: programs through the API, owners with workshops, fixed training records, and the
// steps an application goes through.
import type { TestApp } from '../../support/app';
import type { LoggedIn } from '../../support/factories';
import { TrainingCertificateModel } from '../../../server/src/models/TrainingCertificate';
import { shanghaiDate } from '../../../server/src/services/calendar';

export { ownerWithWorkshop, type Owner } from '../training/support';

const DAY_MS = 86_400_000;
export const dayOffset = (n: number) => shanghaiDate(new Date(Date.now() + n * DAY_MS));

export const ALL_RULES = [
  { kind: 'registered' },
  { kind: 'no_penalty', months: 24 },
  { kind: 'risk_grade', grades: ['A', 'B'] },
  { kind: 'training_hours', hours: 8 },
  { kind: 'category', categories: ['rice_flour'] },
  { kind: 'years_in_business', years: 1 },
  { kind: 'self_check', days: 30 },
];

export const programBody = (over: Record<string, unknown> = {}) => ({
  name: '柳州市食品小作坊示范单位', kind: 'model_unit', region: '4502', description: '以点带面，引领小作坊规范发展。',
  quota: { perYear: 3, scope: 'county' }, applyFrom: dayOffset(-10), applyUntil: dayOffset(20),
  materials: [], rules: [{ kind: 'registered' }], minScores: 0, noticeDays: 5, validityYears: 3, ...over,
});

export async function createProgram(t: TestApp, admin: LoggedIn, over: Record<string, unknown> = {}): Promise<string> {
  const res = await t.http.post('/api/v1/programs').set(admin.auth).send(programBody(over));
  if (res.status !== 201) throw new Error(`program failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.id;
}

let certs = 0;
/** A training certificate of `hours`, issued `daysAgo` days ago (what finishing a session writes). */
export async function trainingCertificate(workshopId: string, hours: number, daysAgo: number) {
  certs += 1;
  const issuedAt = new Date(Date.now() - daysAgo * DAY_MS);
  await TrainingCertificateModel.create({
    _id: `PX${String(9_000_000_000 + certs + Math.floor(Math.random() * 100_000) * 1000)}`, bookingId: `booking-${workshopId}-${certs}-${Math.random()}`, sessionId: 'session', courseId: 'course',
    workshopId, attendeeNameMasked: '李*', courseTitle: '食品安全法规', category: 'law', hours, trainerName: '王培训', sessionDate: shanghaiDate(issuedAt), issuedAt,
  });
}

export async function applyFor(t: TestApp, owner: LoggedIn & { workshopId: string }, programId: string, over: Record<string, unknown> = {}) {
  return t.http.post(`/api/v1/programs/${programId}/applications`).set(owner.auth).send({ workshopId: owner.workshopId, statement: '三代传承手工米粉，年产30吨。', ...over });
}

export async function applied(t: TestApp, owner: LoggedIn & { workshopId: string }, programId: string): Promise<string> {
  const res = await applyFor(t, owner, programId);
  if (res.status !== 201) throw new Error(`apply failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.id;
}

export async function approved(t: TestApp, admin: LoggedIn, applicationId: string) {
  const res = await t.http.post(`/api/v1/applications/${applicationId}/approve`).set(admin.auth).send({});
  if (res.status !== 200) throw new Error(`approve failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

let pen = 0;
export const penaltyBody = (workshopId: string, over: Record<string, unknown> = {}) => ({
  workshopId, decisionNumber: `柳鱼市监处罚〔2026〕P${++pen}${Math.floor(Math.random() * 1e6)}号`, facts: '使用超范围食品添加剂', basis: '《中华人民共和国食品安全法》第一百二十四条',
  outcome: '罚款并没收违法所得', fineFen: 500_000, decidedAt: dayOffset(-1), publicityDays: 90, ...over,
});
