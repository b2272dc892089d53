// Supervision workbench: inspections, rectification, self-checks, today's tasks, sampling, penalties and
// credit repair, 双随机 draws. Staff act inside their region; owners act on their own workshop.
import { z } from 'zod';
import { TASK_KINDS } from '@shared/schemas/supervision';
import {
  CloseFollowUpBody, CreateInspectionBody, CreatePenaltyBody, CreateSampleBody, IdParams, InspectionList, InspectionQuery, InspectionResponse,
  PenaltyList, PenaltyQuery, PenaltyResponse, RectificationBody, RepairRequestBody, RepairReviewBody, ReviewRectificationBody, SampleList,
  SampleQuery, SampleResponse, SelfCheckBody, SelfCheckList, SelfCheckView, TaskList,
} from '@shared/schemas/supervision';
import { CreateDrawBody, DrawIdParams, DrawList, DrawQuery, DrawResponse } from '@shared/schemas/draws';
import { WorkshopIdParams } from '@shared/schemas/workshops';
import type { QueryFilter } from 'mongoose';
import type { ApiRouter } from '../../http/api';
import type { AppContext } from '../../http/types';
import { notFound } from '../../errors';
import { InspectionModel, type Inspection } from '../../models/Inspection';
import { PenaltyModel, type Penalty } from '../../models/Penalty';
import { SampleModel, type Sample } from '../../models/Sample';
import { SelfCheckModel } from '../../models/SelfCheck';
import type { Lean } from '../../models/lean';
import { WorkshopModel, type Workshop } from '../../models/Workshop';
import { presentInspection, presentPenalty, presentSample, presentSelfCheck } from '../../presenters/supervision';
import { loadWorkshop } from '../../commands/supervision/common';
import { authorize } from '../../policies';
import { regionScope } from '../../policies/jurisdiction';
import { userNames } from '../../services/users';
import { recordInspection, recordSelfCheck, reviewRectification, submitRectification } from '../../commands/supervision/inspections';
import { closeFollowUp, recordSample } from '../../commands/supervision/sampling';
import { recordPenalty, requestRepair, reviewRepair } from '../../commands/supervision/penalties';
import { createDraw, performDraw } from '../../commands/supervision/draws';
import { DrawTaskModel } from '../../models/DrawTask';
import { todayTasks } from './tasks';
import { drawsPage, drawView } from './draws';
import { NOT_MODIFIED, sendCacheable } from '../../http/cache';

const STAFF = ['inspector', 'admin'] as const;
const T_INSPECT = ['日常监督检查'];
const T_SAMPLE = ['监督抽检'];
const T_PENALTY = ['行政处罚与信用修复'];
const T_DRAW = ['双随机、一公开'];
const ERR = [403, 404, 409, 422];

// A list's workshops and inspectors' names, one query per relation; lean reads and hydrated documents alike.
async function workshopsById(ids: string[]): Promise<Map<string, Lean<Workshop>>> {
  const list = await WorkshopModel.find({ _id: { $in: [...new Set(ids)] } }).lean();
  return new Map(list.map((w) => [String(w._id), w]));
}
async function presentInspections(list: Lean<Inspection>[]) {
  const [ws, names] = await Promise.all([workshopsById(list.map((i) => i.workshopId)), userNames(list.flatMap((i) => i.inspectorIds))]);
  return list.map((i) => presentInspection(i, ws.get(i.workshopId) ?? null, names));
}
async function presentSamples(list: Lean<Sample>[]) {
  const ws = await workshopsById(list.map((s) => s.workshopId));
  return list.map((s) => presentSample(s, ws.get(s.workshopId) ?? null));
}
async function presentPenalties(list: Lean<Penalty>[]) {
  const ws = await workshopsById(list.map((p) => p.workshopId));
  return list.map((p) => presentPenalty(p, ws.get(p.workshopId) ?? null));
}
/** The owner and region of the workshop a record is about: what 'supervision.read' decides on. */
async function placeOf(r: { workshopId: string; region: string }) {
  return { ownerId: (await WorkshopModel.findById(r.workshopId, { ownerId: 1 }).lean())?.ownerId ?? null, region: r.region };
}
async function loadOr404<T>(p: PromiseLike<T>, what: string): Promise<NonNullable<T>> {
  const v = await p;
  if (!v) throw notFound('resource.not_found', `未找到该${what}`);
  return v;
}
const noStore = (ctx: AppContext) => ctx.set('Cache-Control', 'no-store');

