// Web sign-in on the H5 portal (issue 15 point 1): staff by account + password + TOTP, citizens and owners
// by phone + SMS code or by WeChat QR (网站应用), joined to the mini-program's account by phone or unionid.
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  BindPhoneBody, EnrolTotpBody, MeResponse, SessionResponse, SetPasswordBody, SmsLoginBody, SmsSendBody, SmsSentResponse,
  StaffAccountStateResponse, StaffLoginBody, TotpSetupResponse, WebSignInView, WechatQrResponse, WechatWebLoginBody,
} from '@shared/schemas/auth';
import { maskPhone } from '@shared/domain/mask';
import type { Role } from '@shared/domain/roles';
import type { ApiRouter } from '../../http/api';
import type { AppContext } from '../../http/types';
import { AppError, badRequest, conflict, forbidden, notFound, serviceUnavailable, unauthorized } from '../../errors';
import { isDuplicateKey } from '../../db/sequence';
import { IdentityModel } from '../../models/Identity';
import { LoginStateModel } from '../../models/LoginState';
import { UserModel, type UserDoc } from '../../models/User';
import { audit } from '../../services/audit';
import { assertNotLocked, clearFailures, recordFailure } from '../../services/lockout';
import { checkSmsCode, phoneKey, sendSmsCode } from '../../services/smsCodes';
import { consumeTotp, hashPassword, newTotpSecret, totpStep, totpUri, verifyPassword } from '../../services/staffAuth';
import { routeIpLimit } from '../../middlewares/rateLimit';
import { authorize } from '../../policies';
import { presentUser } from '../../presenters/user';
import { sessionBody } from './session';

const STAFF_ROLES: Role[] = ['trainer', 'inspector', 'admin'];
const LOCK_WHAT = '密码或动态验证码';
const QR_STATE_TTL_MS = 10 * 60_000;

const loginLimit = routeIpLimit('login', (c) => ({ points: c.rateLimit.loginPerMin, durationSec: 60 }));
const smsLimit = routeIpLimit('sms', (c) => ({ points: c.sms?.perIpPerHour ?? 20, durationSec: 3600 }));

export const staffLockKey = (account: string) => `staff:${account}`;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const isStaff = (u: UserDoc) => u.roles.some((r) => STAFF_ROLES.includes(r as Role));

/** A wrong secret of a staff account: counted; the fifth in the window locks the account (429 says until when). */
async function failStaff(ctx: AppContext, account: string, userId: string | null, error: AppError, region: string | null = null): Promise<never> {
  const now = Date.now();
  const lock = await recordFailure(staffLockKey(account), ctx.services.config.staffLockout, LOCK_WHAT, now);
  if (lock) {
    await audit(ctx, { action: 'auth.staff_locked', subjectType: 'User', subjectId: userId ?? `account:${account}`, after: { lockedUntil: new Date(now + ctx.services.config.staffLockout.lockMs).toISOString() }, region });
    throw lock;
  }
  throw error;
}

/** The user of an identity ("phone:…", "unionid:…", "account:…"), or null. */
async function userOf(identity: string): Promise<UserDoc | null> {
  const id = await IdentityModel.findById(identity).lean();
  return id ? UserModel.findById(id.userId) : null;
}

/** Links an identity to a user; when two link at once the unique _id keeps the first. Returns the owner. */
async function link(identity: string, userId: string): Promise<string> {
  try {
    await IdentityModel.create({ _id: identity, userId });
    return userId;
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    return (await IdentityModel.findById(identity).lean())!.userId;
  }
}

