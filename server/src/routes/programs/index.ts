// Heritage and brand programs (品牌、非遗项目, issue 14): the public program pages, notice lists and awards;
// the owner's eligibility check, applications and answers; the admin's programs, review, decisions,
// objections and revocations; an inheritor's teaching record for the subsidy.
import { Types, type QueryFilter } from 'mongoose';
import { isWithinRegion } from '@shared/domain/region';
import { HERITAGE_KINDS, SHOWN_AWARD_STATUSES } from '@shared/domain/programs';
import {
  AnswerBody, ApplicationIdParams, ApplicationList, ApplicationResponse, ApplicationsQuery, ApplyBody, ApproveBody, AwardIdParams, AwardPage, AwardResponse,
  AwardReviewList, AwardReviewResponse, AwardsQuery, CreateProgramBody, EligibilityQuery, EligibilityResponse, FlaggedAwardsQuery, MyApplicationList,
  NoticeResponse, ObjectionBody, ObjectionResponse, ProgramIdParams, ProgramList, ProgramQuery, ProgramResponse, ProgramsForMeResponse, QuestionBody, RejectBody,
  ResolveObjectionBody, RevokeBody, ScoreBody, StoryBody, SubsidyResponse, TeachingBody, UpdateProgramBody,
} from '@shared/schemas/programs';
import type { ApiRouter } from '../../http/api';
import type { AppContext } from '../../http/types';
import { forbidden, notFound, unauthorized } from '../../errors';
import { AwardModel, type Award } from '../../models/Award';
import type { Lean } from '../../models/lean';
import { ProgramModel, type Program } from '../../models/Program';
import { ProgramApplicationModel, type ProgramApplication } from '../../models/ProgramApplication';
import { WorkshopModel } from '../../models/Workshop';
import { can } from '../../policies';
import { hasRole, insideRegion, regionScope } from '../../policies/jurisdiction';
import { actorOf } from '../../policies/policy';
import { presentApplication, presentAward, presentAwardReview, presentProgram } from '../../presenters/programs';
import { shanghaiDate } from '../../services/calendar';
import {
  answer, apply, approve, ask, createProgram, eligibilityOf, readFacts, readTeaching, loadApplication, loadAward, loadOwnWorkshop, loadProgram, object, recordTeaching, reject,
  resolveObjection, revokeAward, score, updateProgram, windowOpen, withdraw, writeStory,
} from '../../commands/programs';
import { deviceOf, limitSubmission } from '../tipoffs';

const T_PUBLIC = ['品牌与非遗项目'];
const T_OWNER = ['品牌与非遗项目（申报）'];
const T_ADMIN = ['品牌与非遗项目（评审）'];
const noStore = (ctx: AppContext) => ctx.set('Cache-Control', 'no-store');
/** A region and the regions above it: the programs issued there reach it. */
const coveringRegions = (code: string) => [2, 4, 6].filter((n) => n <= code.length).map((n) => code.slice(0, n));

async function programsById(ids: readonly string[]): Promise<Map<string, Lean<Program>>> {
  const list = [...new Set(ids)].filter((i) => Types.ObjectId.isValid(i));
  const docs = list.length ? await ProgramModel.find(list.length === 1 ? { _id: list[0] } : { _id: { $in: list } }).lean() : [];
  return new Map(docs.map((p) => [String(p._id), p]));
}

async function applicationViews(ctx: AppContext, list: readonly Lean<ProgramApplication>[], staff: boolean) {
  const programs = await programsById(list.map((a) => a.programId));
  return list.map((a) => presentApplication(a, programs.get(a.programId) ?? null, ctx.services.regions, staff));
}
const applicationResponse = async (ctx: AppContext, a: Lean<ProgramApplication>, staff: boolean) => {
  noStore(ctx);
  return { data: (await applicationViews(ctx, [a], staff))[0] };
};

/** The workshop asked for, or the owner's most recent one. */
async function ownWorkshopId(ctx: AppContext, asked: string | undefined): Promise<string> {
  if (asked) return asked;
  const own = await WorkshopModel.findOne({ ownerId: String(ctx.state.user!._id) }, { _id: 1 }).sort({ createdAt: -1 }).lean();
  if (!own) throw notFound('resource.not_found', '您名下还没有作坊，请先办理登记');
  return String(own._id);
}

