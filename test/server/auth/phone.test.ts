// Phone + SMS code sign-in (issue 15 point 1) through the Tencent Cloud SMS fake, which checks the
// TC3-HMAC-SHA256 signature; and the join with the mini-program account that binds the phone.
import { SmsCodeModel } from '../../../server/src/models/SmsCode';
import { UserModel } from '../../../server/src/models/User';
import { tc3Authorization } from '../../../server/src/services/tc3';
import { createTestApp, type TestApp } from '../../support/app';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

const send = (phone: string) => t.http.post('/api/v1/auth/sms/send').send({ phone });
const signIn = (phone: string, code: string) => t.http.post('/api/v1/auth/sms/login').send({ phone, code });
const wrong = (code: string) => (code === '000000' ? '000001' : '000000');

describe('POST /api/v1/auth/sms/send', () => {
  it('400 for a number that is not a mainland mobile', async () => {
    const res = await send('12345');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('请输入 11 位手机号');
  });

  it('sends a 6-digit code through the provider, stored only as a hash; one a minute per phone', async () => {
    const res = await send('13800000001');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ expiresInSeconds: 300, resendAfterSeconds: 60 });
    const code = t.sms.lastCode('13800000001')!;
    expect(code).toMatch(/^\d{6}$/);
    expect(t.sms.outbox.at(-1)).toMatchObject({ phone: '13800000001', params: [code, '5'], signName: '食品小作坊服务' });
    const stored = await SmsCodeModel.find().lean();
    expect(JSON.stringify(stored)).not.toContain(code);
    expect(JSON.stringify(stored)).not.toContain('13800000001');

    const again = await send('13800000001');
    expect(again.status).toBe(429);
    expect(again.body.error).toMatchObject({ code: 'auth.sms_too_soon' });
    expect(again.body.error.message).toMatch(/^验证码发送过于频繁，请 \d+ 秒后再试$/);
    expect(t.sms.outbox.filter((m) => m.phone === '13800000001')).toHaveLength(1);
  });
});

describe('POST /api/v1/auth/sms/login', () => {
  it('400 for a code that is not 6 digits, or before any code was sent', async () => {
    expect((await signIn('13800000002', '12')).status).toBe(400);
    const none = await signIn('13800000002', '123456');
    expect(none.status).toBe(400);
    expect(none.body.error).toMatchObject({ code: 'auth.sms_code_expired', message: '验证码已过期或未获取，请重新获取' });
  });

  it('a wrong code says how many tries are left; the right one signs in once; the same phone is the same user', async () => {
    await send('13800000003').expect(200);
    const code = t.sms.lastCode('13800000003')!;
    const bad = await signIn('13800000003', wrong(code));
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'auth.sms_code_invalid', message: '验证码错误，还可尝试 4 次' });
    const ok = await signIn('13800000003', code);
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ roles: ['citizen'], phone: '138****0003' });
    expect((await signIn('13800000003', code)).body.error.code).toBe('auth.sms_code_expired'); // used up

    await SmsCodeModel.updateMany({}, { $set: { sentAt: new Date(0) } }); // a minute later
    await send('13800000003').expect(200);
    const again = await signIn('13800000003', t.sms.lastCode('13800000003')!);
    expect(again.body.user.id).toBe(ok.body.user.id);
  });

  it('an expired code is refused', async () => {
    await send('13800000004').expect(200);
    const code = t.sms.lastCode('13800000004')!;
    await SmsCodeModel.updateMany({}, { $set: { expiresAt: new Date(Date.now() - 1000) } }); // five minutes later
    const res = await signIn('13800000004', code);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('auth.sms_code_expired');
  });

  it('five wrong tries use the code up: the right one is refused then', async () => {
    await send('13800000005').expect(200);
    const code = t.sms.lastCode('13800000005')!;
    for (let i = 0; i < 4; i++) expect((await signIn('13800000005', wrong(code))).status).toBe(400);
    const fifth = await signIn('13800000005', wrong(code));
    expect(fifth.status).toBe(429);
    expect(fifth.body.error).toMatchObject({ code: 'auth.sms_code_exhausted', message: '验证码错误次数过多，请重新获取' });
    expect((await signIn('13800000005', code)).status).toBe(429);
  });

  it('403 for a disabled account', async () => {
    await SmsCodeModel.updateMany({}, { $set: { sentAt: new Date(0) } });
    await send('13800000003').expect(200);
    const first = await signIn('13800000003', t.sms.lastCode('13800000003')!);
    await UserModel.updateOne({ _id: first.body.user.id }, { $set: { disabled: true } });
    await SmsCodeModel.updateMany({}, { $set: { sentAt: new Date(0) } });
    await send('13800000003').expect(200);
    const res = await signIn('13800000003', t.sms.lastCode('13800000003')!);
    expect(res.status).toBe(403);
    await UserModel.updateOne({ _id: first.body.user.id }, { $set: { disabled: false } });
  });
});

