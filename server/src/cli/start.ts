// `npm start`: the whole demo on one machine: embedded database, local WeChat fake, the server with
// demo login, demo data when the database is empty, then the URLs and accounts to try.
import { loadConfig } from '../config';
import { startWechatFake } from '../fakes/wechat';
import { startWechatPayFake } from '../fakes/wechatpay';
import { startSmsFake } from '../fakes/sms';
import { DEMO_OWNER_PHONE, DEMO_STAFF_LOGINS, seedDemoWebSignIn } from '../seed/webSignIn';
import { DEMO_TIPOFF } from '../seed/tipoffs';
import { startServer } from '../index';
import { DEMO_ACCOUNTS, seedDemo } from '../seed/demo';
import { ROLE_LABELS } from '@shared/domain/roles';

async function main() {
  const useFake = !process.env.WECHAT_API_BASE;
  const wechat = useFake ? await startWechatFake({ appId: process.env.WECHAT_APPID, secret: process.env.WECHAT_SECRET }) : null;
  // WeChat Pay (reward payouts): the local fake unless a real merchant is configured.
  const pay = process.env.WECHATPAY_MCHID ? null : await startWechatPayFake({ appid: process.env.WECHAT_APPID });
  // SMS codes (phone sign-in): the Tencent Cloud SMS fake, which prints each code here, unless a real account is set.
  const sms = process.env.SMS_SECRET_ID ? null : await startSmsFake({ print: true });
  const config = loadConfig(process.env, {
    ...(pay ? pay.env() : {}),
    ...(sms ? sms.env() : {}),
    // The demo logs in without WeChat; in production the server refuses to start with it (config.ts).
    DEV_LOGIN: process.env.DEV_LOGIN ?? (process.env.NODE_ENV === 'production' ? '0' : '1'),
    ...(wechat ? {
      WECHAT_API_BASE: wechat.url, WECHAT_APPID: wechat.appId, WECHAT_SECRET: wechat.secret,
      WECHAT_WEB_APPID: wechat.webAppId, WECHAT_WEB_SECRET: wechat.webSecret, WECHAT_OPEN_BASE: wechat.url,
    } : {}),
  });
  const server = await startServer(config);
  const seeded = await seedDemo(server.services.regions, { cipher: server.services.cipher, services: server.services });
  await seedDemoWebSignIn(server.services);

  const base = `http://localhost:${new URL(server.url).port}`;
  const lines = [
    '',
    '食品小作坊服务平台 已启动',
    `  门户（H5）     ${base}/`,
    `  接口文档       ${base}/api/docs/`,
    `  OpenAPI        ${base}/api/v1/openapi.json`,
    `  健康检查       ${base}/api/v1/health   （数据库：${server.db.kind}${server.embedded ? '，内置' : ''}）`,
    wechat ? `  微信接口模拟   ${wechat.url}` : `  微信接口       ${config.wechat.apiBase}`,
    pay ? `  微信支付模拟   ${pay.url}（商户号 ${pay.mchid}，${config.wechatPay?.transferApi === 'bills' ? '转账单：模拟收款人确认 POST /fake/transfer-bills/confirm' : '批次转账'}）` : `  微信支付       ${config.wechatPay?.apiBase ?? '未配置'}`,
    `  演示举报       回执码 ${DEMO_TIPOFF.receiptCode}  查询凭证 ${DEMO_TIPOFF.token}`,
    `  演示数据       ${seeded.workshops} 家作坊${seeded.created ? '（本次新建）' : ''}`,
    '',
    config.devLogin ? '演示账号（H5 登录页选择角色即可登录）：' : '演示登录已关闭（DEV_LOGIN=0）。',
    ...(config.devLogin ? DEMO_ACCOUNTS.map((a) => `  ${ROLE_LABELS[a.role]}：${a.name}（${a.note}）`) : []),
    '',
    '网页登录（DEV_LOGIN=0 时的正式登录页）：',
    ...DEMO_STAFF_LOGINS.map((s) => `  工作人员登录 ${ROLE_LABELS[s.role]}：账号 ${s.account}  密码 ${s.password}  动态验证码密钥 ${s.totpSecret}（添加到手机身份验证器）`),
    sms ? `  手机号验证码登录：演示作坊业主 ${DEMO_OWNER_PHONE}（验证码打印在本窗口）` : '  手机号验证码登录：腾讯云短信',
    wechat ? '  微信扫码登录：模拟扫码者为演示作坊业主（同一 unionid）' : '',
    '',
    '按 Ctrl+C 停止。',
  ];
  console.log(lines.join('\n'));

  const stop = async () => {
    await server.stop();
    await wechat?.close();
    await pay?.close();
    await sms?.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
