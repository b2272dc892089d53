import QRCode from 'qrcode';
import { z } from 'zod';
import {
  ApproveBody, CancellationBody, CertificateNumberParams, CertificateView, ChangeBody, CreateRegistrationBody, NegativeListBody,
  NegativeListQuery, NegativeListResponse, RegistrationDraftBody, RegistrationIdParams, RegistrationList, RegistrationQueueQuery,
  RegistrationResponse, RejectBody, RenewalBody, RequestCorrectionBody, ScheduleSiteCheckBody, SiteCheckResultBody, WorkshopParams,
} from '@shared/schemas/registration';
import { WorkshopDetail } from '@shared/schemas/workshops';
import type { QueryFilter } from 'mongoose';
import type { ApiRouter } from '../../http/api';
import type { AppContext } from '../../http/types';
import { forbidden, notFound } from '../../errors';
import * as reg from '../../commands/registration';
import { CertificateModel } from '../../models/Certificate';
import { NegativeListModel } from '../../models/NegativeList';
import { RegistrationModel, type Registration } from '../../models/Registration';
import { WorkshopModel } from '../../models/Workshop';
import { actorOf, hasRole } from '../../policies/jurisdiction';
import { presentCertificate } from '../../presenters/certificate';
import { presentRegistration } from '../../presenters/registration';
import { presentWorkshopDetail } from '../../presenters/workshop';
import { audit } from '../../services/audit';
import { negativeListFor } from '../../services/negativeList';
import { isWithinRegion } from '@shared/domain/region';

const TAGS = ['登记申请'];
const STAFF = ['inspector', 'admin'] as const;
const ERR = [403, 404, 409, 422];

const present = async (ctx: AppContext, r: Registration & { _id: unknown }) => ({ data: await presentRegistration(r, ctx.services) });

const MineWorkshops = z
  .object({ data: z.array(z.object({ workshop: WorkshopDetail, certificate: CertificateView.nullable() })) })
  .meta({ id: 'MyWorkshops' });

