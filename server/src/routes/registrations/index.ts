// Registration (登记): the owner's application, the staff queue and review, a registered workshop's
// renewal / change / cancellation, and the negative list the applications are checked against.
import type { z } from 'zod';
import { OPEN_STATUSES } from '@shared/domain/registration';
import {
  ApproveBody, CancellationBody, ChangeBody, CreateRegistrationBody, NegativeListBody, NegativeListQuery, NegativeListResponse,
  RegistrationDraftBody, RegistrationIdParams, RegistrationList, RegistrationQueueQuery, RegistrationResponse, RejectBody, RenewalBody,
  RequestCorrectionBody, ScheduleSiteCheckBody, SiteCheckResultBody, WithdrawBody, WorkshopParams,
} from '@shared/schemas/registration';
import type { QueryFilter } from 'mongoose';
import type { ApiRouter } from '../../http/api';
import type { AppContext } from '../../http/types';
import { notFound } from '../../errors';
import * as reg from '../../commands/registration';
import { NegativeListModel } from '../../models/NegativeList';
import { RegistrationModel, type Registration, type RegistrationDoc } from '../../models/Registration';
import { WorkshopModel } from '../../models/Workshop';
import { authorize } from '../../policies';
import { regionScope } from '../../policies/jurisdiction';
import { audit } from '../../services/audit';
import { negativeListFor } from '../../services/negativeList';
import { ratingRoutes } from './rating';
import { registrationView, registrationViews } from './views';

const TAGS = ['登记申请'];
const STAFF = ['inspector', 'admin'] as const;
const ERR = [403, 404, 409, 422];