export function webAuthRoutes(api: ApiRouter) {
  // --- staff: account + password + TOTP -------------------------------------------------------------
  api.route('post', '/auth/staff/login', {
    summary: '工作人员网页登录：账号、密码与动态验证码（连续 5 次错误锁定 15 分钟）', tags: ['登录'], auth: false,
    body: StaffLoginBody, response: SessionResponse, errors: [401, 403],
  }, async (ctx) => {
    const { account, password, code } = ctx.input.body;
    await assertNotLocked(staffLockKey(account), LOCK_WHAT);
    const user = await userOf(`account:${account}`);
    // The password is checked even without an account (same time either way); the answer never says which part was wrong.
    const passwordOk = await verifyPassword(user?.passwordHash, password);
    if (!user || !passwordOk || !isStaff(user) || !(await consumeTotp(user, ctx.services.cipher, code))) {
      return failStaff(ctx, account, user ? String(user._id) : null, unauthorized('auth.login_failed'), user?.region ?? null);
    }
    if (user.disabled) throw forbidden('auth.account_disabled');
    await clearFailures(staffLockKey(account));
    await UserModel.updateOne({ _id: user._id }, { $set: { lastLoginAt: new Date() } });
    ctx.state.user = user;
    await audit(ctx, { action: 'auth.staff_login', subjectType: 'User', subjectId: String(user._id) });
    ctx.body = sessionBody(ctx, user);
  }, loginLimit);

  api.route('get', '/auth/staff/settings', {
    summary: '我的网页登录设置（账号、是否已设密码和动态验证码）', tags: ['登录'], auth: STAFF_ROLES, response: WebSignInView,
  }, (ctx) => {
    const u = ctx.state.user!;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { account: u.account ?? null, password: !!u.passwordHash, totp: !!u.totpSecretEnc };
  });

  // A new secret to add to an authenticator app; it takes effect once a code from it is entered
  // (PUT /auth/staff/totp, or POST /auth/redeem-invite for a new staff member, who has no staff role yet).
  api.route('post', '/auth/staff/totp/setup', {
    summary: '生成新的动态验证码密钥（输入验证码确认后生效）', tags: ['登录'], auth: true, response: TotpSetupResponse,
  }, async (ctx) => {
    const u = ctx.state.user!;
    const secret = newTotpSecret();
    await UserModel.updateOne({ _id: u._id }, { $set: { totpPendingEnc: ctx.services.cipher.encrypt(secret) } });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { secret, uri: totpUri(secret, u.account ?? u.name) };
  });

  api.route('put', '/auth/staff/totp', {
    summary: '绑定或更换动态验证码（已绑定时须输入当前验证码）', tags: ['登录'], auth: STAFF_ROLES,
    body: EnrolTotpBody, status: 204, errors: [409, 429],
  }, async (ctx) => {
    const user = ctx.state.user!;
    const { currentCode, code } = ctx.input.body;
    if (!user.totpPendingEnc) throw conflict('auth.totp_not_started');
    const lockKey = staffLockKey(user.account ?? String(user._id));
    await assertNotLocked(lockKey, LOCK_WHAT);
    if (user.totpSecretEnc && !(currentCode && await consumeTotp(user, ctx.services.cipher, currentCode))) {
      return failStaff(ctx, user.account ?? String(user._id), String(user._id), badRequest('auth.current_secret_invalid'));
    }
    const step = totpStep(ctx.services.cipher.decrypt(user.totpPendingEnc), code);
    if (step === null) throw badRequest('auth.totp_invalid');
    const res = await UserModel.updateOne({ _id: user._id, totpPendingEnc: user.totpPendingEnc },
      { $set: { totpSecretEnc: user.totpPendingEnc, totpPendingEnc: null, totpLastStep: step } });
    if (res.modifiedCount !== 1) throw conflict('auth.totp_not_started');
    await audit(ctx, { action: 'auth.totp_enrolled', subjectType: 'User', subjectId: String(user._id), after: { replaced: !!user.totpSecretEnc } });
    ctx.status = 204;
  });

  api.route('put', '/auth/staff/password', {
    summary: '设置或修改网页登录密码（首次须设置登录账号；修改须输入当前密码；其他设备随即退出）', tags: ['登录'], auth: STAFF_ROLES,
    body: SetPasswordBody, response: SessionResponse, errors: [409, 429],
  }, async (ctx) => {
    const user = ctx.state.user!;
    const { account, currentPassword, newPassword } = ctx.input.body;
    if (user.passwordHash) {
      const key = user.account ?? String(user._id);
      await assertNotLocked(staffLockKey(key), LOCK_WHAT);
      if (!currentPassword || !(await verifyPassword(user.passwordHash, currentPassword))) {
        return failStaff(ctx, key, String(user._id), badRequest('auth.current_secret_invalid'));
      }
    }
    if (user.account && account && account !== user.account) throw conflict('auth.account_fixed');
    const name = user.account ?? account;
    if (!name) throw badRequest('request.invalid', 'account：首次设置请填写登录账号');
    if (!user.account && (await link(`account:${name}`, String(user._id))) !== String(user._id)) throw conflict('auth.account_taken');
    const updated = await UserModel.findOneAndUpdate({ _id: user._id },
      { $set: { account: name, passwordHash: await hashPassword(newPassword) }, $inc: { sessionEpoch: 1 } }, { returnDocument: 'after' });
    await audit(ctx, { action: 'auth.password_set', subjectType: 'User', subjectId: String(user._id), after: { account: name } });
    ctx.body = sessionBody(ctx, updated!);
  });

  // --- admins: disable and enable a staff account ---------------------------------------------------
  const StaffParams = z.strictObject({ id: z.string().regex(/^[0-9a-f]{24}$/, '账号编号格式有误') });
  for (const action of ['disable', 'enable'] as const) {
    api.route('post', `/staff/accounts/:id/${action}`, {
      summary: action === 'disable' ? '停用工作人员账号（其已登录的设备随即失效）' : '恢复工作人员账号（须重新登录）',
      tags: ['工作人员'], auth: ['admin'], params: StaffParams, response: StaffAccountStateResponse, errors: [404],
    }, async (ctx) => {
      const target = await UserModel.findById(ctx.input.params.id);
      if (!target || !isStaff(target) || !target.region) throw notFound('staff.account_not_found');
      const role = (['admin', 'inspector', 'trainer'] as const).find((r) => target.roles.includes(r))!;
      authorize(ctx.state.user, 'staff.manage', { role, region: target.region });
      // Disabling raises the session epoch: tokens issued before stay refused after the account is enabled again.
      const update = action === 'disable' ? { $set: { disabled: true }, $inc: { sessionEpoch: 1 } } : { $set: { disabled: false } };
      const after = await UserModel.findOneAndUpdate({ _id: target._id, disabled: action === 'enable' }, update, { returnDocument: 'after' });
      if (after) await audit(ctx, { action: `staff.account_${action}d`, subjectType: 'User', subjectId: String(target._id), before: { disabled: !!target.disabled }, after: { disabled: action === 'disable' }, region: target.region });
      ctx.body = { id: String(target._id), disabled: action === 'disable' };
    });
  }

  // --- phone + SMS code -----------------------------------------------------------------------------
  api.route('post', '/auth/sms/send', {
    summary: '发送短信验证码（6 位，5 分钟内有效；同一手机号每分钟 1 次）', tags: ['登录'], auth: false,
    body: SmsSendBody, response: SmsSentResponse, errors: [503],
  }, async (ctx) => {
    ctx.body = await sendSmsCode(ctx.services, ctx.input.body.phone);
  }, smsLimit);

  api.route('post', '/auth/sms/login', {
    summary: '手机号验证码登录（与绑定该手机号的小程序账号为同一账号）', tags: ['登录'], auth: false,
    body: SmsLoginBody, response: SessionResponse, errors: [403, 503],
  }, async (ctx) => {
    const { phone, code } = ctx.input.body;
    if (!ctx.services.config.sms) throw serviceUnavailable('auth.sms_off');
    await checkSmsCode(ctx.services, phone, code);
    const key = `phone:${phoneKey(ctx.services, phone)}`;
    let user = await userOf(key);
    if (!user) {
      // A web-only account until the mini-program user binds this phone (POST /me/phone).
      const openid = key;
      const created = await UserModel.findOneAndUpdate({ openid },
        { $setOnInsert: { openid, name: '手机用户', roles: ['citizen'], phoneEnc: ctx.services.cipher.encrypt(phone), phoneMasked: maskPhone(phone) } },
        { upsert: true, returnDocument: 'after' }).catch(async (e) => { if (isDuplicateKey(e)) return UserModel.findOne({ openid }); throw e; });
      user = await UserModel.findById(await link(key, String(created!._id)));
    }
    if (!user) throw unauthorized('auth.sms_code_expired');
    if (user.disabled) throw forbidden('auth.account_disabled');
    await UserModel.updateOne({ _id: user._id }, { $set: { lastLoginAt: new Date() } });
    ctx.body = sessionBody(ctx, user);
  }, loginLimit);

  api.route('post', '/me/phone', {
    summary: '绑定手机号（此后可在网页用该手机号登录同一账号）', tags: ['登录'], auth: true,
    body: BindPhoneBody, response: MeResponse, errors: [409, 503],
  }, async (ctx) => {
    const me = ctx.state.user!;
    const { phone, code } = ctx.input.body;
    await checkSmsCode(ctx.services, phone, code);
    const key = `phone:${phoneKey(ctx.services, phone)}`;
    const owner = await link(key, String(me._id));
    if (owner !== String(me._id)) {
      const other = await UserModel.findById(owner);
      // A phone already signed in on the web only (no WeChat) joins this WeChat account: the phone now
      // signs in here, and the web-only account is closed (its sessions end).
      if (other && !other.openid.startsWith('phone:')) throw conflict('auth.phone_taken', '该手机号已绑定其他微信账号');
      await IdentityModel.updateOne({ _id: key, userId: owner }, { $set: { userId: String(me._id) } });
      if (other) await UserModel.updateOne({ _id: other._id }, { $set: { disabled: true }, $inc: { sessionEpoch: 1 } });
      await audit(ctx, { action: 'auth.phone_joined', subjectType: 'User', subjectId: String(me._id), before: { userId: owner } });
    }
    const updated = await UserModel.findOneAndUpdate({ _id: me._id },
      { $set: { phoneEnc: ctx.services.cipher.encrypt(phone), phoneMasked: maskPhone(phone) } }, { returnDocument: 'after' });
    ctx.body = { user: presentUser(updated!, (c) => ctx.services.regions.name(c)) };
  });

  // --- WeChat QR (网站应用) -------------------------------------------------------------------------
  api.route('get', '/auth/wechat/qr', {
    summary: '微信扫码登录地址（state 防伪造，10 分钟内一次有效）', tags: ['登录'], auth: false, response: WechatQrResponse, errors: [503],
  }, async (ctx) => {
    const web = ctx.services.config.wechatWeb;
    if (!web) throw serviceUnavailable('auth.wechat_web_off');
    const state = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + QR_STATE_TTL_MS);
    await LoginStateModel.deleteMany({ expiresAt: { $lt: new Date() } }); // QRs never scanned
    await LoginStateModel.create({ _id: sha256(state), expiresAt });
    const url = new URL('/connect/qrconnect', web.openBase);
    url.search = new URLSearchParams({
      appid: web.appId, redirect_uri: `${ctx.services.config.publicBaseUrl}/pages/login/index`,
      response_type: 'code', scope: 'snsapi_login', state,
    }).toString();
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { url: `${url.toString()}#wechat_redirect`, state, expiresAt: expiresAt.toISOString() };
  }, loginLimit);

  api.route('post', '/auth/wechat/web', {
    summary: '微信扫码登录回调：用 code 与 state 换取会话（按 unionid 与小程序账号合一）', tags: ['登录'], auth: false,
    body: WechatWebLoginBody, response: SessionResponse, errors: [401, 403, 503],
  }, async (ctx) => {
    const web = ctx.services.config.wechatWeb;
    if (!web) throw serviceUnavailable('auth.wechat_web_off');
    const { code, state } = ctx.input.body;
    // Single use: the first callback deletes the state; a replayed or forged one finds nothing.
    const used = await LoginStateModel.findOneAndDelete({ _id: sha256(state), expiresAt: { $gt: new Date() } }).lean();
    if (!used) throw badRequest('auth.wechat_state_invalid');
    const { openid, unionid } = await ctx.services.wechat.webCode2User(web, code);
    let user = unionid ? await userOf(`unionid:${unionid}`) : null;
    if (!user) {
      const webOpenid = `web:${openid}`;
      const created = await UserModel.findOneAndUpdate({ openid: webOpenid },
        { $setOnInsert: { openid: webOpenid, name: '微信用户', roles: ['citizen'], unionid } }, { upsert: true, returnDocument: 'after' })
        .catch(async (e) => { if (isDuplicateKey(e)) return UserModel.findOne({ openid: webOpenid }); throw e; });
      user = unionid ? await UserModel.findById(await link(`unionid:${unionid}`, String(created!._id))) : created;
    }
    if (!user) throw unauthorized('auth.wechat_code_invalid');
    if (user.disabled) throw forbidden('auth.account_disabled');
    await UserModel.updateOne({ _id: user._id }, { $set: { lastLoginAt: new Date() } });
    ctx.body = sessionBody(ctx, user);
  }, loginLimit);
}
