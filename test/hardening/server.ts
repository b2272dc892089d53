// The server as the fuzzing run starts it (test/hardening/fuzz.ts): like `npm start` (server/src/cli/start.ts)
// with the local WeChat and WeChat Pay fakes, demo login and demo data, but on the database directory and
// port the runner puts in the environment. Prints one line, HARDENING_SERVER_READY <url>, once it serves.
import { loadConfig } from '../../server/src/config';
import { startWechatFake } from '../../server/src/fakes/wechat';
import { startWechatPayFake } from '../../server/src/fakes/wechatpay';
import { startSmsFake } from '../../server/src/fakes/sms';
import { startServer } from '../../server/src/index';
import { seedDemo } from '../../server/src/seed/demo';

async function main() {
  const wechat = await startWechatFake({});
  const pay = await startWechatPayFake({});
  const sms = await startSmsFake();
  // Every sign-in method on, as `npm start` has them: SMS codes and the WeChat QR through their fakes.
  const config = loadConfig(process.env, {
    ...pay.env(),
    ...sms.env(),
    DEV_LOGIN: '1',
    WECHAT_API_BASE: wechat.url, WECHAT_APPID: wechat.appId, WECHAT_SECRET: wechat.secret,
    WECHAT_WEB_APPID: wechat.webAppId, WECHAT_WEB_SECRET: wechat.webSecret, WECHAT_OPEN_BASE: wechat.url,
  });
  const server = await startServer(config);
  await seedDemo(server.services.regions, { cipher: server.services.cipher });
  process.stdout.write(`HARDENING_SERVER_READY ${server.url}\n`);
  const stop = () => {
    server.stop().then(() => Promise.all([wechat.close(), pay.close(), sms.close()])).finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack ?? e.message : e);
  process.exit(1);
});
