// The demo tells one consistent story: every timeline in order, nothing dated in the future that has
// already happened, deadlines after what starts them, certificates issued when their approval was decided.
// (Issue 15: "accepted before submitted; a 受理期限 before the date received".)
import { createTestApp, type TestApp } from '../../support/app';
import { seedDemo } from '../../../server/src/seed/demo';
import { BookingModel } from '../../../server/src/models/Booking';
import { CertificateModel } from '../../../server/src/models/Certificate';
import { CreditEventModel } from '../../../server/src/models/CreditEvent';
import { DrawTaskModel } from '../../../server/src/models/DrawTask';
import { InspectionModel } from '../../../server/src/models/Inspection';
import { PenaltyModel } from '../../../server/src/models/Penalty';
import { RegistrationModel } from '../../../server/src/models/Registration';
import { SampleModel } from '../../../server/src/models/Sample';
import { TipoffModel } from '../../../server/src/models/Tipoff';
import { TipoffCaseModel } from '../../../server/src/models/TipoffCase';
import { WorkshopModel } from '../../../server/src/models/Workshop';
import { certificateEnd } from '../../../shared/src/domain/registration';

let t: TestApp;
const problems: string[] = [];
let now: number;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.services.regions, { workshops: 60, cipher: t.services.cipher, services: t.services });
  now = Date.now();
}, 300_000);
afterAll(async () => { await t.close(); });

const ms = (d: Date | string | null | undefined) => (d == null ? null : new Date(d).getTime());
const day = (d: Date | string | null | undefined) => (d == null ? '—' : new Date(ms(d)! + 8 * 3600_000).toISOString().slice(0, 16));
/** Entries must be in time order and none after now. */
function inOrder(what: string, entries: { at?: Date | null; title?: string | null }[]) {
  for (let i = 0; i < entries.length; i++) {
    const at = ms(entries[i].at);
    if (at == null) { problems.push(`${what}: “${entries[i].title}” has no time`); continue; }
    if (at > now) problems.push(`${what}: “${entries[i].title}” is dated in the future (${day(entries[i].at)})`);
    const prev = i ? ms(entries[i - 1].at) : null;
    if (prev != null && at < prev) problems.push(`${what}: “${entries[i].title}” (${day(entries[i].at)}) comes before “${entries[i - 1].title}” (${day(entries[i - 1].at)})`);
  }
}

it('registrations: submitted, then corrected or accepted, checked and decided, in that order; deadlines after what starts them', async () => {
  for (const r of await RegistrationModel.find({}).lean()) {
    const what = `registration ${r.workshop?.name ?? String(r._id)} (${r.status})`;
    inOrder(what, r.timeline);
    if (r.submittedAt && ms(r.timeline[0]?.at) !== ms(r.submittedAt)) problems.push(`${what}: the timeline does not start at the submission`);
    if (r.deadline?.dueAt && r.submittedAt && ms(r.deadline.dueAt)! <= ms(r.submittedAt)!) problems.push(`${what}: deadline ${day(r.deadline.dueAt)} before the submission ${day(r.submittedAt)}`);
    const check = r.siteCheck?.result as { at?: Date } | null | undefined;
    if (check?.at && r.siteCheck?.date && r.siteCheck.date > day(check.at).slice(0, 10)) problems.push(`${what}: site check recorded ${day(check.at)} before its scheduled day ${r.siteCheck.date}`);
    const decision = r.decision as { at?: Date; result?: string } | null;
    if (decision?.result === 'approved' && r.workshopId) {
      const w = await WorkshopModel.findById(r.workshopId, { certificate: 1 }).lean();
      if (ms(w?.certificate?.issuedAt) !== ms(decision.at)) problems.push(`${what}: certificate issued ${day(w?.certificate?.issuedAt)}, approval decided ${day(decision.at)}`);
    }
  }
  expect(problems.splice(0)).toEqual([]);
});

