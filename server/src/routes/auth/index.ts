import { DevLoginBody, MeResponse, RedeemInviteWebBody, SessionResponse, WechatLoginBody } from '@shared/schemas/auth';
import type { Role } from '@shared/domain/roles';
import { REGIONAL_ROLES, ROLE_LABELS } from '@shared/domain/roles';
import type { ApiRouter } from '../../http/api';
import { badRequest, conflict, forbidden } from '../../errors';
import { UserModel } from '../../models/User';
import { IdentityModel } from '../../models/Identity';
import { StaffInviteModel } from '../../models/StaffInvite';
import { presentUser } from '../../presenters/user';
import { hashPassword, totpStep } from '../../services/staffAuth';
import { sessionBody } from './session';
import { webAuthRoutes } from './web';
import { audit } from '../../services/audit';
import { isDuplicateKey } from '../../db/sequence';
import { demoOpenid } from '../../seed/demo';
import { routeIpLimit } from '../../middlewares/rateLimit';
import { assertNotLocked, clearFailures, recordFailure } from '../../services/lockout';

// Logins per client IP: each costs a call to WeChat and may create a user.
const loginLimit = routeIpLimit('login', (c) => ({ points: c.rateLimit.loginPerMin, durationSec: 60 }));

/** Finds or creates the user of an openid. Two first logins at once: the unique openid index lets
 * one insert win, and the other finds what it inserted. */
async function upsertUser(openid: string, init: { name: string; roles: Role[]; region?: string | null }) {
  const update = { $setOnInsert: { openid, ...init }, $set: { lastLoginAt: new Date() } };
  try {
    return await UserModel.findOneAndUpdate({ openid }, update, { upsert: true, returnDocument: 'after' });
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    return UserModel.findOneAndUpdate({ openid }, { $set: { lastLoginAt: new Date() } }, { returnDocument: 'after' });
  }
}