export function supervisionRoutes(api: ApiRouter) {
  // --- inspector's day ---
  api.route('get', '/inspections/tasks', {
    summary: '今日任务：计划检查（双随机）、整改复查、不合格抽检后处理，按期限排序', tags: T_INSPECT, auth: ['inspector'], response: TaskList,
    description: `kind：${TASK_KINDS.join(' / ')}。计划检查为分配给本人的任务；整改复查与后处理为本辖区待办。`,
  }, async (ctx) => {
    noStore(ctx);
    ctx.body = { data: await todayTasks(ctx.state.user!) };
  });

  // --- inspections ---
  api.route('post', '/inspections', {
    summary: '录入日常监督检查（10项检查表）', tags: T_INSPECT, auth: [...STAFF], body: CreateInspectionBody, response: InspectionResponse, status: 201, errors: ERR,
    description: '离线草稿提交：clientId 为客户端生成的 UUID，重复提交只保存一次并返回原记录（replayed: true）。作坊不在本辖区返回 403；检查表缺项返回 400 并指出缺少的项目；责令整改须填写整改期限。',
  }, async (ctx) => {
    const { doc, replayed } = await recordInspection(ctx, ctx.input.body);
    ctx.body = { data: (await presentInspections([doc]))[0], replayed };
  });

  api.route('get', '/inspections', {
    summary: '本辖区检查记录', tags: T_INSPECT, auth: [...STAFF], query: InspectionQuery, response: InspectionList, errors: [403],
  }, async (ctx) => {
    const q = ctx.input.query;
    const filter: QueryFilter<Inspection> = { region: regionScope(ctx.state.user!, q.region).filter };
    if (q.workshopId) filter.workshopId = q.workshopId;
    if (q.result) filter.result = q.result;
    if (q.rectification) filter['rectification.status'] = q.rectification;
    const [items, total] = await Promise.all([
      InspectionModel.find(filter).sort({ at: -1, _id: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean(),
      InspectionModel.countDocuments(filter),
    ]);
    noStore(ctx);
    ctx.body = { data: await presentInspections(items), page: q.page, pageSize: q.pageSize, total };
  });

  api.route('get', '/inspections/:id', {
    summary: '检查记录详情（本辖区监管人员或作坊业主）', tags: T_INSPECT, auth: true, params: IdParams, response: InspectionResponse, errors: [404],
  }, async (ctx) => {
    const i = await loadOr404(InspectionModel.findById(ctx.input.params.id).lean(), '检查记录');
    authorize(ctx.state.user, 'supervision.read', await placeOf(i));
    noStore(ctx);
    ctx.body = { data: (await presentInspections([i]))[0] };
  });

  api.route('post', '/inspections/:id/rectification', {
    summary: '业主提交整改材料（照片与说明，须在整改期限内）', tags: T_INSPECT, auth: true, params: IdParams, body: RectificationBody, response: InspectionResponse, errors: ERR,
    description: '照片先以 purpose=rectification 上传（POST /files）。超过整改期限返回 422 inspection.rectification_late。',
  }, async (ctx) => {
    const i = await loadOr404(InspectionModel.findById(ctx.input.params.id), '检查记录');
    const w = await loadWorkshop(i.workshopId);
    const updated = await submitRectification(ctx, i, w, ctx.input.body);
    ctx.body = { data: (await presentInspections([updated]))[0] };
  });

  api.route('post', '/inspections/:id/review', {
    summary: '整改复查（通过则结案；未通过须给出新的整改期限）', tags: T_INSPECT, auth: [...STAFF], params: IdParams, body: ReviewRectificationBody, response: InspectionResponse, errors: ERR,
  }, async (ctx) => {
    const i = await loadOr404(InspectionModel.findById(ctx.input.params.id), '检查记录');
    const w = await loadWorkshop(i.workshopId);
    const updated = await reviewRectification(ctx, i, w, ctx.input.body);
    ctx.body = { data: (await presentInspections([updated]))[0] };
  });

  // --- one workshop's supervision file (owner, staff of the region) ---
  api.route('get', '/workshops/:id/inspections', {
    summary: '作坊的检查记录（业主或本辖区监管人员）', tags: T_INSPECT, auth: true, params: WorkshopIdParams, response: InspectionList, errors: [404],
  }, async (ctx) => {
    const w = await loadWorkshop(ctx.input.params.id);
    authorize(ctx.state.user, 'supervision.read', w);
    const items = await InspectionModel.find({ workshopId: String(w._id) }).sort({ at: -1, _id: -1 }).limit(100).lean();
    noStore(ctx);
    ctx.body = { data: await presentInspections(items), page: 1, pageSize: 100, total: items.length };
  });

  api.route('post', '/workshops/:id/self-checks', {
    summary: '业主自查（同一10项检查表）', tags: T_INSPECT, auth: true, params: WorkshopIdParams, body: SelfCheckBody, response: z.object({ data: SelfCheckView }), status: 201, errors: [404, 422],
  }, async (ctx) => {
    const w = await loadWorkshop(ctx.input.params.id);
    ctx.body = { data: presentSelfCheck(await recordSelfCheck(ctx, w, ctx.input.body)) };
  });

  api.route('get', '/workshops/:id/self-checks', {
    summary: '自查记录（业主或本辖区监管人员）', tags: T_INSPECT, auth: true, params: WorkshopIdParams, response: SelfCheckList, errors: [404],
  }, async (ctx) => {
    const w = await loadWorkshop(ctx.input.params.id);
    authorize(ctx.state.user, 'supervision.read', w);
    const items = await SelfCheckModel.find({ workshopId: String(w._id) }).sort({ at: -1, _id: -1 }).limit(100).lean();
    noStore(ctx);
    ctx.body = { data: items.map((i) => presentSelfCheck(i)) };
  });

  api.route('get', '/workshops/:id/samples', {
    summary: '作坊的抽检记录（业主或本辖区监管人员）', tags: T_SAMPLE, auth: true, params: WorkshopIdParams, response: SampleList, errors: [404],
  }, async (ctx) => {
    const w = await loadWorkshop(ctx.input.params.id);
    authorize(ctx.state.user, 'supervision.read', w);
    const items = await SampleModel.find({ workshopId: String(w._id) }).sort({ at: -1, _id: -1 }).limit(100).lean();
    noStore(ctx);
    ctx.body = { data: await presentSamples(items), page: 1, pageSize: 100, total: items.length };
  });

  api.route('get', '/workshops/:id/penalties', {
    summary: '作坊的行政处罚（业主或本辖区监管人员，含信用修复状态）', tags: T_PENALTY, auth: true, params: WorkshopIdParams, response: PenaltyList, errors: [404],
  }, async (ctx) => {
    const w = await loadWorkshop(ctx.input.params.id);
    authorize(ctx.state.user, 'supervision.read', w);
    const items = await PenaltyModel.find({ workshopId: String(w._id) }).sort({ decidedAt: -1, _id: -1 }).limit(100).lean();
    noStore(ctx);
    ctx.body = { data: await presentPenalties(items), page: 1, pageSize: 100, total: items.length };
  });

  // --- sampling ---
  api.route('post', '/samples', {
    summary: '录入监督抽检结果（不合格自动开启后处理）', tags: T_SAMPLE, auth: [...STAFF], body: CreateSampleBody, response: SampleResponse, status: 201, errors: ERR,
  }, async (ctx) => {
    const { doc, replayed } = await recordSample(ctx, ctx.input.body);
    ctx.body = { data: (await presentSamples([doc]))[0], replayed };
  });

  api.route('get', '/samples', {
    summary: '本辖区抽检记录（可按结果、后处理状态筛选）', tags: T_SAMPLE, auth: [...STAFF], query: SampleQuery, response: SampleList, errors: [403],
  }, async (ctx) => {
    const q = ctx.input.query;
    const filter: QueryFilter<Sample> = { region: regionScope(ctx.state.user!, q.region).filter };
    if (q.workshopId) filter.workshopId = q.workshopId;
    if (q.result) filter.result = q.result;
    if (q.followUp) filter['followUp.status'] = q.followUp;
    const [items, total] = await Promise.all([
      SampleModel.find(filter).sort({ at: -1, _id: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean(),
      SampleModel.countDocuments(filter),
    ]);
    noStore(ctx);
    ctx.body = { data: await presentSamples(items), page: q.page, pageSize: q.pageSize, total };
  });

  api.route('get', '/samples/:id', {
    summary: '抽检记录详情（本辖区监管人员或作坊业主）', tags: T_SAMPLE, auth: true, params: IdParams, response: SampleResponse, errors: [404],
  }, async (ctx) => {
    const s = await loadOr404(SampleModel.findById(ctx.input.params.id).lean(), '抽检记录');
    authorize(ctx.state.user, 'supervision.read', await placeOf(s));
    noStore(ctx);
    ctx.body = { data: (await presentSamples([s]))[0] };
  });

  api.route('post', '/samples/:id/close-follow-up', {
    summary: '完成不合格抽检的后处理（填写处置情况）', tags: T_SAMPLE, auth: [...STAFF], params: IdParams, body: CloseFollowUpBody, response: SampleResponse, errors: ERR,
  }, async (ctx) => {
    const s = await loadOr404(SampleModel.findById(ctx.input.params.id), '抽检记录');
    ctx.body = { data: (await presentSamples([await closeFollowUp(ctx, s, ctx.input.body)]))[0] };
  });

  // --- penalties and credit repair ---
  api.route('post', '/penalties', {
    summary: '录入行政处罚（公示至信用修复或满3年）', tags: T_PENALTY, auth: [...STAFF], body: CreatePenaltyBody, response: PenaltyResponse, status: 201, errors: ERR,
    description: '缺少决定书文号返回 400（body.decisionNumber）；同一文号重复录入返回 409 penalty.duplicate。',
  }, async (ctx) => {
    ctx.body = { data: (await presentPenalties([await recordPenalty(ctx, ctx.input.body)]))[0] };
  });

  api.route('get', '/penalties', {
    summary: '本辖区行政处罚（repair=requested 为待审核的信用修复）', tags: T_PENALTY, auth: [...STAFF], query: PenaltyQuery, response: PenaltyList, errors: [403],
  }, async (ctx) => {
    const q = ctx.input.query;
    const filter: QueryFilter<Penalty> = { region: regionScope(ctx.state.user!, q.region).filter };
    if (q.workshopId) filter.workshopId = q.workshopId;
    if (q.repair) filter['repair.status'] = q.repair;
    const [items, total] = await Promise.all([
      PenaltyModel.find(filter).sort({ decidedAt: -1, _id: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean(),
      PenaltyModel.countDocuments(filter),
    ]);
    noStore(ctx);
    ctx.body = { data: await presentPenalties(items), page: q.page, pageSize: q.pageSize, total };
  });

  api.route('get', '/penalties/:id', {
    summary: '行政处罚详情（本辖区监管人员或作坊业主）', tags: T_PENALTY, auth: true, params: IdParams, response: PenaltyResponse, errors: [404],
  }, async (ctx) => {
    const p = await loadOr404(PenaltyModel.findById(ctx.input.params.id).lean(), '处罚记录');
    authorize(ctx.state.user, 'supervision.read', await placeOf(p));
    noStore(ctx);
    ctx.body = { data: (await presentPenalties([p]))[0] };
  });

  api.route('post', '/penalties/:id/repair', {
    summary: '业主申请信用修复（公示期满后）', tags: T_PENALTY, auth: true, params: IdParams, body: RepairRequestBody, response: PenaltyResponse, errors: ERR,
    description: '公示期未满返回 422 penalty.repair_not_eligible（提示届满日期）。',
  }, async (ctx) => {
    const p = await loadOr404(PenaltyModel.findById(ctx.input.params.id), '处罚记录');
    const w = await loadWorkshop(p.workshopId);
    ctx.body = { data: (await presentPenalties([await requestRepair(ctx, p, w, ctx.input.body)]))[0] };
  });

  api.route('post', '/penalties/:id/repair-review', {
    summary: '审核信用修复（本辖区管理员；通过后处罚信息停止公示）', tags: T_PENALTY, auth: ['admin'], params: IdParams, body: RepairReviewBody, response: PenaltyResponse, errors: ERR,
  }, async (ctx) => {
    const p = await loadOr404(PenaltyModel.findById(ctx.input.params.id), '处罚记录');
    const w = await loadWorkshop(p.workshopId);
    ctx.body = { data: (await presentPenalties([await reviewRepair(ctx, p, w, ctx.input.body)]))[0] };
  });

  // --- 双随机、一公开 ---
  api.route('post', '/draws', {
    summary: '新建双随机抽查任务（立即公布种子哈希）', tags: T_DRAW, auth: ['admin'], body: CreateDrawBody, response: DrawResponse, status: 201, errors: [403, 422],
    description: '服务器生成32字节随机种子并保密，先公布 sha256(seed)；抽取后公开种子，任何人可用 shared/src/domain/draw.ts 复算名单。',
  }, async (ctx) => {
    ctx.body = { data: await drawView(ctx.services, await createDraw(ctx, ctx.input.body)) };
  });

  api.route('post', '/draws/:id/draw', {
    summary: '执行抽取（抽取作坊与执法人员，公开种子，生成检查任务）', tags: T_DRAW, auth: ['admin'], params: DrawIdParams, response: DrawResponse, errors: [403, 404, 409, 422],
  }, async (ctx) => {
    const task = await loadOr404(DrawTaskModel.findById(ctx.input.params.id), '抽查任务');
    authorize(ctx.state.user, 'supervision.draw', task);
    ctx.body = { data: await drawView(ctx.services, await performDraw(ctx.services, task, ctx)) };
  });

  api.route('get', '/draws', {
    summary: '双随机抽查任务公示列表（公开）', tags: T_DRAW, auth: false, query: DrawQuery, response: DrawList, also: NOT_MODIFIED,
  }, async (ctx) => {
    sendCacheable(ctx, await drawsPage(ctx.services, ctx.input.query));
  });

  api.route('get', '/draws/:id', {
    summary: '双随机抽查任务与结果公示（公开：种子哈希、种子、候选名单、抽取结果）', tags: T_DRAW, auth: false, params: DrawIdParams, response: DrawResponse, also: NOT_MODIFIED, errors: [404],
  }, async (ctx) => {
    const task = await loadOr404(DrawTaskModel.findById(ctx.input.params.id).lean(), '抽查任务');
    sendCacheable(ctx, { data: await drawView(ctx.services, task) });
  });
}
