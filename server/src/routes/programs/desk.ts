// The admin review desk of the programs (issue 14): programs with their counts and quota use, one application
// for review, keeping a flagged award after review. The decisions themselves are the routes of index.ts.
import { ApplicationIdParams, AwardIdParams, AwardReviewResponse } from '@shared/schemas/programs';
import { ApplicationReviewResponse, DeskProgramsResponse, KeepAwardBody } from '@shared/schemas/programsDesk';
import type { ApiRouter } from '../../http/api';
import { loadApplication, loadAward } from '../../commands/programs';
import { applicationReview, deskPrograms, keepAward } from '../../commands/programs/desk';
import { presentAwardReview } from '../../presenters/programs';

const T_ADMIN = ['品牌与非遗项目（评审）'];

export function programDeskRoutes(api: ApiRouter) {
  api.route('get', '/programs/desk', {
    summary: '评审台：本辖区的项目（本辖区发布的和上级发布的），各状态申报数、本年度名额使用、公示情况', tags: T_ADMIN, auth: ['admin'],
    response: DeskProgramsResponse, errors: [403],
  }, async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await deskPrograms(ctx);
  });

  api.route('get', '/applications/:id/review', {
    summary: '评审一份申报：作坊情况、提交时与目前的资格核验、各评审打分、名额使用', tags: T_ADMIN, auth: ['admin'], params: ApplicationIdParams,
    response: ApplicationReviewResponse, errors: [403, 404],
  }, async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: await applicationReview(ctx, await loadApplication(ctx.input.params.id)) };
  });

  api.route('post', '/awards/:id/keep', {
    summary: '复核后保留称号（须填写复核意见；违法违规记录保留在称号历史中）', tags: T_ADMIN, auth: ['admin'], params: AwardIdParams, body: KeepAwardBody,
    response: AwardReviewResponse, errors: [403, 404, 409],
  }, async (ctx) => {
    const aw = await keepAward(ctx, await loadAward(ctx.input.params.id), ctx.input.body.note);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: presentAwardReview(aw, ctx.services.regions) };
  });
}
