// The app under test: the real Koa app on the real database (one database per test file) with the
// local WeChat fake. Tests talk to it through HTTP with supertest.
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import request from 'supertest';
import type Koa from 'koa';
import { loadConfig, type Config } from '../../server/src/config';
import { connectDb, ensureIndexes, type Db } from '../../server/src/db/connection';
import { createApp } from '../../server/src/app';
import { createHttpServer } from '../../server/src/http/server';
import { createLogger } from '../../server/src/logger';
import { startWechatFake, type WechatFake } from '../../server/src/fakes/wechat';
import { startSmsFake, type SmsFake } from '../../server/src/fakes/sms';
import type { Services } from '../../server/src/services';

export interface TestApp {
  app: Koa;
  http: ReturnType<typeof request.agent>;
  config: Config;
  db: Db;
  services: Services;
  wechat: WechatFake;
  /** Tencent Cloud SMS fake (phone sign-in codes). */
  sms: SmsFake;
  close(): Promise<void>;
}

export function testDbName(): string {
  const file = path.basename(expect.getState().testPath ?? 'test').replace(/\W+/g, '_').slice(0, 40);
  return `t_${file}_${randomBytes(3).toString('hex')}`;
}

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const uri = process.env.TEST_MONGODB_URI ?? process.env.MONGODB_URI;
  if (!uri) throw new Error('TEST_MONGODB_URI is not set: run tests through jest (globalSetup starts the database)');
  // Models live on the default mongoose connection: one app (one database) per test file.
  if (mongoose.connection.readyState !== 0) throw new Error('createTestApp: one app per test file (mongoose is already connected)');
  const wechat = await startWechatFake();
  const sms = await startSmsFake();
  const config = loadConfig({}, {
    NODE_ENV: 'test',
    DEV_LOGIN: '1',
    DB_NAME: testDbName(),
    WECHAT_API_BASE: wechat.url,
    WECHAT_APPID: wechat.appId,
    WECHAT_SECRET: wechat.secret,
    WECHAT_WEB_APPID: wechat.webAppId,
    WECHAT_WEB_SECRET: wechat.webSecret,
    WECHAT_OPEN_BASE: wechat.url,
    ...sms.env(),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // 双随机 tasks are drawn at once unless a test asks for the commitment's wait (draws.test.ts).
    DRAW_COMMIT_HOURS: '0',
    ...env,
  });
  let db: Db;
  let built: ReturnType<typeof createApp>;
  try {
    db = await connectDb(uri, config.dbName, { poolSize: config.dbPoolSize });
    await ensureIndexes();
    built = createApp(config, createLogger(config.logLevel), db);
  } catch (e) {
    await wechat.close(); // or jest waits for the open port forever
    await sms.close();
    throw e;
  }
  const { app, services } = built;
  const server = createHttpServer(app).listen(0, '127.0.0.1');
  return {
    app,
    http: request.agent(server),
    config,
    db,
    services,
    wechat,
    sms,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await db.connection.dropDatabase().catch(() => undefined);
      await db.close();
      await wechat.close();
      await sms.close();
    },
  };
}