export function programRoutes(api: ApiRouter) {
  // --- public ---
  api.route('get', '/programs', {
    summary: '品牌与非遗项目列表（公开；region：适用于该区划的项目；管理员 mine=1 看本辖区发布的全部项目）', tags: T_PUBLIC, auth: 'optional',
    query: ProgramQuery, response: ProgramList, errors: [401, 403],
  }, async (ctx) => {
    const q = ctx.input.query;
    const user = ctx.state.user;
    let filter: QueryFilter<Program>;
    if (q.mine) {
      if (!user) throw unauthorized();
      if (!hasRole(actorOf(user), 'admin')) throw forbidden();
      filter = { region: regionScope(user).filter };
    } else {
      filter = { active: true };
      if (q.region) filter.region = { $in: coveringRegions(q.region) };
    }
    if (q.kind) filter.kind = q.kind;
    const list = await ProgramModel.find(filter).limit(500).lean();
    const now = new Date();
    list.sort((a, b) => b.applyFrom.localeCompare(a.applyFrom) || a.name.localeCompare(b.name));
    noStore(ctx);
    ctx.body = { data: list.map((p) => presentProgram(p, ctx.services.regions, now)) };
  });

  api.route('get', '/programs/:id', {
    summary: '项目详情：申报条件、材料、名额、申报时间、公示天数', tags: T_PUBLIC, auth: 'optional', params: ProgramIdParams, response: ProgramResponse, errors: [404],
  }, async (ctx) => {
    const p = await ProgramModel.findById(ctx.input.params.id).lean();
    if (!p || (!p.active && !can(ctx.state.user, 'program.readInactive', p))) throw notFound('program.not_found');
    noStore(ctx);
    ctx.body = { data: presentProgram(p, ctx.services.regions) };
  });

  api.route('get', '/programs/:id/notice', {
    summary: '公示名单：通过评审、正在公示的作坊（公示期内可提出异议）', tags: T_PUBLIC, auth: false, params: ProgramIdParams, response: NoticeResponse, errors: [404],
  }, async (ctx) => {
    const p = await ProgramModel.findById(ctx.input.params.id).lean();
    if (!p || !p.active) throw notFound('program.not_found');
    const list = await ProgramApplicationModel.find({ programId: String(p._id), status: 'in_notice' }).sort({ noticeEndsAt: 1 }).limit(500).lean();
    noStore(ctx);
    ctx.body = {
      data: {
        program: { id: String(p._id), name: p.name, kindLabel: presentProgram(p, ctx.services.regions).kindLabel, issuer: p.issuer, noticeDays: p.noticeDays },
        entries: list.map((a) => ({
          applicationId: String(a._id), workshop: { id: a.workshopId, name: a.workshopName, region: { code: a.region, name: ctx.services.regions.fullName(a.region) ?? a.region } },
          noticeFrom: a.noticeFrom ?? '', noticeUntil: a.noticeUntil ?? '',
        })),
        objectionHint: `公示期内，对拟授予作坊有异议的，可实名或匿名提出（POST /applications/{id}/objections），由${p.issuer}核实处理。`,
      },
    };
  });

  api.route('get', '/awards', {
    summary: '获得称号的作坊（公开；按区域、项目、类别；heritage=1 为非遗美食）', tags: T_PUBLIC, auth: false, query: AwardsQuery, response: AwardPage,
  }, async (ctx) => {
    const q = ctx.input.query;
    const filter: QueryFilter<Award> = { status: { $in: SHOWN_AWARD_STATUSES } };
    if (q.programId) filter.programId = q.programId;
    else if (q.kind) filter.kind = q.kind;
    else if (q.heritage) filter.kind = { $in: HERITAGE_KINDS };
    if (q.region) filter.region = insideRegion(q.region);
    const [items, total] = await Promise.all([
      AwardModel.find(filter).sort({ grantedAt: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean(),
      AwardModel.countDocuments(filter),
    ]);
    noStore(ctx);
    ctx.body = { data: items.map((a) => presentAward(a, ctx.services.regions)), page: q.page, pageSize: q.pageSize, total };
  });

  api.route('get', '/awards/:id', {
    summary: '称号详情（公开；非遗作坊含技艺、传承人、历史与照片）', tags: T_PUBLIC, auth: false, params: AwardIdParams, response: AwardResponse, errors: [404],
  }, async (ctx) => {
    const aw = await AwardModel.findById(ctx.input.params.id).lean();
    if (!aw || aw.status === 'revoked') throw notFound('resource.not_found', '未找到该称号');
    noStore(ctx);
    ctx.body = { data: presentAward(aw, ctx.services.regions) };
  });

  api.route('post', '/applications/:id/objections', {
    summary: '对公示中的作坊提出异议（可匿名；作为举报受理并关联到该申报，处理完毕前暂不授予）', tags: T_PUBLIC, auth: 'optional',
    params: ApplicationIdParams, body: ObjectionBody, response: ObjectionResponse, status: 201, errors: [401, 404, 422],
  }, async (ctx) => {
    const a = await ProgramApplicationModel.findById(ctx.input.params.id);
    if (!a || !['in_notice', 'awarded', 'rejected'].includes(a.status)) throw notFound('resource.not_found', '未找到该公示');
    const deviceId = deviceOf(ctx);
    await limitSubmission(ctx, deviceId);
    const r = await object(ctx, a, ctx.input.body, { ip: ctx.ip, deviceId });
    noStore(ctx);
    ctx.body = { receiptCode: r.tipoff.receiptCode, token: r.token, duplicate: r.duplicate, acceptDue: r.acceptDue };
  });

  // --- owner ---
  api.route('get', '/programs/for-me', {
    summary: '适合我的项目：作坊所在区域正在申报的项目，每个项目逐条显示是否符合条件、未满足的怎么做', tags: T_OWNER, auth: true, query: EligibilityQuery,
    response: ProgramsForMeResponse, errors: [404],
  }, async (ctx) => {
    const w = await loadOwnWorkshop(ctx, await ownWorkshopId(ctx, ctx.input.query.workshopId));
    const now = new Date();
    const programs = (await ProgramModel.find({ active: true, region: { $in: coveringRegions(w.region) } }).limit(200)).filter((p) => windowOpen(p, now));
    const facts = await readFacts(w, now);
    const mine = await ProgramApplicationModel.find({ ownerId: String(ctx.state.user!._id) }, { programId: 1, workshopId: 1, status: 1, year: 1 }).sort({ submittedAt: -1 }).limit(200).lean();
    const year = Number(shanghaiDate(now).slice(0, 4));
    const statusOf = (pid: string) => mine.find((a) => a.programId === pid && a.workshopId === String(w._id) && a.year === year && a.status !== 'withdrawn')?.status ?? null;
    const items = [];
    for (const p of programs) {
      const r = await eligibilityOf(p, w, now, facts);
      items.push({ program: presentProgram(p, ctx.services.regions, now), eligible: r.eligible, rules: r.rules, applicationStatus: statusOf(String(p._id)) as never });
    }
    // Eligible first, then by name.
    items.sort((a, b) => Number(b.eligible) - Number(a.eligible) || a.program.name.localeCompare(b.program.name));
    noStore(ctx);
    ctx.body = { data: { workshop: { id: String(w._id), name: w.name }, programs: items } };
  });

  api.route('get', '/programs/:id/eligibility', {
    summary: '我的作坊是否符合申报条件：逐条显示，未满足的说明怎么做', tags: T_OWNER, auth: true, params: ProgramIdParams, query: EligibilityQuery,
    response: EligibilityResponse, errors: [404],
  }, async (ctx) => {
    const p = await loadProgram(ctx.input.params.id);
    if (!p.active) throw notFound('program.not_found');
    const w = await loadOwnWorkshop(ctx, await ownWorkshopId(ctx, ctx.input.query.workshopId));
    const r = await eligibilityOf(p, w);
    noStore(ctx);
    ctx.body = { data: { programId: String(p._id), workshop: { id: String(w._id), name: w.name }, eligible: r.eligible, open: windowOpen(p), rules: r.rules } };
  });

  api.route('post', '/programs/:id/applications', {
    summary: '申报（申报时间内、符合全部条件；每个作坊每个项目每年一次）', tags: T_OWNER, auth: true, params: ProgramIdParams, body: ApplyBody,
    response: ApplicationResponse, status: 201, errors: [404, 409, 422],
    description: '不在申报时间内：422 program.window_closed；不符合条件：422 program.not_eligible，details.failed 为未满足的条件及办理建议；'
      + '本年度已申报：409 program.already_applied。材料先以 purpose=program 上传。',
  }, async (ctx) => {
    const a = await apply(ctx, await loadProgram(ctx.input.params.id), ctx.input.body);
    ctx.body = await applicationResponse(ctx, a, false);
  });

  api.route('get', '/applications/mine', {
    summary: '我的申报：状态、评审提问、公示期', tags: T_OWNER, auth: true, response: MyApplicationList,
  }, async (ctx) => {
    const list = await ProgramApplicationModel.find({ ownerId: String(ctx.state.user!._id) }).sort({ submittedAt: -1 }).limit(200).lean();
    noStore(ctx);
    ctx.body = { data: await applicationViews(ctx, list, false) };
  });

  api.route('post', '/applications/:id/withdraw', {
    summary: '撤回申报（作出评审结论前）', tags: T_OWNER, auth: true, params: ApplicationIdParams, response: ApplicationResponse, errors: [404, 409],
  }, async (ctx) => {
    const a = await withdraw(ctx, await loadApplication(ctx.input.params.id));
    ctx.body = await applicationResponse(ctx, a, false);
  });

  api.route('post', '/applications/:id/answer', {
    summary: '答复评审人员的提问（可补充材料）', tags: T_OWNER, auth: true, params: ApplicationIdParams, body: AnswerBody, response: ApplicationResponse, errors: [404, 409, 422],
  }, async (ctx) => {
    const a = await answer(ctx, await loadApplication(ctx.input.params.id), ctx.input.body);
    ctx.body = await applicationResponse(ctx, a, false);
  });

  api.route('post', '/awards/:id/teaching', {
    summary: '传承人登记传艺授徒（徒弟、学时），返回本年度补贴测算', tags: T_OWNER, auth: true, params: AwardIdParams, body: TeachingBody, response: SubsidyResponse,
    status: 201, errors: [404, 409, 422],
    description: '补贴按本年度授徒学时计算：达到项目规定学时全额，不足按比例（分，取整）。',
  }, async (ctx) => {
    const aw = await loadAward(ctx.input.params.id);
    const data = await recordTeaching(ctx, aw, ctx.input.body);
    noStore(ctx);
    ctx.body = { data };
  });

  api.route('get', '/awards/:id/teaching', {
    summary: '传承人本年度的传艺授徒记录与补贴测算：传承人本人，或本辖区管理员（发放补贴）', tags: T_OWNER, auth: true, params: AwardIdParams, response: SubsidyResponse, errors: [403, 404, 422],
  }, async (ctx) => {
    const data = await readTeaching(ctx, await loadAward(ctx.input.params.id), Number(shanghaiDate(new Date()).slice(0, 4)));
    noStore(ctx);
    ctx.body = { data };
  });

  api.route('put', '/awards/:id/story', {
    summary: '编写非遗故事页（技艺、传承人、历史、照片）：作坊业主或本辖区管理员', tags: T_OWNER, auth: true, params: AwardIdParams, body: StoryBody, response: AwardResponse,
    errors: [404, 409, 422], description: '照片先以 purpose=story 上传（公开展示）。只适用于非遗项目、传承人和工作室（否则 422 award.no_story）。',
  }, async (ctx) => {
    const aw = await writeStory(ctx, await loadAward(ctx.input.params.id), ctx.input.body);
    noStore(ctx);
    ctx.body = { data: presentAward(aw, ctx.services.regions) };
  });

  // --- admin ---
  api.route('post', '/programs', {
    summary: '发布项目（本辖区）', tags: T_ADMIN, auth: ['admin'], body: CreateProgramBody, response: ProgramResponse, status: 201,
  }, async (ctx) => {
    const p = await createProgram(ctx, ctx.input.body);
    ctx.body = { data: presentProgram(p, ctx.services.regions) };
  });

  api.route('patch', '/programs/:id', {
    summary: '修改项目（申报时间、条件、名额等）', tags: T_ADMIN, auth: ['admin'], params: ProgramIdParams, body: UpdateProgramBody, response: ProgramResponse, errors: [404, 422],
  }, async (ctx) => {
    const p = await updateProgram(ctx, await loadProgram(ctx.input.params.id), ctx.input.body);
    ctx.body = { data: presentProgram(p, ctx.services.regions) };
  });

  api.route('get', '/programs/:id/applications', {
    summary: '项目的申报（本辖区作坊）：评审打分、提问、异议', tags: T_ADMIN, auth: ['admin'], params: ProgramIdParams, query: ApplicationsQuery,
    response: ApplicationList, errors: [404],
  }, async (ctx) => {
    const p = await loadProgram(ctx.input.params.id);
    const q = ctx.input.query;
    const mine = regionScope(ctx.state.user!, q.region).code;
    // The program's applicants inside the admin's region: the deeper of the two regions.
    let scope: string;
    if (isWithinRegion(p.region, mine)) scope = p.region;
    else if (isWithinRegion(mine, p.region)) scope = mine;
    else throw forbidden('auth.out_of_region');
    const filter: QueryFilter<ProgramApplication> = { programId: String(p._id), region: insideRegion(scope) };
    if (q.status) filter.status = q.status;
    const [items, total] = await Promise.all([
      ProgramApplicationModel.find(filter).sort({ submittedAt: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean(),
      ProgramApplicationModel.countDocuments(filter),
    ]);
    noStore(ctx);
    ctx.body = { data: await applicationViews(ctx, items, true), page: q.page, pageSize: q.pageSize, total };
  });

  api.route('post', '/applications/:id/score', {
    summary: '评审打分（每位评审一份，再次提交覆盖）', tags: T_ADMIN, auth: ['admin'], params: ApplicationIdParams, body: ScoreBody, response: ApplicationResponse, errors: [404, 409],
  }, async (ctx) => {
    ctx.body = await applicationResponse(ctx, await score(ctx, await loadApplication(ctx.input.params.id), ctx.input.body), true);
  });

  api.route('post', '/applications/:id/question', {
    summary: '向申报人提问（申报人在“我的申报”中答复）', tags: T_ADMIN, auth: ['admin'], params: ApplicationIdParams, body: QuestionBody, response: ApplicationResponse, errors: [404, 409],
  }, async (ctx) => {
    ctx.body = await applicationResponse(ctx, await ask(ctx, await loadApplication(ctx.input.params.id), ctx.input.body.question), true);
  });

  api.route('post', '/applications/:id/approve', {
    summary: '评审通过：占用本年度名额，进入公示', tags: T_ADMIN, auth: ['admin'], params: ApplicationIdParams, body: ApproveBody, response: ApplicationResponse,
    errors: [404, 409, 422],
    description: '名额已满：409 program.quota_full（两位管理员同时批准最后一个名额，只有一位成功）；打分人数不足：422 program.scores_missing。公示期按工作日计算。',
  }, async (ctx) => {
    ctx.body = await applicationResponse(ctx, await approve(ctx, await loadApplication(ctx.input.params.id), ctx.input.body.note), true);
  });

  api.route('post', '/applications/:id/reject', {
    summary: '评审不予通过（须说明理由）', tags: T_ADMIN, auth: ['admin'], params: ApplicationIdParams, body: RejectBody, response: ApplicationResponse, errors: [404, 409],
  }, async (ctx) => {
    ctx.body = await applicationResponse(ctx, await reject(ctx, await loadApplication(ctx.input.params.id), ctx.input.body.reason), true);
  });

  api.route('post', '/applications/:id/objections/resolve', {
    summary: '处理公示异议：成立则不予授予并退回名额；不成立则继续公示', tags: T_ADMIN, auth: ['admin'], params: ApplicationIdParams, body: ResolveObjectionBody,
    response: ApplicationResponse, errors: [404, 409, 422],
  }, async (ctx) => {
    ctx.body = await applicationResponse(ctx, await resolveObjection(ctx, await loadApplication(ctx.input.params.id), ctx.input.body), true);
  });

  api.route('get', '/awards/flagged', {
    summary: '待复核的称号（本辖区作坊有严重违法违规）', tags: T_ADMIN, auth: ['admin'], query: FlaggedAwardsQuery, response: AwardReviewList,
  }, async (ctx) => {
    const scope = regionScope(ctx.state.user!, ctx.input.query.region);
    const list = await AwardModel.find({ status: 'flagged', region: scope.filter }).sort({ grantedAt: -1 }).limit(500).lean();
    noStore(ctx);
    ctx.body = { data: list.map((a) => presentAwardReview(a, ctx.services.regions)) };
  });

  api.route('post', '/awards/:id/revoke', {
    summary: '撤销称号（须说明理由；徽章从公示档案撤下，记录保留）', tags: T_ADMIN, auth: ['admin'], params: AwardIdParams, body: RevokeBody, response: AwardReviewResponse,
    errors: [404, 409],
  }, async (ctx) => {
    const aw = await revokeAward(ctx, await loadAward(ctx.input.params.id), ctx.input.body.reason);
    noStore(ctx);
    ctx.body = { data: presentAwardReview(aw, ctx.services.regions) };
  });
}

