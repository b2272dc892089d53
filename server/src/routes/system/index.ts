import { HealthResponse, MetaResponse } from '@shared/schemas/system';
import type { ApiRouter } from '../../http/api';

export const APP_NAME = '食品小作坊服务平台';
export const APP_VERSION = '0.1.0';

export function systemRoutes(api: ApiRouter) {
  api.route('get', '/health', { summary: '健康检查', tags: ['系统'], auth: false, response: HealthResponse }, async (ctx) => {
    const { db } = ctx.services;
    await db.connection.db!.command({ ping: 1 });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { ok: true, db: db.kind };
  });

  api.route('get', '/meta', { summary: '客户端配置（登录方式等）', tags: ['系统'], auth: false, response: MetaResponse }, (ctx) => {
    const c = ctx.services.config;
    const home = c.homeRegion && ctx.services.regions.exists(c.homeRegion) ? { code: c.homeRegion, name: ctx.services.regions.name(c.homeRegion) ?? c.homeRegion } : null;
    ctx.body = { name: APP_NAME, devLogin: c.devLogin, version: APP_VERSION, signIn: { sms: !!c.sms, wechatQr: !!c.wechatWeb, staff: true }, homeRegion: home };
  });
}
