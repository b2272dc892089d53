import { z } from 'zod';
import type { QueryFilter } from 'mongoose';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiterRes } from 'rate-limiter-flexible';
import {
  RewardQueue, RewardQueueQuery,
  CaseIdParams, CaseList, CaseResponse, ClaimRewardBody, RewardConfirmation, CloseBody, DeclineBody, ExtendBody, MyTipoffList, ProposeRewardBody, RatingBody,
  RejectRewardBody, ReporterBody, ReporterResponse, RewardIdParams, RewardResponse, SubmitTipoffBody, SubmitTipoffResponse, TipoffInboxQuery,
  TrackQuery, TrackView,
} from '@shared/schemas/tipoff';
import type { RewardLevel } from '@shared/domain/tipoff';
import type { ApiRouter } from '../../http/api';
import type { AppContext } from '../../http/types';
import { tooManyRequests } from '../../errors';
import { makeLimiter } from '../../middlewares/rateLimit';
import * as tip from '../../commands/tipoff';
import * as reward from '../../commands/tipoff/reward';
import type { Lean } from '../../models/lean';
import { TipoffModel, type Tipoff } from '../../models/Tipoff';
import { TipoffCaseModel, type TipoffCase, type TipoffCaseDoc } from '../../models/TipoffCase';
import { TipoffRewardModel } from '../../models/TipoffReward';
import { authorize } from '../../policies';
import { regionScope } from '../../policies/jurisdiction';
import { caseViews, mineViews, rewardViews, trackView } from './views';
import { NotificationRejected, type BillNotice, type TransferNotice } from '../../services/wechatpay';
import type { Config } from '../../config';

const TAGS = ['举报（公众）'];
const STAFF_TAGS = ['举报办理'];
const STAFF = ['inspector', 'admin'] as const;
const ERR = [403, 404, 409, 422];