export function authRoutes(api: ApiRouter, opts: { devLogin: boolean }) {
  api.route('post', '/auth/wechat', {
    summary: '微信登录：用 wx.login 的 code 换取会话', tags: ['登录'], auth: false,
    body: WechatLoginBody, response: SessionResponse, errors: [401, 403, 503],
  }, async (ctx) => {
    const { openid, unionid } = await ctx.services.wechat.code2Session(ctx.input.body.code);
    // The same person signed in on the web by QR first (same unionid): that account, now with this openid.
    const joined = unionid ? await IdentityModel.findById(`unionid:${unionid}`).lean() : null;
    let user = joined ? await UserModel.findById(joined.userId) : null;
    if (user && user.openid !== openid) {
      if (!user.openid.startsWith('web:') || await UserModel.exists({ openid })) user = null; // keep the mini-program's own account
      else user = await UserModel.findOneAndUpdate({ _id: user._id }, { $set: { openid, lastLoginAt: new Date() } }, { returnDocument: 'after' });
    }
    if (!user) {
      user = await upsertUser(openid, { name: '微信用户', roles: ['citizen'] });
      if (unionid && !user!.unionid) {
        await UserModel.updateOne({ _id: user!._id }, { $set: { unionid } });
        await IdentityModel.create({ _id: `unionid:${unionid}`, userId: String(user!._id) }).catch(() => undefined);
      }
    }
    if (user!.disabled) throw forbidden('auth.account_disabled');
    ctx.body = sessionBody(ctx, user!);
  }, loginLimit);

  // Demo and test login, mounted only when DEV_LOGIN=1: picks a role without WeChat.
  if (opts.devLogin) {
    api.route('post', '/auth/dev', {
      summary: '演示登录（仅 DEV_LOGIN=1 时存在）', tags: ['登录'], auth: false,
      body: DevLoginBody, response: SessionResponse,
    }, async (ctx) => {
      const { role, name } = ctx.input.body;
      // The schema requires a region for the regional roles.
      const region = REGIONAL_ROLES.includes(role) ? ctx.input.body.region! : null;
      const openid = demoOpenid(role, region, name);
      const roles: Role[] = role === 'citizen' ? ['citizen'] : ['citizen', role];
      const user = await upsertUser(openid, { name: name ?? `演示${ROLE_LABELS[role]}`, roles, region });
      ctx.body = sessionBody(ctx, user!);
    }, loginLimit);
  }

  api.route('get', '/me', { summary: '当前用户', tags: ['登录'], auth: true, response: MeResponse }, (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { user: presentUser(ctx.state.user!, (c) => ctx.services.regions.name(c)) };
  });

  // Logging out ends every session of the user (all devices): the epoch their tokens carry is raised.
  api.route('post', '/auth/logout', {
    summary: '退出登录（此前签发的所有登录凭证随即失效）', tags: ['登录'], auth: true, status: 204,
  }, async (ctx) => {
    await UserModel.updateOne({ _id: ctx.state.user!._id }, { $inc: { sessionEpoch: 1 } });
    ctx.status = 204;
  });

  api.route('post', '/auth/redeem-invite', {
    summary: '工作人员领取邀请（获得角色与管辖区域）', tags: ['登录'], auth: true,
    body: RedeemInviteWebBody, response: MeResponse, errors: [409, 422],
  }, async (ctx) => {
    const user = ctx.state.user!;
    const now = new Date();
    const code = ctx.input.body.code.toUpperCase();
    // Web sign-in set up with the invite: the code of the secret from /auth/staff/totp/setup, then the account
    // name (unique), before the invite is spent.
    const { account, password, totpCode } = ctx.input.body;
    let totpLastStep: number | null = null;
    if (account && password && totpCode) {
      if (user.account) throw conflict('auth.account_fixed');
      if (!user.totpPendingEnc) throw conflict('auth.totp_not_started');
      totpLastStep = totpStep(ctx.services.cipher.decrypt(user.totpPendingEnc), totpCode);
      if (totpLastStep === null) throw badRequest('auth.totp_invalid');
      if (await IdentityModel.exists({ _id: `account:${account}` })) throw conflict('auth.account_taken');
    }
    // An invite code is the staff's only secret: wrong codes in a row lock this user's redeeming for a while.
    const lockKey = `invite:${user._id}`;
    await assertNotLocked(lockKey, '邀请码', now.getTime());
    // An invite is redeemed once, by one user, even when two redeem it at the same moment: one
    // conditional update on the unredeemed invite.
    const invite = await StaffInviteModel.findOneAndUpdate(
      { code, redeemedBy: null, expiresAt: { $gt: now } },
      { $set: { redeemedBy: String(user._id), redeemedAt: now } },
      { returnDocument: 'after' },
    );
    let linked = false;
    if (!invite) {
      const lock = await recordFailure(lockKey, ctx.services.config.inviteLockout, '邀请码', now.getTime());
      if (lock) {
        await audit(ctx, { action: 'staff.invite_locked', subjectType: 'User', subjectId: String(user._id), after: { lockedUntil: new Date(now.getTime() + ctx.services.config.inviteLockout.lockMs).toISOString() } });
        throw lock;
      }
      throw badRequest('staff.invite_invalid');
    }
    await clearFailures(lockKey);
    const web: Record<string, unknown> = {};
    if (account && password && totpLastStep !== null) {
      try {
        await IdentityModel.create({ _id: `account:${account}`, userId: String(user._id) });
        linked = true;
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
      // The invite is spent either way (it was this person's); a taken account name is set later from 我的.
      if (linked) Object.assign(web, { account, passwordHash: await hashPassword(password), totpSecretEnc: user.totpPendingEnc, totpPendingEnc: null, totpLastStep });
    }
    const before = { roles: [...user.roles], region: user.region };
    const roles = Array.from(new Set([...user.roles, invite.role]));
    await UserModel.updateOne({ _id: user._id }, { $set: { roles, region: invite.region, name: invite.name, ...web } });
    user.roles = roles; user.region = invite.region; user.name = invite.name;
    await audit(ctx, { action: 'staff.invite_redeemed', subjectType: 'User', subjectId: String(user._id), before, after: { roles, region: invite.region }, region: invite.region });
    if (account && !linked) throw conflict('auth.account_taken', '已成为工作人员，但该登录账号已被使用：请在“我的 → 网页登录”另设账号');
    ctx.body = { user: presentUser(user, (c) => ctx.services.regions.name(c)) };
  });

  webAuthRoutes(api);
}