it('workshops and certificates: issued in the past, valid exactly three years', async () => {
  for (const c of await CertificateModel.find({}).lean()) {
    if (ms(c.issuedAt)! > now) problems.push(`certificate ${c.number}: issued in the future`);
    if (ms(c.expiresAt) !== ms(certificateEnd(c.issuedAt))) problems.push(`certificate ${c.number}: valid ${day(c.issuedAt)} to ${day(c.expiresAt)}, not three years`);
  }
  for (const w of await WorkshopModel.find({}).lean()) {
    const c = w.certificate;
    if (c?.issuedAt && ms(c.issuedAt)! > now) problems.push(`workshop ${w.name}: certificate issued in the future`);
    if (c?.issuedAt && c.expiresAt && ms(c.expiresAt)! <= ms(c.issuedAt)!) problems.push(`workshop ${w.name}: certificate expires before it is issued`);
  }
  expect(problems.splice(0)).toEqual([]);
});

it('supervision: records in the past, follow-up deadlines after the record', async () => {
  for (const i of await InspectionModel.find({}).lean()) {
    if (ms(i.at)! > now) problems.push(`inspection ${String(i._id)}: in the future`);
    if (i.rectification?.deadline && i.rectification.deadline < day(i.at).slice(0, 10)) problems.push(`inspection ${String(i._id)}: rectification due ${i.rectification.deadline} before the inspection ${day(i.at)}`);
  }
  for (const s of await SampleModel.find({}).lean()) {
    if (ms(s.at)! > now) problems.push(`sample ${String(s._id)}: in the future`);
    const due = (s.followUp as { dueAt?: Date } | null | undefined)?.dueAt;
    if (due && ms(due)! < ms(s.at)!) problems.push(`sample ${String(s._id)}: follow-up due before the sample`);
  }
  for (const p of await PenaltyModel.find({}).lean()) {
    if (ms(p.decidedAt)! > now) problems.push(`penalty ${String(p._id)}: decided in the future`);
    if (ms(p.publicUntil)! < ms(p.decidedAt)!) problems.push(`penalty ${String(p._id)}: public until before it was decided`);
  }
  for (const e of await CreditEventModel.find({}).lean()) if (ms(e.at)! > now) problems.push(`credit event ${e.ref}: “${e.title}” in the future`);
  for (const d of await DrawTaskModel.find({}).lean()) {
    if (d.drawnAt && ms(d.drawnAt)! < ms(d.createdAt)!) problems.push(`draw ${d.title}: drawn before it was published`);
    if (d.drawnAt && d.drawableAt && ms(d.drawnAt)! < ms(d.drawableAt)!) problems.push(`draw ${d.title}: drawn before its commitment period ended`);
  }
  expect(problems.splice(0)).toEqual([]);
});

it('tip-offs: cases move after their reports arrive; training bookings in order', async () => {
  const reports = await TipoffModel.find({}).lean();
  const firstReport = new Map<string, number>();
  for (const r of reports) {
    const at = ms(r.createdAt)!;
    if (at > now) problems.push(`tip-off ${r.receiptCode}: submitted in the future`);
    firstReport.set(r.caseId, Math.min(firstReport.get(r.caseId) ?? Infinity, at));
  }
  for (const c of await TipoffCaseModel.find({}).lean()) {
    const what = `tip-off case ${String(c._id)} (${c.status})`;
    inOrder(what, c.timeline);
    const first = firstReport.get(String(c._id));
    if (first != null && c.timeline[0] && ms(c.timeline[0].at)! < first) problems.push(`${what}: “${c.timeline[0].title}” before the first report arrived`);
    if (c.acceptedAt && first != null && ms(c.acceptedAt)! < first) problems.push(`${what}: accepted before the first report arrived`);
  }
  for (const b of await BookingModel.find({}).lean()) inOrder(`booking ${b.attendeeName} (${b.status})`, b.timeline);
  expect(problems.splice(0)).toEqual([]);
});
