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
  /** What wx.login would hand the mini-program for this user. */
  issueCode(openid: string): string;
  outbox: OutboxMessage[];
  /** Makes the next access token invalid, as when another server refreshes it. */
  revokeTokens(): void;
}

const CODE_TTL_MS = 5 * 60_000;
const TOKEN_TTL_S = 7200;

export async function startWechatFake(opts: { appId?: string; secret?: string } = {}): Promise<WechatFake> {
  const appId = opts.appId ?? 'wx0000000000000000';
  const secret = opts.secret ?? 'dev-secret';
  const codes = new Map<string, { openid: string; expires: number; used: boolean }>();
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
      return sendJson(res, 200, { openid: entry.openid, session_key: randomBytes(16).toString('base64') });
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
    issueCode(openid: string) {
      const code = randomBytes(16).toString('hex');
      codes.set(code, { openid, expires: Date.now() + CODE_TTL_MS, used: false });
      return code;
    },
    revokeTokens() { tokens.clear(); },
  };
}
