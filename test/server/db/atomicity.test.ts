// MongoDB's single-document guarantees on the embedded database, through the app's own connection, and
// the commands built on them: one winner per state change, counters that count, find-or-create by upsert,
// and owed steps that a recovery run finishes after a crash.
import mongoose from 'mongoose';
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs, readyForApproval, type LoggedIn } from '../../support/factories';
import { CounterModel, nextSequence } from '../../../server/src/db/sequence';
import { recoverOwed } from '../../../server/src/db/owed';
import { CertificateModel } from '../../../server/src/models/Certificate';
import { NotificationModel } from '../../../server/src/models/Notification';
import { PublicFileModel } from '../../../server/src/models/PublicFile';
import { RegistrationModel } from '../../../server/src/models/Registration';
import { TipoffCaseModel } from '../../../server/src/models/TipoffCase';
import { TipoffModel } from '../../../server/src/models/Tipoff';
import { WorkshopModel } from '../../../server/src/models/Workshop';
import { report, submit } from '../tipoff/support';

let t: TestApp;
let owner: LoggedIn;
let inspectors: [LoggedIn, LoggedIn];
beforeAll(async () => {
  t = await createTestApp({ TIPOFF_SUBMITS_PER_HOUR: '1000', RATE_LIMIT_IP_PER_MIN: '100000', RATE_LIMIT_USER_PER_MIN: '100000' });
  owner = await loginAs(t, 'owner');
  inspectors = [await loginAs(t, 'inspector', { name: '王检查' }), await loginAs(t, 'inspector', { name: '赵核查' })];
});
afterAll(async () => { await t.close(); });

describe('the embedded database through the app connection', () => {
  it('is FerretDB on one connection', () => {
    expect(t.db.kind).toBe('ferretdb');
    expect(t.db.poolSize).toBe(1);
  });

  it('gives exactly one winner to 200 concurrent conditional updates, every round', async () => {
    const race = mongoose.connection.db!.collection('race');
    for (let round = 0; round < 3; round++) {
      const { insertedId } = await race.insertOne({ status: 'open' });
      const results = await Promise.all(Array.from({ length: 200 }, (_, i) => race.findOneAndUpdate({ _id: insertedId, status: 'open' }, { $set: { status: 'taken', by: i } })));
      expect(results.filter((r) => r !== null)).toHaveLength(1);
    }
  });

  it('counts 500 concurrent $inc as 500, and numbers a sequence without gaps or twins', async () => {
    const race = mongoose.connection.db!.collection('race');
    const { insertedId } = await race.insertOne({ n: 0 });
    await Promise.all(Array.from({ length: 500 }, () => race.updateOne({ _id: insertedId }, { $inc: { n: 1 } })));
    expect((await race.findOne({ _id: insertedId }))!.n).toBe(500);
    const numbers = await Promise.all(Array.from({ length: 100 }, () => nextSequence('test:seq')));
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });
});

describe('commands on those guarantees', () => {
  it('200 concurrent approvals of one application: one 200, the rest 409, one certificate', async () => {
    const id = await readyForApproval(t, owner, inspectors, { name: '并发审批米粉作坊', address: '柳州市鱼峰区并发路1号' });
    const counter = `cert:450203:${new Date().getUTCFullYear()}`;
    const before = (await CounterModel.findById(counter).lean())?.value ?? 0;
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => t.http.post(`/api/v1/registrations/${id}/approve`).set(inspectors[i % 2].auth).send({})));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(199);
    expect(await CertificateModel.countDocuments({ registrationId: id })).toBe(1);
    // only the winner takes a number: the county's sequence has no gap
    expect((await CounterModel.findById(counter).lean())?.value).toBe(before + 1);
    expect((await RegistrationModel.findById(id).lean())?.certificateNumber).toBe(`JY450203${new Date().getUTCFullYear()}${String(before + 1).padStart(4, '0')}`);
    expect(await WorkshopModel.countDocuments({ name: '并发审批米粉作坊' })).toBe(1);
  });

  it('two first reports about one place at the same moment open one case with both reports', async () => {
    const place = { lat: 24.3301, lng: 109.4401 };
    const answers = await Promise.all([1, 2, 3, 4].map((i) => submit(t, report({ location: place, description: `同一地点第${i}件举报：无证加工米粉` }), undefined, `device-same-place-${i}`)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    const reports = await TipoffModel.find({ receiptCode: { $in: answers.map((a) => a.body.receiptCode) } }).lean();
    expect(new Set(reports.map((r) => r.caseId)).size).toBe(1);
    const kase = await TipoffCaseModel.findById(reports[0].caseId).lean();
    expect(kase).toMatchObject({ reportCount: 4, status: 'submitted' });
  });
});