export function registrationRoutes(api: ApiRouter) {
  // --- owner ---
  api.route('post', '/registrations', {
    summary: '新建登记申请草稿（可分步保存，换设备继续）', tags: TAGS, auth: true, body: CreateRegistrationBody, response: RegistrationResponse, status: 201, errors: [422],
  }, async (ctx) => {
    ctx.body = await present(ctx, await reg.createDraft(ctx, ctx.input.body));
  });

  api.route('get', '/registrations/mine', {
    summary: '我的申请', tags: TAGS, auth: true, response: RegistrationList,
  }, async (ctx) => {
    const list = await RegistrationModel.find({ applicantId: String(ctx.state.user!._id) }).sort({ updatedAt: -1, _id: -1 }).limit(50);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: await Promise.all(list.map((r) => presentRegistration(r, ctx.services))), page: 1, pageSize: 50, total: list.length };
  });

  // --- staff queue ---
  api.route('get', '/registrations', {
    summary: '审查队列：本辖区的申请，按期限排序', tags: TAGS, auth: [...STAFF], query: RegistrationQueueQuery, response: RegistrationList,
  }, async (ctx) => {
    const q = ctx.input.query;
    const region = ctx.state.user!.region;
    if (!region) throw forbidden('auth.out_of_region');
    const filter: QueryFilter<Registration> = { region: { $regex: `^${region}` }, status: q.status ?? { $in: ['submitted', 'correction', 'accepted', 'site_check'] } };
    if (q.overdue === '1') { filter['deadline.dueAt'] = { $lt: new Date() }; if (!q.status) filter.status = { $in: ['submitted', 'accepted', 'site_check'] }; }
    const [items, total] = await Promise.all([
      RegistrationModel.find(filter).sort({ 'deadline.dueAt': 1, _id: 1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize),
      RegistrationModel.countDocuments(filter),
    ]);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: await Promise.all(items.map((r) => presentRegistration(r, ctx.services))), page: q.page, pageSize: q.pageSize, total };
  });

  api.route('get', '/registrations/:id', {
    summary: '申请详情与进度', tags: TAGS, auth: true, params: RegistrationIdParams, response: RegistrationResponse, errors: [404],
  }, async (ctx) => {
    const r = await reg.loadRegistration(ctx.input.params.id);
    reg.assertCanView(ctx.state.user!, r);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await present(ctx, r);
  });

  api.route('patch', '/registrations/:id', {
    summary: '保存草稿或补正内容（按分段覆盖）', tags: TAGS, auth: true, params: RegistrationIdParams, body: RegistrationDraftBody, response: RegistrationResponse, errors: ERR,
  }, async (ctx) => {
    const r = await reg.loadRegistration(ctx.input.params.id);
    ctx.body = await present(ctx, await reg.updateDraft(ctx, r, ctx.input.body));
  });

  api.route('post', '/registrations/:id/submit', {
    summary: '提交申请（或补正后重新提交）', tags: TAGS, auth: true, params: RegistrationIdParams, response: RegistrationResponse, errors: ERR,
    description: '缺少材料返回 422 registration.incomplete（details.missing）；品种命中禁止生产目录返回 422 registration.negative_list（details.products）。',
  }, async (ctx) => {
    const r = await reg.loadRegistration(ctx.input.params.id);
    ctx.body = await present(ctx, await reg.submit(ctx, r));
  });

  const staffAction = <B extends z.ZodType>(path: string, summary: string, body: B | undefined, run: (ctx: AppContext, r: Awaited<ReturnType<typeof reg.loadRegistration>>, b: z.output<B>) => Promise<Registration & { _id: unknown }>) => {
    api.route('post', `/registrations/:id/${path}`, {
      summary, tags: ['登记审查'], auth: [...STAFF], params: RegistrationIdParams, body, response: RegistrationResponse, errors: ERR,
    }, async (ctx) => {
      const r = await reg.loadRegistration(ctx.input.params.id);
      ctx.body = await present(ctx, await run(ctx, r, ctx.input.body as z.output<B>));
    });
  };
  staffAction('accept', '受理', undefined, (ctx, r) => reg.accept(ctx, r));
  staffAction('request-correction', '要求补正（逐项说明原因，期限暂停）', RequestCorrectionBody, (ctx, r, b) => reg.requestCorrection(ctx, r, b.items));
  staffAction('schedule-site-check', '安排现场核查（至少两名监管人员）', ScheduleSiteCheckBody, (ctx, r, b) => reg.scheduleSiteCheck(ctx, r, b));
  staffAction('site-check-result', '录入现场核查结果（10项检查表）', SiteCheckResultBody, (ctx, r, b) => reg.recordSiteCheck(ctx, r, b));
  staffAction('approve', '准予登记（发放登记证）', ApproveBody, (ctx, r, b) => reg.approve(ctx, r, b.note));
  staffAction('reject', '不予登记（说明理由并告知救济途径）', RejectBody, (ctx, r, b) => reg.reject(ctx, r, b));

  // --- owner follow-ups on a registered workshop ---
  api.route('get', '/workshops/mine', {
    summary: '我的作坊与登记证', tags: TAGS, auth: true, response: MineWorkshops,
  }, async (ctx) => {
    const list = await WorkshopModel.find({ ownerId: String(ctx.state.user!._id) }).sort({ createdAt: -1 }).lean();
    const numbers = list.map((w) => w.certificate?.number).filter((n): n is string => !!n);
    const certs = await CertificateModel.find({ _id: { $in: numbers } }).lean();
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      data: list.map((w) => {
        const c = certs.find((x) => x.number === w.certificate?.number);
        return { workshop: presentWorkshopDetail(w, (code) => ctx.services.regions.name(code)), certificate: c ? presentCertificate(c, w, ctx.services.config.publicBaseUrl) : null };
      }),
    };
  });

  const ownerAction = <B extends z.ZodType>(path: 'renewal' | 'change' | 'cancellation', summary: string, body: B, input: (b: z.output<B>) => { reason?: string; change?: Record<string, unknown> }) => {
    api.route('post', `/workshops/:id/${path}`, {
      summary, tags: TAGS, auth: true, params: WorkshopParams, body, response: RegistrationResponse, status: 201, errors: ERR,
    }, async (ctx) => {
      const w = await WorkshopModel.findById(ctx.input.params.id);
      if (!w) throw notFound();
      ctx.body = await present(ctx, await reg.applyForWorkshop(ctx, w, path, input(ctx.input.body as z.output<B>)));
    });
  };
  ownerAction('renewal', '申请延续（有效期届满前30日起）', RenewalBody, (b) => ({ reason: b.note }));
  ownerAction('change', '申请变更（地址、品种、人员）', ChangeBody, ({ reason, ...change }) => ({ reason, change }));
  ownerAction('cancellation', '申请注销', CancellationBody, (b) => ({ reason: b.reason }));

  // --- public certificate check (the QR on the certificate) ---
  api.route('get', '/certificates/:number/verify', {
    summary: '扫码核验登记证（公开）', tags: ['信用公示（公开数据）'], auth: false, params: CertificateNumberParams, response: CertificateView, errors: [404],
    description: '伪造或不存在的编号返回 404 certificate.not_found。',
  }, async (ctx) => {
    const c = await CertificateModel.findById(ctx.input.params.number.toUpperCase()).lean();
    const w = c ? await WorkshopModel.findById(c.workshopId).lean() : null;
    if (!c || !w) throw notFound('certificate.not_found');
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = presentCertificate(c, w, ctx.services.config.publicBaseUrl);
  });

  api.route('get', '/certificates/:number/qr.png', {
    summary: '登记证二维码（指向核验页）', tags: ['信用公示（公开数据）'], auth: false, params: CertificateNumberParams,
    response: { description: 'PNG 图片', contentType: 'image/png' }, errors: [404],
  }, async (ctx) => {
    const c = await CertificateModel.findById(ctx.input.params.number.toUpperCase()).lean();
    if (!c) throw notFound('certificate.not_found');
    ctx.type = 'image/png';
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = await QRCode.toBuffer(`${ctx.services.config.publicBaseUrl}/packages/credit/verify/index?no=${encodeURIComponent(c.number)}`, { errorCorrectionLevel: 'M', margin: 2, width: 480 });
  });

  // --- negative list (admin) ---
  api.route('get', '/negative-list', {
    summary: '禁止生产食品目录（本区域及上级）', tags: ['登记申请'], auth: false, query: NegativeListQuery, response: NegativeListResponse,
  }, async (ctx) => {
    const region = ctx.input.query.region ?? null;
    ctx.body = { region, items: await negativeListFor(region) };
  });

  api.route('put', '/negative-list', {
    summary: '维护本区域的禁止生产食品目录（管理员）', tags: ['登记申请'], auth: ['admin'], body: NegativeListBody, response: NegativeListResponse,
  }, async (ctx) => {
    const { region, items } = ctx.input.body;
    const admin = ctx.state.user!;
    if (!hasRole(actorOf(admin), 'admin') || !isWithinRegion(region, admin.region)) throw forbidden('auth.out_of_region');
    const before = await NegativeListModel.findOne({ region }).lean();
    await NegativeListModel.updateOne({ region }, { $set: { items, updatedBy: String(admin._id) } }, { upsert: true });
    await audit(ctx, { action: 'negative_list.updated', subjectType: 'NegativeList', subjectId: region, before: before?.items ?? null, after: items });
    ctx.body = { region, items: await negativeListFor(region) };
  });
}
