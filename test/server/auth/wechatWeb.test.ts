// WeChat QR sign-in on the web (网站应用): the state is single use and stored hashed; the code is exchanged at
// sns/oauth2/access_token (the WeChat fake), and the account is the mini-program's when the unionid matches.
import { LoginStateModel } from '../../../server/src/models/LoginState';
import { createTestApp, type TestApp } from '../../support/app';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

const qr = async () => (await t.http.get('/api/v1/auth/wechat/qr').expect(200)).body as { url: string; state: string };
const callback = (code: string, state: string) => t.http.post('/api/v1/auth/wechat/web').send({ code, state });

describe('GET /api/v1/auth/wechat/qr', () => {
  it('gives the qrconnect address with the state, which is stored only as a hash', async () => {
    const { url, state } = await qr();
    const u = new URL(url);
    expect(u.pathname).toBe('/connect/qrconnect');
    expect(u.searchParams.get('appid')).toBe(t.wechat.webAppId);
    expect(u.searchParams.get('scope')).toBe('snsapi_login');
    expect(u.searchParams.get('state')).toBe(state);
    expect(u.searchParams.get('redirect_uri')).toBe(`${t.config.publicBaseUrl}/pages/login/index`);
    expect(u.hash).toBe('#wechat_redirect');
    expect(JSON.stringify(await LoginStateModel.find().lean())).not.toContain(state);
  });

  it('an expired state is refused, and swept when a new QR is asked for', async () => {
    const { state } = await qr();
    await LoginStateModel.updateMany({}, { $set: { expiresAt: new Date(Date.now() - 1000) } }); // ten minutes later
    const res = await callback(t.wechat.issueWebCode({ openid: 'oWEB-9', unionid: 'oUNION-9' }), state);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('auth.wechat_state_invalid');
    await qr();
    expect(await LoginStateModel.countDocuments({})).toBe(1);
  });
});

describe('POST /api/v1/auth/wechat/web', () => {
  it('400 for a malformed body or an unknown state', async () => {
    expect((await t.http.post('/api/v1/auth/wechat/web').send({ code: 'x' })).status).toBe(400);
    const res = await callback(t.wechat.issueWebCode({ openid: 'oWEB-1', unionid: 'oUNION-1' }), 'A'.repeat(32));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'auth.wechat_state_invalid', message: '扫码登录已失效，请重新扫码' });
  });

  it('401 for a code WeChat does not know', async () => {
    const { state } = await qr();
    const res = await callback('made-up-code', state);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('auth.wechat_code_invalid');
  });

  it('follows the scan (qrconnect redirects with code and state), signs in as the mini-program account of the same unionid; the state is single use', async () => {
    const wx = await t.http.post('/api/v1/auth/wechat').send({ code: t.wechat.issueCode('oMINI-2', 'oUNION-2') }).expect(200);
    t.wechat.scanAs({ openid: 'oWEB-2', unionid: 'oUNION-2' });
    const { url, state } = await qr();
    const scan = await fetch(url, { redirect: 'manual' });
    expect(scan.status).toBe(302);
    const back = new URL(scan.headers.get('location')!);
    expect(back.pathname).toBe('/pages/login/index');
    expect(back.searchParams.get('state')).toBe(state);
    const res = await callback(back.searchParams.get('code')!, state);
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(wx.body.user.id);
    // The same state again (a replayed redirect), even with a fresh code: refused.
    const replay = await callback(t.wechat.issueWebCode({ openid: 'oWEB-2', unionid: 'oUNION-2' }), state);
    expect(replay.status).toBe(400);
    expect(replay.body.error.code).toBe('auth.wechat_state_invalid');
  });

  it('a web-first account becomes the mini-program account when the same person logs in there', async () => {
    const web = await callback(t.wechat.issueWebCode({ openid: 'oWEB-3', unionid: 'oUNION-3' }), (await qr()).state);
    expect(web.status).toBe(200);
    const wx = await t.http.post('/api/v1/auth/wechat').send({ code: t.wechat.issueCode('oMINI-3', 'oUNION-3') }).expect(200);
    expect(wx.body.user.id).toBe(web.body.user.id);
  });
});
