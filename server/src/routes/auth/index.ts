import { DevLoginBody, MeResponse, RedeemInviteBody, SessionResponse, WechatLoginBody } from '@shared/schemas/auth';
import type { Role } from '@shared/domain/roles';
import { ROLE_LABELS } from '@shared/domain/roles';
import type { ApiRouter } from '../../http/api';
import type { AppContext } from '../../http/types';
import { badRequest, forbidden } from '../../errors';
import { UserModel, type UserDoc } from '../../models/User';
import { StaffInviteModel } from '../../models/StaffInvite';
import { presentUser } from '../../presenters/user';
import { issueToken } from '../../services/session';
import { audit } from '../../services/audit';
import { demoOpenid } from '../../seed/demo';

export function sessionBody(ctx: AppContext, user: UserDoc) {
  const { token, expiresAt } = issueToken(ctx.services.config, String(user._id));
  return { token, expiresAt: expiresAt.toISOString(), user: presentUser(user, (c) => ctx.services.regions.name(c)) };
}

export function authRoutes(api: ApiRouter, opts: { devLogin: boolean }) {
  api.route('post', '/auth/wechat', {
    summary: '微信登录：用 wx.login 的 code 换取会话', tags: ['登录'], auth: false,
    body: WechatLoginBody, response: SessionResponse, errors: [401, 503],
  }, async (ctx) => {
    const { openid } = await ctx.services.wechat.code2Session(ctx.input.body.code);
    // Atomic upsert: two first logins at once still make one user (unique openid).
    const user = await UserModel.findOneAndUpdate(
      { openid },
      { $setOnInsert: { openid, name: '微信用户', roles: ['citizen'] }, $set: { lastLoginAt: new Date() } },
      { upsert: true, returnDocument: 'after' },
    );
    if (user!.disabled) throw forbidden('auth.account_disabled');
    ctx.body = sessionBody(ctx as never, user!);
  });

  // Demo and test login, mounted only when DEV_LOGIN=1: picks a role without WeChat.
  if (opts.devLogin) {
    api.route('post', '/auth/dev', {
      summary: '演示登录（仅 DEV_LOGIN=1 时存在）', tags: ['登录'], auth: false,
      body: DevLoginBody, response: SessionResponse,
    }, async (ctx) => {
      const { role, name } = ctx.input.body;
      const regional = role === 'inspector' || role === 'admin';
      if (regional && !ctx.input.body.region) throw badRequest('request.invalid', '监管人员和管理员需要选择管辖区域');
      const region = regional ? ctx.input.body.region! : null;
      const openid = demoOpenid(role, region, name);
      const roles: Role[] = role === 'citizen' ? ['citizen'] : ['citizen', role];
      const user = await UserModel.findOneAndUpdate(
        { openid },
        { $setOnInsert: { openid, name: name ?? `演示${ROLE_LABELS[role]}`, roles, region }, $set: { lastLoginAt: new Date() } },
        { upsert: true, returnDocument: 'after' },
      );
      ctx.body = sessionBody(ctx as never, user!);
    });
  }

  api.route('get', '/me', { summary: '当前用户', tags: ['登录'], auth: true, response: MeResponse }, (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { user: presentUser(ctx.state.user!, (c) => ctx.services.regions.name(c)) };
  });

  api.route('post', '/auth/redeem-invite', {
    summary: '工作人员领取邀请（获得角色与管辖区域）', tags: ['登录'], auth: true,
    body: RedeemInviteBody, response: MeResponse, errors: [422],
  }, async (ctx) => {
    const user = ctx.state.user!;
    const now = new Date();
    // Single-document atomic claim: an invite is redeemed once, by one user.
    const invite = await StaffInviteModel.findOneAndUpdate(
      { code: ctx.input.body.code.toUpperCase(), redeemedBy: null, expiresAt: { $gt: now } },
      { $set: { redeemedBy: String(user._id), redeemedAt: now } },
      { returnDocument: 'after' },
    );
    if (!invite) throw badRequest('staff.invite_invalid');
    const before = { roles: [...user.roles], region: user.region };
    const roles = Array.from(new Set([...user.roles, invite.role]));
    await UserModel.updateOne({ _id: user._id }, { $set: { roles, region: invite.region, name: invite.name } });
    user.roles = roles; user.region = invite.region; user.name = invite.name;
    await audit(ctx as never, { action: 'staff.invite_redeemed', subjectType: 'User', subjectId: String(user._id), before, after: { roles, region: invite.region } });
    ctx.body = { user: presentUser(user, (c) => ctx.services.regions.name(c)) };
  });
}
