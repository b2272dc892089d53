// WeChat server API client: jscode2session for login, access_token and subscribe messages.
// The base URL is configurable so the demo and tests talk to the local fake (fakes/wechat.ts).
import { serviceUnavailable, unauthorized } from '../errors';

export interface WechatConfig { appId: string; secret: string; apiBase: string }

export interface SubscribeMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogram_state?: 'developer' | 'trial' | 'formal';
  lang?: 'zh_CN';
}

// errcodes documented for jscode2session that mean "this code is bad", not "WeChat is down".
const BAD_CODE = new Set([40029, 40163, 40226]);

export class WechatClient {
  private token: { value: string; expiresAt: number } | null = null;

  constructor(private readonly cfg: WechatConfig) {}

  async code2Session(code: string): Promise<{ openid: string; unionid?: string }> {
    const url = new URL('/sns/jscode2session', this.cfg.apiBase);
    url.search = new URLSearchParams({ appid: this.cfg.appId, secret: this.cfg.secret, js_code: code, grant_type: 'authorization_code' }).toString();
    const body = await this.getJson(url);
    if (body.errcode && BAD_CODE.has(Number(body.errcode))) throw unauthorized('auth.wechat_code_invalid');
    if (body.errcode || typeof body.openid !== 'string') throw serviceUnavailable('auth.wechat_unavailable');
    return { openid: body.openid, unionid: typeof body.unionid === 'string' ? body.unionid : undefined };
  }

  /**
   * 网站应用 (web QR sign-in): the code of the redirect after a scan → openid and unionid, through
   * sns/oauth2/access_token (and sns/userinfo when the token answer carries no unionid).
   */
  async webCode2User(web: { appId: string; secret: string }, code: string): Promise<{ openid: string; unionid: string | null }> {
    const url = new URL('/sns/oauth2/access_token', this.cfg.apiBase);
    url.search = new URLSearchParams({ appid: web.appId, secret: web.secret, code, grant_type: 'authorization_code' }).toString();
    const body = await this.getJson(url);
    if (body.errcode && BAD_CODE.has(Number(body.errcode))) throw unauthorized('auth.wechat_code_invalid');
    if (body.errcode || typeof body.openid !== 'string' || typeof body.access_token !== 'string') throw serviceUnavailable('auth.wechat_unavailable');
    if (typeof body.unionid === 'string') return { openid: body.openid, unionid: body.unionid };
    const info = new URL('/sns/userinfo', this.cfg.apiBase);
    info.search = new URLSearchParams({ access_token: body.access_token, openid: body.openid }).toString();
    const user = await this.getJson(info);
    return { openid: body.openid, unionid: typeof user.unionid === 'string' ? user.unionid : null };
  }

  async sendSubscribeMessage(msg: SubscribeMessage): Promise<{ ok: boolean; errcode: number; errmsg: string }> {
    const send = async () => {
      const url = new URL('/cgi-bin/message/subscribe/send', this.cfg.apiBase);
      url.search = new URLSearchParams({ access_token: await this.accessToken() }).toString();
      return this.postJson(url, msg);
    };
    let body = await send();
    if (body.errcode === 40001 || body.errcode === 42001) { // token revoked or expired early: once more
      this.token = null;
      body = await send();
    }
    const errcode = Number(body.errcode ?? 0);
    return { ok: errcode === 0, errcode, errmsg: String(body.errmsg ?? '') };
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > Date.now() + 60_000) return this.token.value;
    const url = new URL('/cgi-bin/token', this.cfg.apiBase);
    url.search = new URLSearchParams({ grant_type: 'client_credential', appid: this.cfg.appId, secret: this.cfg.secret }).toString();
    const body = await this.getJson(url);
    if (typeof body.access_token !== 'string') throw serviceUnavailable('auth.wechat_unavailable');
    this.token = { value: body.access_token, expiresAt: Date.now() + Number(body.expires_in ?? 7200) * 1000 };
    return this.token.value;
  }

  private async getJson(url: URL): Promise<Record<string, unknown>> {
    return this.fetchJson(url, { method: 'GET' });
  }

  private async postJson(url: URL, payload: unknown): Promise<Record<string, unknown>> {
    return this.fetchJson(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  }

  private async fetchJson(url: URL, init: RequestInit): Promise<Record<string, unknown>> {
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
      return (await res.json()) as Record<string, unknown>;
    } catch {
      throw serviceUnavailable('auth.wechat_unavailable');
    }
  }
}
