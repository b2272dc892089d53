import {
  BlackWorkshopPage, BlackWorkshopQuery, TimelineResponse, WorkshopDetail, WorkshopIdParams, WorkshopPage, WorkshopSearchQuery,
} from '@shared/schemas/workshops';
import { categoryName } from '@shared/domain/categories';
import type { ApiRouter } from '../../http/api';
import { NOT_MODIFIED, sendCacheable } from '../../http/cache';
import { notFound } from '../../errors';
import { WorkshopModel } from '../../models/Workshop';
import { AwardModel } from '../../models/Award';
import { SHOWN_AWARD_STATUSES } from '@shared/domain/programs';
import { presentPublicAward } from '../../presenters/programs';
import { readPublicFile } from '../../services/publicFile';
import { presentCreditEvent, presentWorkshopDetail, presentWorkshopSummary } from '../../presenters/workshop';
import { blackWorkshops, searchWorkshops } from './search';
import { routeIpLimit } from '../../middlewares/rateLimit';

const TAGS = ['信用公示（公开数据）'];
// Searches per client IP, on top of the app-wide limit: the public door a scraper would use.
const searchLimit = routeIpLimit('search', (c) => ({ points: c.rateLimit.searchPerMin, durationSec: 60 }));

export function workshopRoutes(api: ApiRouter) {
  api.route('get', '/workshops', {
    summary: '查询作坊（名称、拼音首字母、登记证编号、区域、类别、风险等级）', tags: TAGS, auth: false,
    description: '公开数据接口。支持 ETag / If-None-Match（304）。排序稳定，按页分页。',
    query: WorkshopSearchQuery, response: WorkshopPage, also: NOT_MODIFIED,
  }, async (ctx) => {
    const q = ctx.input.query;
    const { items, total } = await searchWorkshops(ctx.services.workshopIndex, q);
    const regionName = (c: string) => ctx.services.regions.localName(c);
    sendCacheable(ctx, { data: items.map((w) => presentWorkshopSummary(w, regionName)), page: q.page, pageSize: q.pageSize, total });
  }, searchLimit);

  api.route('get', '/workshops/:id', {
    summary: '作坊信用档案', tags: TAGS, auth: false, params: WorkshopIdParams, response: WorkshopDetail, also: NOT_MODIFIED, errors: [404],
  }, async (ctx) => {
    const w = await WorkshopModel.findById(ctx.input.params.id).lean();
    if (!w || w.status === 'unlicensed') throw notFound();
    // The credit file leads with the latest inspection, kept on the public file (one read by _id,
    // whatever the number of inspections).
    const file = await readPublicFile(String(w._id));
    // Its badges with dates and issuing bodies (awards of programs, issue 14), newest first.
    const awards = await AwardModel.find({ workshopId: String(w._id), status: { $in: SHOWN_AWARD_STATUSES } }).limit(50).lean();
    awards.sort((a, b) => +new Date(b.grantedAt ?? 0) - +new Date(a.grantedAt ?? 0));
    sendCacheable(ctx, { ...presentWorkshopDetail(w, (c) => ctx.services.regions.name(c), file?.latestInspection ?? null), awards: awards.map(presentPublicAward) });
  });

  api.route('get', '/workshops/:id/timeline', {
    summary: '作坊信用记录时间线（登记、检查、抽检、处罚、培训、荣誉）', tags: TAGS, auth: false,
    params: WorkshopIdParams, response: TimelineResponse, also: NOT_MODIFIED, errors: [404],
  }, async (ctx) => {
    const id = ctx.input.params.id;
    const w = await WorkshopModel.findById(id, { status: 1 }).lean();
    if (!w || w.status === 'unlicensed') throw notFound();
    const now = new Date();
    // The newest events, embedded in the public file (services/publicFile.ts): one read by _id.
    const file = await readPublicFile(id);
    // Penalties past their publicity period or repaired are off the public file.
    const visible = (file?.events ?? []).filter((e) => !e.publicUntil || e.publicUntil > now);
    sendCacheable(ctx, { data: visible.map(presentCreditEvent) });
  });

  api.route('get', '/black-workshops', {
    summary: '曝光黑作坊（已查实的无证生产点）', tags: TAGS, auth: false, query: BlackWorkshopQuery, response: BlackWorkshopPage, also: NOT_MODIFIED,
  }, async (ctx) => {
    const q = ctx.input.query;
    const all = await blackWorkshops(ctx.services.workshopIndex, q.region);
    const items = all.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
    const total = all.length;
    sendCacheable(ctx, {
      data: items.map((w) => ({
        id: String(w._id),
        name: w.name,
        region: { code: w.region, name: w.regionName },
        confirmedAt: new Date(w.updatedAt ?? 0).toISOString(),
        categories: w.categories.map(categoryName),
      })),
      page: q.page, pageSize: q.pageSize, total,
    });
  });
}