// Submissions: per IP, per device (X-Device-Id) and per user, each `submitsPerHour` an hour. One set of
// counters per configuration (tests build several apps in one process).
const limiters = new WeakMap<Config, RateLimiterAbstract>();
function submitLimiter(config: Config) {
  let l = limiters.get(config);
  if (!l) { l = makeLimiter(config.rateLimit.store, 'tipoff-submit', config.tipoff.submitsPerHour, 3600); limiters.set(config, l); }
  return l;
}
export async function limitSubmission(ctx: AppContext, deviceId: string | null) {
  const l = submitLimiter(ctx.services.config);
  const keys = [`ip:${ctx.ip}`, ...(deviceId ? [`dev:${deviceId}`] : []), ...(ctx.state.user ? [`user:${String(ctx.state.user._id)}`] : [])];
  for (const k of keys) {
    try { await l.consume(k); } catch (e) {
      if (e instanceof RateLimiterRes) throw tooManyRequests(Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
      throw e;
    }
  }
}

export const deviceOf = (ctx: AppContext) => {
  const d = ctx.get('X-Device-Id').trim();
  return /^[\w-]{8,64}$/.test(d) ? d : null;
};

async function caseResponse(ctx: AppContext, c: Lean<TipoffCase>) {
  ctx.set('Cache-Control', 'no-store');
  return { data: (await caseViews(ctx.services, [c]))[0] };
}

async function trackOf(ctx: AppContext, t: Lean<Tipoff>) {
  ctx.set('Cache-Control', 'no-store');
  return trackView(ctx.services, t);
}

export function tipoffRoutes(api: ApiRouter) {
  // --- citizen (static paths before /tipoffs/:id) ---
  api.route('post', '/tipoffs', {
    summary: '提交举报（可匿名，无需登录；实名需登录）', tags: TAGS, auth: 'optional', body: SubmitTipoffBody, response: SubmitTipoffResponse, status: 201,
    errors: [401, 422],
    description: '照片/视频先以 purpose=tipoff 上传（POST /files，匿名可用，按 IP 限流）。返回回执码与查询凭证（凭证只显示这一次）。'
      + '同一发送者10分钟内重复提交相同内容会合并为同一举报（duplicate=true，回执码不变，另发一个凭证）。'
      + '100米内或关于同一作坊、尚未办结的举报合并为一个案件。按 IP、设备（X-Device-Id 头）和用户限流，超出返回 429。',
  }, async (ctx) => {
    const deviceId = deviceOf(ctx);
    await limitSubmission(ctx, deviceId);
    const r = await tip.submitTipoff(ctx, ctx.input.body, { ip: ctx.ip, deviceId });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { receiptCode: r.tipoff.receiptCode, token: r.token, duplicate: r.duplicate, acceptDue: r.acceptDue };
  });

  api.route('get', '/tipoffs/mine', {
    summary: '我的举报（登录时提交的，含匿名）', tags: TAGS, auth: true, response: MyTipoffList,
  }, async (ctx) => {
    const key = tip.keyed(ctx.services, 'tipoff-mine', String(ctx.state.user!._id));
    const list = await TipoffModel.find({ mineKey: key }).sort({ createdAt: -1 }).limit(100).lean();
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: await mineViews(ctx.services, list) };
  });

  api.route('get', '/tipoffs/track', {
    summary: '凭回执码和查询凭证查看办理进度与结果', tags: TAGS, auth: false, query: TrackQuery, response: TrackView, errors: [404],
    description: '回执码或凭证任一不对，都返回同样的 404 tipoff.not_found。',
  }, async (ctx) => {
    const t = await tip.findByCodeToken(ctx.input.query.code, ctx.input.query.token);
    ctx.body = await trackOf(ctx, t);
  });

  api.route('post', '/tipoffs/track/rating', {
    summary: '办结后评价办理情况（1–5分）', tags: TAGS, auth: false, body: RatingBody, response: TrackView, errors: [404, 409],
  }, async (ctx) => {
    const b = ctx.input.body;
    const t = await tip.findByCodeToken(b.code, b.token);
    await tip.rate(ctx, t, b.score, b.comment);
    ctx.body = await trackOf(ctx, t);
  });

  api.route('post', '/tipoffs/claim-reward', {
    summary: '领取举报奖励（登录后凭回执码和凭证绑定收款微信）', tags: TAGS, auth: true, body: ClaimRewardBody, response: TrackView, errors: [404, 409],
    description: '匿名举报人登录后领取：奖励发放到当前微信账号，承办人员看不到领取人身份。一件举报只能由一个账号领取。',
  }, async (ctx) => {
    const t = await tip.findByCodeToken(ctx.input.body.code, ctx.input.body.token);
    await reward.claimReward(ctx, t);
    ctx.body = await trackOf(ctx, t);
  });

  api.route('post', '/tipoffs/claim-reward/confirmation', {
    summary: '确认收款参数（奖励“待确认收款”时，供小程序调用 wx.requestMerchantTransfer）', tags: TAGS, auth: true, body: ClaimRewardBody,
    response: RewardConfirmation, errors: [404, 409],
    description: '商家转账（转账单）须由收款人在微信小程序中确认收款。仅返回给已领取该奖励的微信账号；H5 无法确认收款。',
  }, async (ctx) => {
    const t = await tip.findByCodeToken(ctx.input.body.code, ctx.input.body.token);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await reward.confirmationFor(ctx, t);
  });

  // --- staff ---
  api.route('get', '/tipoffs', {
    summary: '举报办理队列：本辖区案件（同一地点的举报已合并），按期限排序', tags: STAFF_TAGS, auth: [...STAFF], query: TipoffInboxQuery, response: CaseList,
  }, async (ctx) => {
    const q = ctx.input.query;
    const filter: QueryFilter<TipoffCase> = { region: regionScope(ctx.state.user!, q.region).filter, status: q.status ?? { $in: ['submitted', 'accepted'] } };
    if (q.overdue === '1') filter.dueAt = { $lt: new Date() };
    const [items, total] = await Promise.all([
      TipoffCaseModel.find(filter).sort({ dueAt: 1, createdAt: 1, _id: 1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean(),
      TipoffCaseModel.countDocuments(filter),
    ]);
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: await caseViews(ctx.services, items), page: q.page, pageSize: q.pageSize, total };
  });

  api.route('get', '/tipoffs/:id', {
    summary: '举报案件详情（各件举报内容与证据，不含举报人身份）', tags: STAFF_TAGS, auth: [...STAFF], params: CaseIdParams, response: CaseResponse, errors: [404],
  }, async (ctx) => {
    const c = await tip.loadCase(ctx.input.params.id);
    authorize(ctx.state.user, 'tipoff.handle', c);
    ctx.body = await caseResponse(ctx, c);
  });

  const action = <B extends z.ZodType>(path: string, summary: string, body: B | undefined, run: (ctx: AppContext, c: TipoffCaseDoc, b: z.output<B>) => Promise<TipoffCaseDoc>, description?: string) => {
    api.route('post', `/tipoffs/:id/${path}`, {
      summary, description, tags: STAFF_TAGS, auth: [...STAFF], params: CaseIdParams, body, response: CaseResponse, errors: ERR,
    }, async (ctx) => {
      const c = await tip.loadCase(ctx.input.params.id);
      ctx.body = await caseResponse(ctx, await run(ctx, c, ctx.input.body as z.output<B>));
    });
  };
  action('accept', '受理（7个工作日内）；办结期限为受理后15个工作日', undefined, (ctx, c) => tip.accept(ctx, c));
  action('decline', '不予受理（说明理由，告知举报人）', DeclineBody, (ctx, c, b) => tip.decline(ctx, c, b.reason));
  action('extend', '延长办结期限（仅一次，说明理由）', ExtendBody, (ctx, c, b) => tip.extend(ctx, c, b.reason));
  action('close', '办结：查实 / 部分查实 / 未查实', CloseBody, (ctx, c, b) => tip.close(ctx, c, b),
    '查实或部分查实须关联作坊档案（workshopId）或建立黑作坊档案（blackWorkshop，进入公开曝光名单）；同时记入该作坊信用档案（类型 tipoff）。');

  api.route('post', '/tipoffs/:id/reporter', {
    summary: '查看实名举报人身份（须说明理由，记入审计日志）', tags: STAFF_TAGS, auth: [...STAFF], params: CaseIdParams, body: ReporterBody, response: ReporterResponse, errors: [403, 404],
    description: '仅承办人员（受理人）和本辖区管理员可查看；匿名举报不返回身份。',
  }, async (ctx) => {
    const c = await tip.loadCase(ctx.input.params.id);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: await tip.reporterIdentities(ctx, c, ctx.input.body.reason) };
  });

  api.route('post', '/tipoffs/:id/rewards', {
    summary: '提出举报奖励（查实后，按等级定金额）', tags: STAFF_TAGS, auth: [...STAFF], params: CaseIdParams, body: ProposeRewardBody, response: RewardResponse, status: 201, errors: ERR,
  }, async (ctx) => {
    const c = await tip.loadCase(ctx.input.params.id);
    const b = ctx.input.body;
    const proposed = await reward.propose(ctx, c, { reportId: b.reportId, level: b.level as RewardLevel, reason: b.reason });
    ctx.body = { data: (await rewardViews([proposed]))[0] };
  });

  api.route('get', '/tipoff-rewards', {
    summary: '本辖区待处理的举报奖励（默认：待审批与发放失败）', tags: STAFF_TAGS, auth: [...STAFF], query: RewardQueueQuery, response: RewardQueue,
  }, async (ctx) => {
    const status = ctx.input.query.status;
    // A reward carries its case's region (written at proposal): the region is part of the query, so the
    // oldest 500 are the oldest of my region, not of the country.
    const rewards = await TipoffRewardModel.find({ status: status ?? { $in: ['proposed', 'failed'] }, region: regionScope(ctx.state.user!).filter })
      .sort({ createdAt: 1, _id: 1 }).limit(500).lean();
    const cases = new Map((await TipoffCaseModel.find({ _id: { $in: [...new Set(rewards.map((r) => r.caseId))] } }, { address: 1, region: 1 }).lean()).map((c) => [String(c._id), c]));
    const views = await rewardViews(rewards);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      data: rewards.map((r, i) => {
        const c = cases.get(r.caseId);
        const region = c?.region ?? r.region!;
        return { caseId: r.caseId, address: c?.address ?? null, regionName: ctx.services.regions.localName(region) ?? region, reward: views[i] };
      }),
    };
  });

  const rewardAction = <B extends z.ZodType>(path: string, summary: string, body: B | undefined, run: (ctx: AppContext, r: Awaited<ReturnType<typeof reward.loadReward>>, b: z.output<B>) => Promise<Awaited<ReturnType<typeof reward.loadReward>>>, description?: string) => {
    api.route('post', `/tipoff-rewards/:id/${path}`, {
      summary, description, tags: STAFF_TAGS, auth: [...STAFF], params: RewardIdParams, body, response: RewardResponse, errors: ERR,
    }, async (ctx) => {
      const r = await reward.loadReward(ctx.input.params.id);
      const updated = await run(ctx, r, ctx.input.body as z.output<B>);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { data: (await rewardViews([updated]))[0] };
    });
  };
  rewardAction('approve', '审批奖励（本辖区管理员，且不是提出人）并发放', undefined, (ctx, r) => reward.approve(ctx, r),
    '批准后若举报人已绑定收款微信，立即通过微信支付商家转账发放（状态 paying → paid / failed）。');
  rewardAction('reject', '不批准奖励（说明理由）', RejectRewardBody, (ctx, r, b) => reward.reject(ctx, r, b.reason));
  rewardAction('retry', '重新发放（仅在上次发放确认失败后）', undefined, (ctx, r) => reward.retry(ctx, r));

  // --- WeChat Pay → us ---
  // Its failures answer in WeChat Pay's own format, which its servers read (not our ErrorResponse).
  const PayNotifyFail = z.object({ code: z.literal('FAIL'), message: z.string() }).meta({ id: 'PayNotifyFail' });
  api.route('post', '/pay/notify/transfer', {
    summary: '微信支付商家转账结果通知（微信支付服务器调用）', tags: ['支付回调'], auth: false,
    body: z.looseObject({}),
    response: { status: 204, description: '已接收' },
    also: {
      401: { description: '验签失败（微信支付按此格式读取，稍后重发）', schema: PayNotifyFail },
      404: { description: '未启用微信支付', schema: PayNotifyFail },
    },
    description: '转账单（MCHTRANSFER.BILL.FINISHED）和批次（MCHTRANSFER.BATCH.*）的结果通知。先验签（原始报文；按配置用平台证书或微信支付公钥 PUB_KEY_ID_…），'
      + '拒绝超过300秒的时间戳和重复的随机串，再以 APIv3 密钥 AES-256-GCM 解密（校验认证标签）。重复的通知只生效一次。',
  }, async (ctx) => {
    const pay = ctx.services.pay;
    const raw = (ctx.request as unknown as { rawBody?: string }).rawBody ?? '';
    if (!pay) { ctx.status = 404; ctx.body = { code: 'FAIL', message: '未启用微信支付' }; return; }
    try {
      const { eventType, resource } = await pay.verifyNotification(ctx.headers, raw);
      if (eventType.startsWith('MCHTRANSFER.BILL.')) await reward.onBillNotice(ctx.services, resource as BillNotice);
      else await reward.onTransferNotice(ctx.services, resource as TransferNotice);
      ctx.status = 204;
    } catch (e) {
      if (!(e instanceof NotificationRejected)) throw e;
      ctx.state.log.warn({ reason: e.message }, 'wechatpay notification rejected');
      ctx.status = 401;
      ctx.body = { code: 'FAIL', message: '验签失败' };
    }
  });
}
