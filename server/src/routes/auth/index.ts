import { DevLoginBody, MeResponse, RedeemInviteBody, SessionResponse, WechatLoginBody } from '@shared/schemas/auth';
import type { Role } from '@shared/domain/roles';
import { REGIONAL_ROLES, ROLE_LABELS } from '@shared/domain/roles';
import type { ApiRouter } from '../../http/api';
import type { AppContext } from '../../http/types';
import { badRequest, forbidden } from '../../errors';
import { UserModel, type UserDoc } from '../../models/User';
import { StaffInviteModel } from '../../models/StaffInvite';
import { presentUser } from '../../presenters/user';
import { issueToken } from '../../services/session';
import { audit } from '../../services/audit';
import { isDuplicateKey } from '../../db/sequence';
import { demoOpenid } from '../../seed/demo';
import { routeIpLimit } from '../../middlewares/rateLimit';
import { assertNotLocked, clearFailures, recordFailure } from '../../services/lockout';

// Logins per client IP: each costs a call to WeChat and may create a user.
const loginLimit = routeIpLimit('login', (c) => ({ points: c.rateLimit.loginPerMin, durationSec: 60 }));

function sessionBody(ctx: AppContext, user: UserDoc) {
  const { token, expiresAt } = issueToken(ctx.services.config, String(user._id), user.sessionEpoch ?? 0);
  return { token, expiresAt: expiresAt.toISOString(), user: presentUser(user, (c) => ctx.services.regions.name(c)) };
}

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
    const { openid } = await ctx.services.wechat.code2Session(ctx.input.body.code);
    const user = await upsertUser(openid, { name: '微信用户', roles: ['citizen'] });
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
    body: RedeemInviteBody, response: MeResponse, errors: [422],
  }, async (ctx) => {
    const user = ctx.state.user!;
    const now = new Date();
    const code = ctx.input.body.code.toUpperCase();
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
    if (!invite) {
      const lock = await recordFailure(lockKey, ctx.services.config.inviteLockout, '邀请码', now.getTime());
      if (lock) {
        await audit(ctx, { action: 'staff.invite_locked', subjectType: 'User', subjectId: String(user._id), after: { lockedUntil: new Date(now.getTime() + ctx.services.config.inviteLockout.lockMs).toISOString() } });
        throw lock;
      }
      throw badRequest('staff.invite_invalid');
    }
    await clearFailures(lockKey);
    const before = { roles: [...user.roles], region: user.region };
    const roles = Array.from(new Set([...user.roles, invite.role]));
    await UserModel.updateOne({ _id: user._id }, { $set: { roles, region: invite.region, name: invite.name } });
    user.roles = roles; user.region = invite.region; user.name = invite.name;
    await audit(ctx, { action: 'staff.invite_redeemed', subjectType: 'User', subjectId: String(user._id), before, after: { roles, region: invite.region } });
    ctx.body = { user: presentUser(user, (c) => ctx.services.regions.name(c)) };
  });
}
