import Taro from '@tarojs/taro';
import type { z } from 'zod';
import type { MeResponse, SessionResponse, DevLoginBody } from '@shared/schemas/auth';
import type { MetaResponse } from '@shared/schemas/system';
import type { Role } from '@shared/domain/roles';
import { clearSession, setSession, setUser } from '@/store/app';
import { ApiError, api } from './request';

// Type-only imports of the shared schemas: the types stay exact while zod itself stays out of the
// main package (it is only bundled where a page validates a form).
export type Meta = z.infer<typeof MetaResponse>;
export type Session = z.infer<typeof SessionResponse>;
export type Me = z.infer<typeof MeResponse>;
export type DevLoginInput = z.input<typeof DevLoginBody>;

export function fetchMeta(): Promise<Meta> {
  return api.get<Meta>('/meta', undefined, { toast: false });
}

/** Demo accounts of the seed data: county 鱼峰区 for most roles, the city 柳州市 for the admin. */
export const DEMO_ACCOUNTS: ReadonlyArray<{ role: Role; label: string; region: string; hint: string }> = [
  { role: 'citizen', label: '公众', region: '450203', hint: '查询信用、举报黑作坊' },
  { role: 'owner', label: '作坊业主', region: '450203', hint: '登记申请、培训报名' },
  { role: 'trainer', label: '培训讲师', region: '450203', hint: '发布课程、签到发证' },
  { role: 'inspector', label: '监管人员', region: '450203', hint: '审核登记、处理举报' },
  { role: 'admin', label: '管理员', region: '4502', hint: '配置目录、审批奖励' },
];

export async function devLogin(input: DevLoginInput): Promise<Session> {
  const session = await api.post<Session>('/auth/dev', input, { loading: '登录中', authRedirect: false });
  setSession(session.token, session.user);
  return session;
}

/** WeChat login: a one-time code from the WeChat client, exchanged by the server for a session. */
export async function wechatLogin(): Promise<Session> {
  let code: string;
  try {
    code = (await Taro.login()).code;
  } catch {
    throw new ApiError('auth.wechat_unavailable', '微信登录失败，请稍后再试', 0);
  }
  const session = await api.post<Session>('/auth/wechat', { code }, { loading: '登录中', authRedirect: false });
  setSession(session.token, session.user);
  return session;
}

// --- web sign-in (H5 portal without DEV_LOGIN) --------------------------------------------------------
const quiet = { toast: false, authRedirect: false } as const;

export function sendSmsCode(phone: string): Promise<{ expiresInSeconds: number; resendAfterSeconds: number }> {
  return api.post('/auth/sms/send', { phone }, { ...quiet, loading: '发送中' });
}

async function signedIn(p: Promise<Session>): Promise<Session> {
  const session = await p;
  setSession(session.token, session.user);
  return session;
}

export const smsLogin = (phone: string, code: string) =>
  signedIn(api.post<Session>('/auth/sms/login', { phone, code }, { ...quiet, loading: '登录中' }));

export const staffLogin = (account: string, password: string, code: string) =>
  signedIn(api.post<Session>('/auth/staff/login', { account, password, code }, { ...quiet, loading: '登录中' }));

/** The WeChat QR page address; the state is kept in this tab to check the redirect back (CSRF). */
export async function wechatQrUrl(): Promise<string> {
  const { url, state } = await api.get<{ url: string; state: string }>('/auth/wechat/qr', undefined, { ...quiet, retries: 0 });
  Taro.setStorageSync('wxWebState', state);
  return url;
}

/** Back from the WeChat QR page with ?code&state: the state must be the one this tab asked for. */
export async function wechatWebLogin(code: string, state: string): Promise<Session> {
  const mine = Taro.getStorageSync('wxWebState');
  Taro.removeStorageSync('wxWebState');
  if (!mine || mine !== state) throw new ApiError('auth.wechat_state_invalid', '扫码登录已失效，请重新扫码', 400);
  return signedIn(api.post<Session>('/auth/wechat/web', { code, state }, { ...quiet, loading: '登录中' }));
}

/** Refreshes the cached user; an invalid token just logs out quietly (the page shows 登录). */
export async function refreshMe(): Promise<Me['user'] | null> {
  try {
    const { user } = await api.get<Me>('/me', undefined, { toast: false, authRedirect: false });
    setUser(user);
    return user;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) clearSession();
    return null;
  }
}

/**
 * Forgets the session here at once, and ends it on the server (every token issued to this user stops working).
 * request() reads the token before its first await, so the call still carries it; offline, the token is
 * forgotten on this device all the same.
 */
export function logout(): void {
  api.post('/auth/logout', undefined, { toast: false, authRedirect: false }).catch(() => undefined);
  clearSession();
}
