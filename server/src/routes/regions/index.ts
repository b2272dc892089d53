import { RegionsQuery, RegionsResponse } from '@shared/schemas/regions';
import type { ApiRouter } from '../../http/api';
import { notFound } from '../../errors';

export function regionRoutes(api: ApiRouter) {
  api.route('get', '/regions', {
    summary: '行政区划（GB/T 2260）：不带 parent 返回省级，带 parent 返回下一级', tags: ['公共数据'], auth: false,
    query: RegionsQuery, response: RegionsResponse, errors: [404],
  }, (ctx) => {
    const list = ctx.services.regions.list(ctx.input.query.parent);
    if (!list) throw notFound('region.not_found');
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = { data: list };
  });
}
