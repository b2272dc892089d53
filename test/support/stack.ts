// The whole product as a person meets it, for browser tests: the real server (serving the built H5
// portal), a database of its own on the test FerretDB, the WeChat fake, and the demo data.
import { loadConfig } from '../../server/src/config';
import { startWechatFake, type WechatFake } from '../../server/src/fakes/wechat';
import { startWechatPayFake, type WechatPayFake } from '../../server/src/fakes/wechatpay';
import { startSmsFake, type SmsFake } from '../../server/src/fakes/sms';
import { startServer, type RunningServer } from '../../server/src/index';
import { seedDemo } from '../../server/src/seed/demo';
import { seedDemoWebSignIn } from '../../server/src/seed/webSignIn';
import { testDbName } from './app';

export interface Stack {
  baseUrl: string;
  server: RunningServer;
  wechat: WechatFake;
  sms: SmsFake;
  /** The WeChat Pay fake, when started with `pay: true` (tip-off reward payouts). */
  pay: WechatPayFake | null;
  stop(): Promise<void>;
}

export async function startStack(opts: { devLogin?: boolean; seed?: boolean; pay?: boolean; env?: Record<string, string> } = {}): Promise<Stack> {
  const uri = process.env.TEST_MONGODB_URI ?? process.env.MONGODB_URI;
  if (!uri) throw new Error('TEST_MONGODB_URI is not set: run browser tests through jest (globalSetup starts the database)');
  const wechat = await startWechatFake();
  const sms = await startSmsFake();
  // Reward payouts go to the WeChat Pay fake, as in `npm start` (server/src/cli/start.ts).
  const pay = opts.pay ? await startWechatPayFake({ appid: wechat.appId }) : null;
  const config = loadConfig({}, {
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    MONGODB_URI: uri,
    DB_NAME: testDbName(),
    DEV_LOGIN: opts.devLogin === false ? '0' : '1',
    WECHAT_API_BASE: wechat.url,
    WECHAT_APPID: wechat.appId,
    WECHAT_SECRET: wechat.secret,
    WECHAT_WEB_APPID: wechat.webAppId,
    WECHAT_WEB_SECRET: wechat.webSecret,
    WECHAT_OPEN_BASE: wechat.url,
    ...sms.env(),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RATE_LIMIT_IP_PER_MIN: '100000',
    JOBS: '0',
    ...(pay ? pay.env() : {}),
    ...(process.env.H5_DIST ? { H5_DIST: process.env.H5_DIST } : {}),
    ...opts.env,
  });
  let server: RunningServer;
  try {
    server = await startServer(config);
  } catch (e) {
    await wechat.close();
    await sms.close();
    await pay?.close();
    throw e;
  }
  // notify_url names the configured public address; deliver transfer results to this server instead.
  pay?.deliverNotificationsTo(server.url);
  if (opts.seed !== false) {
    await seedDemo(server.services.regions, { workshops: 60, cipher: server.services.cipher });
    await seedDemoWebSignIn(server.services);
  }
  return {
    baseUrl: server.url,
    server,
    wechat,
    sms,
    pay,
    async stop() {
      await server.db.connection.dropDatabase().catch(() => undefined);
      await server.stop();
      await wechat.close();
      await sms.close();
      await pay?.close();
    },
  };
}
