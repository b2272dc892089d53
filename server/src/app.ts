import path from 'node:path';
import Koa from 'koa';
import cors from '@koa/cors';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Db } from './db/connection';
import { ApiRouter, refuseMethod } from './http/api';
import { authenticate } from './middlewares/auth';
import { compression } from './middlewares/compress';
import { errorHandler } from './middlewares/errors';
import { requestLogger } from './middlewares/logger';
import { jsonBody } from './middlewares/jsonBody';
import { ipRateLimit, makeLimiter, userRateLimit } from './middlewares/rateLimit';
import { requestId } from './middlewares/requestId';
import { securityHeaders } from './middlewares/security';
import { h5Portal } from './middlewares/static';
import { buildServices, type Services } from './services';
import { authRoutes } from './routes/auth';
import { calendarRoutes } from './routes/calendar';
import { fileRoutes } from './routes/files';
import { regionRoutes } from './routes/regions';
import { staffRoutes } from './routes/staff';
import { auditRoutes } from './routes/audit';
import { systemRoutes } from './routes/system';
import { workshopRoutes } from './routes/workshops';
import { myWorkshopRoutes } from './routes/workshops/mine';
import { certificateRoutes } from './routes/certificates';
import { registrationRoutes } from './routes/registrations';
import { supervisionRoutes } from './routes/supervision';
import { dashboardRoutes } from './routes/dashboard';
import { tipoffRoutes } from './routes/tipoffs';
import { trainingRoutes } from './routes/training';
import { paymentRoutes } from './routes/payments';
import { messageRoutes } from './routes/messages';
import { programRoutes } from './routes/programs';
import { programDeskRoutes } from './routes/programs/desk';
import { apiDocs, buildOpenApi } from './routes/system/openapi';
import { PROJECT_ROOT } from './db/ferretdb';

export const API_PREFIX = '/api/v1';

/**
 * Every API route, in one place: the OpenAPI document is built from the same list. The order does not
 * matter: the router puts static path segments before parameters (http/api.ts).
 */
export function buildApi(config: Config): ApiRouter {
  // Outside production every JSON answer is checked against its declared schema (a drift is a 500 in tests),
  // and every status against the declared ones (a 500 in tests, a warning in the log otherwise).
  const api = new ApiRouter(API_PREFIX, {
    checkResponses: !config.production,
    checkStatuses: config.env === 'test' ? 'throw' : config.production ? undefined : 'log',
  });
  systemRoutes(api);
  authRoutes(api, { devLogin: config.devLogin });
  staffRoutes(api);
  auditRoutes(api);
  regionRoutes(api);
  workshopRoutes(api);
  myWorkshopRoutes(api);
  certificateRoutes(api);
  registrationRoutes(api);
  calendarRoutes(api);
  fileRoutes(api);
  supervisionRoutes(api);
  dashboardRoutes(api);
  tipoffRoutes(api);
  trainingRoutes(api);
  paymentRoutes(api);
  messageRoutes(api);
  programRoutes(api);
  programDeskRoutes(api);
  return api;
}

export function createApp(config: Config, log: Logger, db: Db): { app: Koa; services: Services } {
  const services = buildServices(config, log, db);
  // ctx.ip feeds every per-IP limit. Koa keeps the right-most `maxIpsCount` X-Forwarded-For entries and takes
  // the first of them: the address the outermost trusted proxy saw, not the left-most one the client wrote.
  const app = new Koa({ proxy: config.trustedProxyCount > 0, maxIpsCount: config.trustedProxyCount });
  app.context.services = services;

  const api = buildApi(config);
  const openapi = buildOpenApi(api.paths);
  const ipLimiter = makeLimiter(config.rateLimit.store, 'ip', config.rateLimit.ipPerMin);
  const userLimiter = makeLimiter(config.rateLimit.store, 'user', config.rateLimit.userPerMin);

  // Order matters and reads top to bottom: identify, log, protect, compress, fail well, limit, parse, route.
  app.use(requestId());
  app.use(requestLogger(log));
  app.use(securityHeaders());
  app.use(compression());
  app.use(cors({ origin: (ctx) => (config.h5Origin && ctx.get('Origin') === config.h5Origin ? config.h5Origin : ''), credentials: false }));
  app.use(errorHandler());
  app.use(ipRateLimit(ipLimiter));
  app.use(jsonBody({ limitBytes: config.bodyLimitKb * 1024 }));
  app.use(authenticate());
  app.use(userRateLimit(userLimiter));
  app.use(async (ctx, next) => {
    if (ctx.path === `${API_PREFIX}/openapi.json`) { if (!refuseMethod(ctx)) ctx.body = openapi; return; }
    await next();
  });
  app.use(apiDocs());
  app.use(api.routes());
  app.use(api.allowedMethods());
  app.use(h5Portal(config.h5Dist ?? path.join(PROJECT_ROOT, 'miniprogram', 'dist', 'h5')));
  return { app, services };
}
