// 政务服务"好差评" on registration decisions: the applicant rates, the office answers bad ratings, admins read
// the figures per office (国办发〔2019〕51号).
import { SERVICE_RATING_LABELS, SERVICE_RATING_SCORES, satisfaction, type ServiceRatingScore } from '@shared/domain/rating';
import { RateServiceBody, RatingSummary, RatingSummaryQuery, RegistrationIdParams, RegistrationResponse, ReplyRatingBody } from '@shared/schemas/registration';
import type { ApiRouter } from '../../http/api';
import * as reg from '../../commands/registration';
import { rate, reply } from '../../commands/registration/rating';
import { RegistrationModel } from '../../models/Registration';
import { regionScope } from '../../policies/jurisdiction';
import { shanghaiDate } from '../../services/calendar';
import { registrationView } from './views';

const TAGS = ['登记申请'];

type Counts = { total: number; levels: Record<number, number>; badOpen: number };
const empty = (): Counts => ({ total: 0, levels: {}, badOpen: 0 });
const present = (c: Counts) => ({
  total: c.total,
  levels: SERVICE_RATING_SCORES.map((score) => ({ score, label: SERVICE_RATING_LABELS[score], count: c.levels[score] ?? 0 })),
  satisfaction: satisfaction(c.levels as Partial<Record<ServiceRatingScore, number>>),
  badOpen: c.badOpen,
});

export function ratingRoutes(api: ApiRouter) {
  api.route('post', '/registrations/:id/rating', {
    summary: '评价办理结果（好差评，办结后一次）', tags: TAGS, auth: true, params: RegistrationIdParams, body: RateServiceBody, response: RegistrationResponse, errors: [404, 409],
    description: '申请人在作出登记决定后评价：5 非常满意、4 满意、3 基本满意、2 不满意、1 非常不满意。差评由承办机关在 15 个工作日内核实答复。'
      + '决定前 409 rating.not_decided，已评价 409 rating.exists。',
  }, async (ctx) => {
    const r = await reg.loadRegistration(ctx.input.params.id);
    ctx.body = await registrationView(ctx.services, await rate(ctx, r, ctx.input.body.score as ServiceRatingScore, ctx.input.body.comment));
  });

  api.route('post', '/registrations/:id/rating/reply', {
    summary: '答复差评（核实整改情况）', tags: TAGS, auth: ['inspector', 'admin'], params: RegistrationIdParams, body: ReplyRatingBody, response: RegistrationResponse, errors: [403, 404, 409],
    description: '本辖区监管人员答复申请人的差评；没有差评 409 rating.no_bad_rating，已答复 409 rating.replied。',
  }, async (ctx) => {
    const r = await reg.loadRegistration(ctx.input.params.id);
    ctx.body = await registrationView(ctx.services, await reply(ctx, r, ctx.input.body.answer));
  });

  api.route('get', '/ratings/summary', {
    summary: '好差评统计（按办理机关）', tags: ['监管数据看板'], auth: ['admin'], query: RatingSummaryQuery, response: RatingSummary, errors: [403],
    description: '所选年度（北京时间）的评价：各等级数量、满意率（基本满意及以上）、待答复差评；children 为下一级区域。',
  }, async (ctx) => {
    const { code, filter: scope } = regionScope(ctx.state.user!, ctx.input.query.region);
    const year = ctx.input.query.year ?? Number(shanghaiDate(new Date()).slice(0, 4));
    const from = new Date(`${year}-01-01T00:00:00+08:00`);
    const to = new Date(`${year + 1}-01-01T00:00:00+08:00`);
    const [rated, open] = await Promise.all([
      RegistrationModel.find({ region: scope, 'rating.at': { $gte: from, $lt: to } }, { region: 1, rating: 1 }).lean(),
      RegistrationModel.find({ 'rating.bad': true, 'rating.reply': null, region: scope }, { region: 1, rating: 1, workshop: 1 }).lean(),
    ]);
    const children = (ctx.services.regions.list(code) ?? []).map((r) => r.code);
    const childOf = (region: string | null | undefined) => children.find((c) => (region ?? '').startsWith(c));
    const summary = empty();
    const per = new Map(children.map((c) => [c, empty()]));
    for (const r of rated) {
      const s = (r.rating as { score: number }).score;
      for (const c of [summary, per.get(childOf(r.region) ?? '')]) if (c) { c.total++; c.levels[s] = (c.levels[s] ?? 0) + 1; }
    }
    for (const r of open) for (const c of [summary, per.get(childOf(r.region) ?? '')]) if (c) c.badOpen++;
    const today = shanghaiDate(new Date());
    const pending = open
      .map((r) => {
        const g = r.rating as { score: number; comment: string | null; at: Date; replyDue: string | null };
        return {
          id: String(r._id), workshopName: r.workshop?.name ?? null, score: g.score, label: SERVICE_RATING_LABELS[g.score as ServiceRatingScore] ?? String(g.score),
          comment: g.comment ?? null, at: new Date(g.at).toISOString(), replyDue: g.replyDue ?? null, overdue: !!g.replyDue && g.replyDue < today,
        };
      })
      .sort((a, b) => a.at.localeCompare(b.at))
      .slice(0, 50);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      region: { code, name: ctx.services.regions.name(code) ?? code },
      year,
      summary: present(summary),
      children: children.map((c) => ({ region: { code: c, name: ctx.services.regions.name(c) ?? c }, ...present(per.get(c)!) })),
      pending,
    };
  });
}
