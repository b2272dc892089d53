// A local stand-in for the WeChat server API (api.weixin.qq.com) used by the demo and the tests.
// It keeps the real request and response fields and errcodes: codes are issued for an openid,
// valid once and for five minutes; access tokens expire; subscribe messages are validated and kept
// in an outbox that tests and the demo can read.
import { randomBytes } from 'node:crypto';
import { listenLoopback, readBody, sendJson, type FakeServer } from './http';

export interface OutboxMessage {
  msgid: number;
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  at: string;
}

export interface WechatFake extends FakeServer {
  appId: string;
  secret: string;
  /** What wx.login would hand the mini-program for this user (with the unionid of the open platform account). */
  issueCode(openid: string, unionid?: string): string;
  /** 网站应用 (web QR sign-in): its appid and secret. */
  webAppId: string;
  webSecret: string;
  /** Who "scans" the next qrconnect page (default: the demo owner's WeChat). */
  scanAs(who: WebUser): void;
  /** A web authorization code for this person, as the redirect after a scan carries. */
  issueWebCode(who: WebUser): string;
  outbox: OutboxMessage[];
  /** Makes the next access token invalid, as when another server refreshes it. */
  revokeTokens(): void;
}

export interface WebUser { openid: string; unionid: string; nickname?: string }

/** Who the demo's qrconnect page signs in: the same person (unionid) as the demo owner's mini-program. */
export const DEMO_WEB_USER: WebUser = { openid: 'oWEB-demo-owner', unionid: 'oUNION-demo-owner', nickname: '演示作坊业主' };

const CODE_TTL_MS = 5 * 60_000;
const TOKEN_TTL_S = 7200;

