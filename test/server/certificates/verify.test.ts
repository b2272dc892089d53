// The public check of a certificate (routes/certificates): the QR on the paper points to the verify page,
// which says plainly whether the certificate is valid, expired, revoked or unknown, and shows nothing personal.
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs, readyForApproval } from '../../support/factories';
import { CertificateModel } from '../../../server/src/models/Certificate';

let t: TestApp;
let number: string;
beforeAll(async () => {
  t = await createTestApp();
  const owner = await loginAs(t, 'owner');
  const inspectors = [await loginAs(t, 'inspector', { name: '核查员甲' }), await loginAs(t, 'inspector', { name: '核查员乙' })] as const;
  const id = await readyForApproval(t, owner, [inspectors[0], inspectors[1]]);
  const approved = await t.http.post(`/api/v1/registrations/${id}/approve`).set(inspectors[0].auth).send({});
  if (approved.status !== 200) throw new Error(`approve failed: ${approved.status}`);
  number = approved.body.data.certificateNumber;
});
afterAll(async () => { await t.close(); });

describe('GET /api/v1/certificates/:number/verify', () => {
  it('answers anyone with the certificate and the workshop, nothing personal', async () => {
    const res = await t.http.get(`/api/v1/certificates/${number.toLowerCase()}/verify`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ number, status: 'valid', statusLabel: '有效', ownerName: '李**', issuer: '柳州市鱼峰区市场监督管理局', workshop: { name: '鱼峰李记螺蛳粉作坊' } });
    expect(res.body.verifyUrl).toContain(`/packages/credit/verify/index?no=${number}`);
    expect(JSON.stringify(res.body)).not.toMatch(/13812345678|138\*|李秀英|45020319800101128X/);
  });

  it('says plainly when a number is unknown or malformed, expired or revoked', async () => {
    const unknown = await t.http.get('/api/v1/certificates/JY45020320269999/verify');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('未找到该登记证，可能是伪造或编号有误');
    expect((await t.http.get('/api/v1/certificates/<script>/verify')).status).toBe(400);
    const cert = (await CertificateModel.findById(number).lean())!;
    await CertificateModel.updateOne({ _id: number }, { $set: { expiresAt: new Date('2026-01-01') } });
    expect((await t.http.get(`/api/v1/certificates/${number}/verify`)).body).toMatchObject({ status: 'expired', statusLabel: '已过期' });
    await CertificateModel.updateOne({ _id: number }, { $set: { status: 'revoked', expiresAt: cert.expiresAt } });
    expect((await t.http.get(`/api/v1/certificates/${number}/verify`)).body).toMatchObject({ status: 'revoked', statusLabel: '已撤销' });
    await CertificateModel.updateOne({ _id: number }, { $set: { status: 'valid' } });
  });
});

describe('GET /api/v1/certificates/:number/qr.png', () => {
  it('is a PNG pointing at the verify page; 404 for an unknown number', async () => {
    const qr = await t.http.get(`/api/v1/certificates/${number}/qr.png`);
    expect(qr.status).toBe(200);
    expect(qr.headers['content-type']).toBe('image/png');
    expect(qr.body.subarray(0, 4).toString('hex')).toBe('89504e47');
    expect((await t.http.get('/api/v1/certificates/JY45020320269999/qr.png')).status).toBe(404);
  });
});