export function registrationRoutes(api: ApiRouter) {
  ratingRoutes(api);
  // --- owner ---
  api.route('post', '/registrations', {
    summary: '新建登记申请草稿（可分步保存，换设备继续）', tags: TAGS, auth: true, body: CreateRegistrationBody, response: RegistrationResponse, status: 201, errors: [422],
  }, async (ctx) => {
    ctx.body = await registrationView(ctx.services, await reg.createDraft(ctx, ctx.input.body));
  });

  api.route('get', '/registrations/mine', {
    summary: '我的申请', tags: TAGS, auth: true, response: RegistrationList,
  }, async (ctx) => {
    const list = await RegistrationModel.find({ applicantId: String(ctx.state.user!._id) }).sort({ updatedAt: -1, _id: -1 }).limit(50).lean();
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: await registrationViews(ctx.services, list), page: 1, pageSize: 50, total: list.length };
  });

  // --- staff queue ---
  api.route('get', '/registrations', {
    summary: '审查队列：本辖区的申请，按期限排序', tags: TAGS, auth: [...STAFF], query: RegistrationQueueQuery, response: RegistrationList,
  }, async (ctx) => {
    const q = ctx.input.query;
    const filter: QueryFilter<Registration> = { region: regionScope(ctx.state.user!).filter, status: q.status ?? { $in: OPEN_STATUSES } };
    if (q.overdue === '1') { filter['deadline.dueAt'] = { $lt: new Date() }; if (!q.status) filter.status = { $in: ['submitted', 'accepted', 'site_check'] }; }
    const [items, total] = await Promise.all([
      RegistrationModel.find(filter).sort({ 'deadline.dueAt': 1, _id: 1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean(),
      RegistrationModel.countDocuments(filter),
    ]);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: await registrationViews(ctx.services, items), page: q.page, pageSize: q.pageSize, total };
  });

  api.route('get', '/registrations/:id', {
    summary: '申请详情与进度', tags: TAGS, auth: true, params: RegistrationIdParams, response: RegistrationResponse, errors: [404],
  }, async (ctx) => {
    const r = await reg.loadRegistration(ctx.input.params.id);
    authorize(ctx.state.user, 'registration.read', r);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await registrationView(ctx.services, r);
  });

  api.route('patch', '/registrations/:id', {
    summary: '保存草稿或补正内容（按分段覆盖）', tags: TAGS, auth: true, params: RegistrationIdParams, body: RegistrationDraftBody, response: RegistrationResponse, errors: ERR,
  }, async (ctx) => {
    const r = await reg.loadRegistration(ctx.input.params.id);
    ctx.body = await registrationView(ctx.services, await reg.updateDraft(ctx, r, ctx.input.body));
  });

  api.route('post', '/registrations/:id/submit', {
    summary: '提交申请（或补正后重新提交）', tags: TAGS, auth: true, params: RegistrationIdParams, response: RegistrationResponse, errors: ERR,
    description: '缺少材料返回 422 registration.incomplete（details.missing）；品种命中禁止生产目录返回 422 registration.negative_list（details.products）。',
  }, async (ctx) => {
    const r = await reg.loadRegistration(ctx.input.params.id);
    ctx.body = await registrationView(ctx.services, await reg.submit(ctx, r));
  });

  api.route('post', '/registrations/:id/withdraw', {
    summary: '撤回申请（受理前）', tags: TAGS, auth: true, params: RegistrationIdParams, body: WithdrawBody, response: RegistrationResponse, errors: ERR,
    description: '已提交或需补正的申请，申请人可在受理前撤回；受理后返回 409 registration.state_conflict。',
  }, async (ctx) => {
    const r = await reg.loadRegistration(ctx.input.params.id);
    ctx.body = await registrationView(ctx.services, await reg.withdraw(ctx, r, ctx.input.body.reason));
  });

  api.route('delete', '/registrations/:id', {
    summary: '删除未提交的草稿', tags: TAGS, auth: true, params: RegistrationIdParams, status: 204, errors: ERR,
    description: '只有草稿可以删除（否则 409 registration.state_conflict）；已提交的申请请在受理前撤回。',
  }, async (ctx) => {
    await reg.deleteDraft(ctx, await reg.loadRegistration(ctx.input.params.id));
    ctx.status = 204;
  });

  // --- review (each command authorizes: staff of the application's region) ---
  const staffAction = <B extends z.ZodType>(path: string, summary: string, body: B | undefined, run: (ctx: AppContext, r: RegistrationDoc, b: z.output<B>) => Promise<RegistrationDoc>) => {
    api.route('post', `/registrations/:id/${path}`, {
      summary, tags: ['登记审查'], auth: [...STAFF], params: RegistrationIdParams, body, response: RegistrationResponse, errors: ERR,
    }, async (ctx) => {
      const r = await reg.loadRegistration(ctx.input.params.id);
      ctx.body = await registrationView(ctx.services, await run(ctx, r, ctx.input.body as z.output<B>));
    });
  };
  staffAction('accept', '受理', undefined, (ctx, r) => reg.accept(ctx, r));
  staffAction('request-correction', '要求补正（逐项说明原因，期限暂停）', RequestCorrectionBody, (ctx, r, b) => reg.requestCorrection(ctx, r, b.items));
  staffAction('schedule-site-check', '安排现场核查（至少两名监管人员）', ScheduleSiteCheckBody, (ctx, r, b) => reg.scheduleSiteCheck(ctx, r, b));
  staffAction('site-check-result', '录入现场核查结果（10项检查表）', SiteCheckResultBody, (ctx, r, b) => reg.recordSiteCheck(ctx, r, b));
  staffAction('approve', '准予登记（发放登记证）', ApproveBody, (ctx, r, b) => reg.approve(ctx, r, b.note));
  staffAction('reject', '不予登记（说明理由并告知救济途径）', RejectBody, (ctx, r, b) => reg.reject(ctx, r, b));

  // --- the owner's follow-ups on a registered workshop: each a new application ---
  const ownerAction = <B extends z.ZodType>(path: 'renewal' | 'change' | 'cancellation', summary: string, body: B, input: (b: z.output<B>) => { reason?: string; change?: Record<string, unknown> }) => {
    api.route('post', `/workshops/:id/${path}`, {
      summary, tags: TAGS, auth: true, params: WorkshopParams, body, response: RegistrationResponse, status: 201, errors: ERR,
    }, async (ctx) => {
      const w = await WorkshopModel.findById(ctx.input.params.id);
      if (!w) throw notFound();
      ctx.body = await registrationView(ctx.services, await reg.applyForWorkshop(ctx, w, path, input(ctx.input.body as z.output<B>)));
    });
  };
  ownerAction('renewal', '申请延续（有效期届满前30日起）', RenewalBody, (b) => ({ reason: b.note }));
  ownerAction('change', '申请变更（地址、品种、人员）', ChangeBody, ({ reason, ...change }) => ({ reason, change }));
  ownerAction('cancellation', '申请注销', CancellationBody, (b) => ({ reason: b.reason }));

  // --- negative list (禁止生产食品目录) ---
  api.route('get', '/negative-list', {
    summary: '禁止生产食品目录（本区域及上级）', tags: TAGS, auth: false, query: NegativeListQuery, response: NegativeListResponse,
  }, async (ctx) => {
    const region = ctx.input.query.region ?? null;
    ctx.body = { region, items: await negativeListFor(region) };
  });

  api.route('put', '/negative-list', {
    summary: '维护本区域的禁止生产食品目录（管理员）', tags: TAGS, auth: ['admin'], body: NegativeListBody, response: NegativeListResponse,
  }, async (ctx) => {
    const { region, items } = ctx.input.body;
    const admin = ctx.state.user!;
    authorize(admin, 'registration.editNegativeList', { region });
    const before = await NegativeListModel.findOne({ region }).lean();
    await NegativeListModel.updateOne({ region }, { $set: { items, updatedBy: String(admin._id) } }, { upsert: true });
    await audit(ctx, { action: 'negative_list.updated', subjectType: 'NegativeList', subjectId: region, before: before?.items ?? null, after: items, region });
    ctx.body = { region, items: await negativeListFor(region) };
  });
}