export async function startWechatFake(opts: { appId?: string; secret?: string } = {}): Promise<WechatFake> {
  const appId = opts.appId ?? 'wx0000000000000000';
  const secret = opts.secret ?? 'dev-secret';
  const webAppId = 'wxweb000000000000';
  const webSecret = 'dev-web-secret';
  const codes = new Map<string, { openid: string; unionid?: string; expires: number; used: boolean }>();
  const webCodes = new Map<string, { who: WebUser; expires: number; used: boolean }>();
  const webTokens = new Map<string, { who: WebUser; expires: number }>();
  let scanner: WebUser = DEMO_WEB_USER;
  const issueWebCode = (who: WebUser) => {
    const code = randomBytes(16).toString('hex');
    webCodes.set(code, { who, expires: Date.now() + CODE_TTL_MS, used: false });
    return code;
  };
  const tokens = new Map<string, number>();
  const outbox: OutboxMessage[] = [];
  let msgid = 1000;

  const server = await listenLoopback(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const q = url.searchParams;
    if (req.method === 'GET' && url.pathname === '/sns/jscode2session') {
      if (q.get('appid') !== appId) return sendJson(res, 200, { errcode: 40013, errmsg: 'invalid appid' });
      if (q.get('secret') !== secret) return sendJson(res, 200, { errcode: 40125, errmsg: 'invalid appsecret' });
      if (q.get('grant_type') !== 'authorization_code') return sendJson(res, 200, { errcode: 40002, errmsg: 'invalid grant_type' });
      const entry = codes.get(q.get('js_code') ?? '');
      if (!entry || entry.expires < Date.now()) return sendJson(res, 200, { errcode: 40029, errmsg: 'invalid code' });
      if (entry.used) return sendJson(res, 200, { errcode: 40163, errmsg: 'code been used' });
      entry.used = true;
      return sendJson(res, 200, { openid: entry.openid, session_key: randomBytes(16).toString('base64'), ...(entry.unionid ? { unionid: entry.unionid } : {}) });
    }
    // 网站应用: the QR page (open.weixin.qq.com/connect/qrconnect). The fake has no phone to scan with: the
    // page "is scanned" by the configured person and redirects to redirect_uri with a code and the state.
    if (req.method === 'GET' && url.pathname === '/connect/qrconnect') {
      if (q.get('appid') !== webAppId) return sendJson(res, 200, { errcode: 40013, errmsg: 'invalid appid' });
      if (q.get('response_type') !== 'code' || q.get('scope') !== 'snsapi_login') return sendJson(res, 200, { errcode: 10003, errmsg: 'invalid scope or response_type' });
      const redirect = q.get('redirect_uri');
      if (!redirect || !/^https?:\/\//.test(redirect)) return sendJson(res, 200, { errcode: 10003, errmsg: 'redirect_uri invalid' });
      const target = new URL(redirect);
      target.searchParams.set('code', issueWebCode(scanner));
      target.searchParams.set('state', q.get('state') ?? '');
      res.writeHead(302, { location: target.toString() });
      return res.end();
    }
    if (req.method === 'GET' && url.pathname === '/sns/oauth2/access_token') {
      if (q.get('appid') !== webAppId) return sendJson(res, 200, { errcode: 40013, errmsg: 'invalid appid' });
      if (q.get('secret') !== webSecret) return sendJson(res, 200, { errcode: 40125, errmsg: 'invalid appsecret' });
      if (q.get('grant_type') !== 'authorization_code') return sendJson(res, 200, { errcode: 40002, errmsg: 'invalid grant_type' });
      const entry = webCodes.get(q.get('code') ?? '');
      if (!entry || entry.expires < Date.now()) return sendJson(res, 200, { errcode: 40029, errmsg: 'invalid code' });
      if (entry.used) return sendJson(res, 200, { errcode: 40163, errmsg: 'code been used' });
      entry.used = true;
      const token = randomBytes(24).toString('hex');
      webTokens.set(token, { who: entry.who, expires: Date.now() + TOKEN_TTL_S * 1000 });
      return sendJson(res, 200, { access_token: token, expires_in: TOKEN_TTL_S, refresh_token: randomBytes(24).toString('hex'), openid: entry.who.openid, scope: 'snsapi_login', unionid: entry.who.unionid });
    }
    if (req.method === 'GET' && url.pathname === '/sns/userinfo') {
      const t = webTokens.get(q.get('access_token') ?? '');
      if (!t || t.expires < Date.now()) return sendJson(res, 200, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
      if (q.get('openid') !== t.who.openid) return sendJson(res, 200, { errcode: 40003, errmsg: 'invalid openid' });
      return sendJson(res, 200, { openid: t.who.openid, nickname: t.who.nickname ?? '微信用户', sex: 0, province: '', city: '', country: '', headimgurl: '', privilege: [], unionid: t.who.unionid });
    }
    if (req.method === 'GET' && url.pathname === '/cgi-bin/token') {
      if (q.get('grant_type') !== 'client_credential') return sendJson(res, 200, { errcode: 40002, errmsg: 'invalid grant_type' });
      if (q.get('appid') !== appId) return sendJson(res, 200, { errcode: 40013, errmsg: 'invalid appid' });
      if (q.get('secret') !== secret) return sendJson(res, 200, { errcode: 40001, errmsg: 'invalid credential' });
      const token = randomBytes(24).toString('hex');
      tokens.set(token, Date.now() + TOKEN_TTL_S * 1000);
      return sendJson(res, 200, { access_token: token, expires_in: TOKEN_TTL_S });
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/message/subscribe/send') {
      const exp = tokens.get(q.get('access_token') ?? '');
      if (!exp) return sendJson(res, 200, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
      if (exp < Date.now()) return sendJson(res, 200, { errcode: 42001, errmsg: 'access_token expired' });
      let body: Record<string, unknown>;
      try { body = JSON.parse((await readBody(req)).toString('utf8')); } catch { return sendJson(res, 200, { errcode: 47001, errmsg: 'data format error' }); }
      if (typeof body.touser !== 'string' || !body.touser) return sendJson(res, 200, { errcode: 40003, errmsg: 'invalid openid' });
      if (typeof body.template_id !== 'string' || !body.template_id) return sendJson(res, 200, { errcode: 40037, errmsg: 'invalid template_id' });
      if (!body.data || typeof body.data !== 'object') return sendJson(res, 200, { errcode: 47003, errmsg: 'argument invalid! data is empty' });
      for (const [k, v] of Object.entries(body.data as Record<string, unknown>)) {
        if (!v || typeof (v as { value?: unknown }).value !== 'string') {
          return sendJson(res, 200, { errcode: 47003, errmsg: `argument invalid! data.${k}.value invalid` });
        }
      }
      const id = ++msgid;
      outbox.push({ msgid: id, touser: body.touser, template_id: body.template_id, page: body.page as string | undefined, data: body.data as OutboxMessage['data'], at: new Date().toISOString() });
      return sendJson(res, 200, { errcode: 0, errmsg: 'ok', msgid: id });
    }
    if (req.method === 'GET' && url.pathname === '/__fake/outbox') return sendJson(res, 200, { outbox });
    return sendJson(res, 404, { errcode: -1, errmsg: 'not found' });
  });

  return {
    ...server,
    appId,
    secret,
    outbox,
    webAppId,
    webSecret,
    issueCode(openid: string, unionid?: string) {
      const code = randomBytes(16).toString('hex');
      codes.set(code, { openid, unionid, expires: Date.now() + CODE_TTL_MS, used: false });
      return code;
    },
    scanAs(who: WebUser) { scanner = who; },
    issueWebCode,
    revokeTokens() { tokens.clear(); },
  };
}