describe('the SMS fake checks the TC3-HMAC-SHA256 signature', () => {
  const payload = JSON.stringify({ PhoneNumberSet: ['+8613800000009'], SmsSdkAppId: t?.sms?.sdkAppId ?? '1400000000', SignName: '食品小作坊服务', TemplateId: '1000001', TemplateParamSet: ['123456', '5'] });
  const post = (body: string, auth: string, timestamp: number) => fetch(t.sms.url, {
    method: 'POST', body,
    headers: { Authorization: auth, 'Content-Type': 'application/json; charset=utf-8', 'X-TC-Action': 'SendSms', 'X-TC-Version': '2021-01-11', 'X-TC-Timestamp': String(timestamp) },
  }).then((r) => r.json() as Promise<{ Response: { Error?: { Code: string }; SendStatusSet?: { Code: string }[] } }>);

  it('accepts a signed request and refuses a tampered body, a wrong key or an old timestamp', async () => {
    const now = Math.floor(Date.now() / 1000);
    const host = new URL(t.sms.url).host;
    const sign = (body: string, key = t.sms.secretKey, ts = now) =>
      tc3Authorization({ secretId: t.sms.secretId, secretKey: key, service: 'sms', host, payload: body, timestamp: ts });
    expect((await post(payload, sign(payload), now)).Response.SendStatusSet?.[0].Code).toBe('Ok');
    const tampered = payload.replace('13800000009', '13900000009');
    expect((await post(tampered, sign(payload), now)).Response.Error?.Code).toBe('AuthFailure.SignatureFailure');
    expect((await post(payload, sign(payload, 'another-key'), now)).Response.Error?.Code).toBe('AuthFailure.SignatureFailure');
    expect((await post(payload, sign(payload, undefined, now - 600), now - 600)).Response.Error?.Code).toBe('AuthFailure.SignatureExpire');
    expect(t.sms.outbox.filter((m) => m.phone === '13900000009')).toHaveLength(0);
  });
});

describe('POST /api/v1/me/phone: the mini-program account binds the phone', () => {
  it('401 without a user; then the web phone sign-in reaches the WeChat account', async () => {
    expect((await t.http.post('/api/v1/me/phone').send({ phone: '13800000006', code: '123456' })).status).toBe(401);
    const wx = await t.http.post('/api/v1/auth/wechat').send({ code: t.wechat.issueCode('oOWNER-PHONE') }).expect(200);
    const auth = { Authorization: `Bearer ${wx.body.token}` };
    await send('13800000006').expect(200);
    expect((await t.http.post('/api/v1/me/phone').set(auth).send({ phone: '13800000006', code: wrong(t.sms.lastCode('13800000006')!) })).status).toBe(400);
    const bound = await t.http.post('/api/v1/me/phone').set(auth).send({ phone: '13800000006', code: t.sms.lastCode('13800000006')! });
    expect(bound.status).toBe(200);
    expect(bound.body.user.phone).toBe('138****0006');
    await SmsCodeModel.updateMany({}, { $set: { sentAt: new Date(0) } });
    await send('13800000006').expect(200);
    const web = await signIn('13800000006', t.sms.lastCode('13800000006')!);
    expect(web.status).toBe(200);
    expect(web.body.user.id).toBe(wx.body.user.id);
  });

  it('a phone first used on the web joins the WeChat account that binds it; the web-only account is closed', async () => {
    await send('13800000007').expect(200);
    const webOnly = await signIn('13800000007', t.sms.lastCode('13800000007')!);
    const wx = await t.http.post('/api/v1/auth/wechat').send({ code: t.wechat.issueCode('oOWNER-LATER') }).expect(200);
    await SmsCodeModel.updateMany({}, { $set: { sentAt: new Date(0) } });
    await send('13800000007').expect(200);
    await t.http.post('/api/v1/me/phone').set({ Authorization: `Bearer ${wx.body.token}` }).send({ phone: '13800000007', code: t.sms.lastCode('13800000007')! }).expect(200);
    expect((await t.http.get('/api/v1/me').set({ Authorization: `Bearer ${webOnly.body.token}` })).status).not.toBe(200);
    await SmsCodeModel.updateMany({}, { $set: { sentAt: new Date(0) } });
    await send('13800000007').expect(200);
    expect((await signIn('13800000007', t.sms.lastCode('13800000007')!)).body.user.id).toBe(wx.body.user.id);
  });
});
