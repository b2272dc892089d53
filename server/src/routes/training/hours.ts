// Public: a workshop's training hours in the last N months (the credit file shows them; programs count them).
import { TrainingHoursParams, TrainingHoursQuery, TrainingHoursResponse } from '@shared/schemas/trainingQuiz';
import type { ApiRouter } from '../../http/api';
import { NOT_MODIFIED, sendCacheable } from '../../http/cache';
import { notFound } from '../../errors';
import { WorkshopModel } from '../../models/Workshop';
import { trainingHours } from '../../services/trainingHours';

export function trainingHoursRoutes(api: ApiRouter) {
  api.route('get', '/workshops/:id/training-hours', {
    summary: '作坊近N个月培训学时（公开；按培训证书发放日期统计）', tags: ['信用公示（公开数据）'], auth: false,
    params: TrainingHoursParams, query: TrainingHoursQuery, response: TrainingHoursResponse, also: NOT_MODIFIED, errors: [404],
  }, async (ctx) => {
    const id = ctx.input.params.id;
    const w = await WorkshopModel.findById(id, { status: 1 }).lean();
    if (!w || w.status === 'unlicensed') throw notFound();
    const h = await trainingHours(id, ctx.input.query.months);
    sendCacheable(ctx, {
      workshopId: id, months: h.months, since: h.since, hours: h.hours,
      certificates: h.certificates.map((c) => ({ no: c.no, courseTitle: c.courseTitle, hours: c.hours, sessionDate: c.sessionDate })),
    });
  });
}