describe('owed steps after a crash', () => {
  it('an approval that died after its state change shows 证书生成中, and recovery issues the certificate once', async () => {
    const id = await readyForApproval(t, owner, inspectors, { name: '恢复测试豆腐作坊', address: '柳州市鱼峰区恢复路2号' });
    // The state change as approve() writes it, then the process "dies" before any owed step runs.
    const workshopId = String(new mongoose.Types.ObjectId());
    const now = new Date();
    await RegistrationModel.updateOne({ _id: id, status: 'site_check' }, {
      $set: {
        status: 'approved', workshopId, certificateNumber: null, deadline: null,
        decision: { result: 'approved', reason: null, appealNotice: null, at: now, by: inspectors[0].userId, expiresAt: new Date(now.getTime() + 3 * 365 * 86400_000) },
        owed: ['number', 'workshop', 'certificate', 'ownerRole', 'creditEvent', 'notify'], owedAt: new Date(now.getTime() - 60_000),
      },
    });
    const pending = await t.http.get(`/api/v1/registrations/${id}`).set(owner.auth);
    expect(pending.status).toBe(200);
    expect(pending.body.data).toMatchObject({ status: 'approved', certificatePending: true, certificateNumber: null });
    expect(await CertificateModel.countDocuments({ registrationId: id })).toBe(0);

    expect(await recoverOwed(t.services)).toBeGreaterThanOrEqual(1);
    const number = (await RegistrationModel.findById(id).lean())!.certificateNumber!;
    expect(number).toMatch(new RegExp(`^JY450203${new Date().getUTCFullYear()}\\d{4}$`));
    await recoverOwed(t.services, 0); // a second run (another instance) changes nothing
    expect(await CertificateModel.countDocuments({ registrationId: id })).toBe(1);
    expect(await WorkshopModel.findById(workshopId).lean()).toMatchObject({ name: '恢复测试豆腐作坊', status: 'registered', certificate: { number } });
    expect((await PublicFileModel.findById(workshopId).lean())!.events.map((e) => e.title)).toEqual(['准予登记']);
    expect(await NotificationModel.countDocuments({ userId: owner.userId, key: `Registration:${id}:approved` })).toBe(1);
    const done = await t.http.get(`/api/v1/registrations/${id}`).set(owner.auth);
    expect(done.body.data.certificatePending).toBe(false);
    expect(await RegistrationModel.findById(id).lean()).toMatchObject({ owed: [], owedAt: null });
    expect((await t.http.get(`/api/v1/certificates/${number}/verify`)).status).toBe(200);
  });

  it('a report that died after its last step, before its clock was cleared, is cleared by the next recovery run', async () => {
    const r = await submit(t, report({ location: { lat: 24.3401, lng: 109.4501 }, description: '最后一步之后中断的举报' }));
    expect(r.status).toBe(201);
    // The state the crash test found: every step pulled from `owed`, then the process died.
    await TipoffModel.updateOne({ receiptCode: r.body.receiptCode }, { $set: { owed: [], owedAt: new Date(Date.now() - 60_000) } });
    await recoverOwed(t.services);
    expect(await TipoffModel.findOne({ receiptCode: r.body.receiptCode }).lean()).toMatchObject({ owed: [], owedAt: null });
  });
});

describe('a report whose case closed before its case step ran', () => {
  it('opens a new case instead of failing for ever', async () => {
    const inspector = inspectors[0];
    const place = { lat: 24.3501, lng: 109.4601 };
    const first = await submit(t, report({ location: place, description: '先到的举报：河边无证作坊' }), undefined, 'device-closed-1');
    const caseId = (await TipoffModel.findOne({ receiptCode: first.body.receiptCode }).lean())!.caseId;
    const groupKey = (await TipoffCaseModel.findById(caseId).lean())!.groupKey;
    // A second report read the open case (caseId, groupKey), then the case was closed before its step ran.
    await t.http.post(`/api/v1/tipoffs/${caseId}/accept`).set(inspector.auth).expect(200);
    await t.http.post(`/api/v1/tipoffs/${caseId}/close`).set(inspector.auth).send({ result: 'unfounded', publicReason: '现场未发现生产' }).expect(200);
    const late = await TipoffModel.create({
      caseId, groupKey, receiptCode: 'LATE000001', tokenHashes: [], kind: 'unlicensed', region: '450203001', county: '450203', location: place,
      description: '后到的举报', anonymous: true, contentKey: 'late', senderKey: 'late', dedupeKey: 'late', consentAt: new Date(),
      owed: ['case'], owedAt: new Date(Date.now() - 60_000),
    });
    expect(await recoverOwed(t.services)).toBeGreaterThanOrEqual(1);
    const after = await TipoffModel.findById(late._id).lean();
    expect(after).toMatchObject({ owed: [], owedAt: null });
    expect(after!.caseId).not.toBe(caseId);
    expect(await TipoffCaseModel.findById(after!.caseId).lean()).toMatchObject({ status: 'submitted', reportCount: 1, groupKey });
    expect(await TipoffCaseModel.findById(caseId).lean()).toMatchObject({ status: 'closed', reportCount: 1 });
  });
});
