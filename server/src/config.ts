import { z } from 'zod';

const Bool = z.enum(['0', '1', 'true', 'false', '']).transform((v) => v === '1' || v === 'true');

const Env = z.object({
  NODE_ENV: z.string().default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  MONGODB_URI: z.string().optional(),
  DB_NAME: z.string().default('xiaozuofang'),
  /** Driver pool size for MONGODB_URI. The embedded FerretDB always gets 1 (see db/connection.ts). */
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  DATA_DIR: z.string().optional(),
  SESSION_SECRET: z.string().min(16).optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(24 * 7),
  /** 32-byte key (hex or base64) for encrypting personal data at rest. */
  DATA_KEY: z.string().optional(),
  DEV_LOGIN: Bool.default(false),
  H5_ORIGIN: z.string().optional(),
  /** Where people open the portal: certificate QR codes point here. */
  PUBLIC_BASE_URL: z.string().url().optional(),
  H5_DIST: z.string().optional(),
  WECHAT_APPID: z.string().default('wx0000000000000000'),
  WECHAT_SECRET: z.string().default('dev-secret'),
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  /**
   * Reverse proxies in front of the server that append the client address to X-Forwarded-For. 0: the socket
   * address is the client (the header is ignored); N: the client is the N-th address from the right.
   */
  TRUSTED_PROXY_COUNT: z.coerce.number().int().min(0).max(10).default(0),
  RATE_LIMIT_IP_PER_MIN: z.coerce.number().int().positive().default(600),
  RATE_LIMIT_USER_PER_MIN: z.coerce.number().int().positive().default(300),
  RATE_LIMIT_STORE: z.enum(['memory', 'mongo']).default('memory'),
  /**
   * Logins (WeChat and demo) per client IP per minute: each one costs a call to WeChat and may create a user.
   * Default: a tenth of RATE_LIMIT_IP_PER_MIN (60).
   */
  LOGIN_PER_MIN: z.coerce.number().int().positive().optional(),
  /** Public workshop searches per client IP per minute. Default: a fifth of RATE_LIMIT_IP_PER_MIN (120). */
  SEARCH_PER_MIN: z.coerce.number().int().positive().optional(),
  /** Wrong staff invite codes a user may enter within the window before redeeming is locked for a while. */
  INVITE_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  INVITE_FAILURE_WINDOW_MIN: z.coerce.number().positive().default(15),
  INVITE_LOCK_MIN: z.coerce.number().positive().default(15),
  /** Staff web sign-in: wrong passwords or codes in a row before the account is locked, and for how long. */
  STAFF_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  STAFF_FAILURE_WINDOW_MIN: z.coerce.number().positive().default(15),
  STAFF_LOCK_MIN: z.coerce.number().positive().default(15),
  /**
   * SMS codes (phone sign-in) through Tencent Cloud SMS API 3.0 (SendSms, TC3-HMAC-SHA256). Off while
   * SMS_SECRET_ID is unset; the demo and the tests point SMS_API_BASE at the local fake (fakes/sms.ts).
   */
  SMS_API_BASE: z.string().url().default('https://sms.tencentcloudapi.com'),
  SMS_SECRET_ID: z.string().optional(),
  SMS_SECRET_KEY: z.string().optional(),
  SMS_REGION: z.string().default('ap-guangzhou'),
  SMS_SDK_APP_ID: z.string().default('1400000000'),
  SMS_SIGN_NAME: z.string().default('食品小作坊服务'),
  /** Template with two parameters: the code and its validity in minutes. */
  SMS_TEMPLATE_ID: z.string().default('1000001'),
  /** Template of urgent-deadline reminders (a rectification due within 2 working days). */
  SMS_TEMPLATE_DEADLINE: z.string().default('1000002'),
  /** Codes asked per client IP per hour (each phone may ask one a minute). */
  SMS_PER_IP_PER_HOUR: z.coerce.number().int().positive().default(20),
  /** WeChat 网站应用 (web QR sign-in, open.weixin.qq.com): its own appid and secret. Off while unset. */
  WECHAT_WEB_APPID: z.string().optional(),
  WECHAT_WEB_SECRET: z.string().optional(),
  WECHAT_OPEN_BASE: z.string().url().default('https://open.weixin.qq.com'),
  BODY_LIMIT_KB: z.coerce.number().int().positive().default(256),
  UPLOAD_LIMIT_MB: z.coerce.number().positive().default(10),
  LOG_LEVEL: z.string().default('info'),
  JOBS: Bool.default(true),
  /** How often the job runner looks for due jobs (the crash test polls fast to see recovery at once). */
  JOBS_POLL_MS: z.coerce.number().int().min(50).default(30_000),
  /** How often an instance reloads the in-memory search index (other instances' writes). */
  SEARCH_REFRESH_MS: z.coerce.number().int().min(0).default(60_000),
  /** The province (2 digits) or city (4) the deployment serves: region pickers open there. Empty: all 34 provinces. */
  HOME_REGION: z.string().regex(/^(\d{2}|\d{4})?$/, 'HOME_REGION: a 2-digit province or 4-digit city code').default('45'),
  /**
   * 双随机: hours between publishing a draw's seed commitment (sha256 of the secret seed) and the earliest
   * draw, so that the commitment is public before anyone could know the candidates' order (commit–reveal).
   */
  DRAW_COMMIT_HOURS: z.coerce.number().min(0).max(24 * 30).default(24),
  /** WeChat Pay v3 (rewards for tip-offs). Payouts are off while WECHATPAY_MCHID is unset. */
  WECHATPAY_MCHID: z.string().optional(),
  WECHATPAY_APPID: z.string().optional(),
  WECHATPAY_API_BASE: z.string().url().default('https://api.mch.weixin.qq.com'),
  /** Merchant API private key and certificate, PEM (literal "\n" accepted for one-line env values). */
  WECHATPAY_PRIVATE_KEY: z.string().optional(),
  WECHATPAY_CERT: z.string().optional(),
  WECHATPAY_SERIAL: z.string().optional(),
  WECHATPAY_APIV3_KEY: z.string().length(32).optional(),
  WECHATPAY_NOTIFY_URL: z.string().url().optional(),
  /**
   * Payout API: `bills` = transfer bills (/v3/fund-app/mch-transfer/transfer-bills, the payee confirms in the
   * mini-program; the only one for merchants who opened 商家转账 after 2025-01-15); `batches` = the old
   * batch transfer (/v3/transfer/batches).
   */
  WECHATPAY_TRANSFER_API: z.enum(['bills', 'batches']).default('bills'),
  /** Transfer bills: the scene (转账场景ID) granted to the merchant, what the payee sees, the scene's report fields. */
  WECHATPAY_TRANSFER_SCENE_ID: z.string().regex(/^\d{4,16}$/).default('1000'),
  WECHATPAY_TRANSFER_PERCEPTION: z.string().min(1).max(32).default('现金奖励'),
  WECHATPAY_TRANSFER_REPORT_INFOS: z.string().default('[{"info_type":"活动名称","info_content":"有奖举报"},{"info_type":"奖励说明","info_content":"举报查实奖励"}]'),
  /** A bill the payee has not confirmed after this many hours is cancelled (WeChat Pay itself closes it after 24). */
  WECHATPAY_CONFIRM_TIMEOUT_HOURS: z.coerce.number().positive().max(24 * 30).default(25),
  /**
   * How WeChat Pay's signatures are verified: `platform_cert` (certificates fetched from /v3/certificates) or
   * `public_key` (the WeChat Pay public key, Wechatpay-Serial PUB_KEY_ID_…). Default: public_key when
   * WECHATPAY_PUBLIC_KEY_ID is set.
   */
  WECHATPAY_VERIFY: z.enum(['platform_cert', 'public_key']).optional(),
  WECHATPAY_PUBLIC_KEY_ID: z.string().regex(/^PUB_KEY_ID_\w{1,100}$/, '应为 PUB_KEY_ID_ 开头的微信支付公钥ID').optional(),
  /** The WeChat Pay public key, PEM (literal "\n" accepted). */
  WECHATPAY_PUBLIC_KEY: z.string().optional(),
  TIPOFF_SUBMITS_PER_HOUR: z.coerce.number().int().positive().default(10),
  TIPOFF_UPLOADS_PER_HOUR: z.coerce.number().int().positive().default(30),
});

const pem = (v: string | undefined) => (v ? v.replace(/\\n/g, '\n') : undefined);

/** WECHATPAY_TRANSFER_REPORT_INFOS: a JSON array of {info_type, info_content} (the scene decides which types). */
function parseReportInfos(v: string): { info_type: string; info_content: string }[] {
  let parsed: unknown;
  try { parsed = JSON.parse(v); } catch { throw new Error('WECHATPAY_TRANSFER_REPORT_INFOS is not JSON'); }
  const ok = Array.isArray(parsed) && parsed.length > 0 && parsed.every((x) => x && typeof x.info_type === 'string' && typeof x.info_content === 'string'
    && x.info_type.length <= 15 && x.info_content.length <= 32);
  if (!ok) throw new Error('WECHATPAY_TRANSFER_REPORT_INFOS: a non-empty array of {"info_type" (≤15), "info_content" (≤32)}');
  return parsed as { info_type: string; info_content: string }[];
}

export type Config = ReturnType<typeof loadConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Record<string, unknown>> = {}) {
  const parsed = Env.safeParse({ ...env, ...overrides });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  const c = parsed.data;
  const production = c.NODE_ENV === 'production';
  if (production && !c.SESSION_SECRET) throw new Error('SESSION_SECRET is required in production');
  if (production && !c.DATA_KEY) throw new Error('DATA_KEY is required in production');
  if (production && c.DEV_LOGIN) {
    throw new Error('DEV_LOGIN must be off with NODE_ENV=production: the demo login hands anyone an admin token for any region. Unset DEV_LOGIN (or set DEV_LOGIN=0).');
  }
  if (c.WECHATPAY_MCHID && (!c.WECHATPAY_PRIVATE_KEY || !c.WECHATPAY_CERT || !c.WECHATPAY_APIV3_KEY)) {
    throw new Error('WECHATPAY_MCHID needs WECHATPAY_PRIVATE_KEY, WECHATPAY_CERT and WECHATPAY_APIV3_KEY');
  }
  const payVerify = c.WECHATPAY_VERIFY ?? (c.WECHATPAY_PUBLIC_KEY_ID ? 'public_key' : 'platform_cert');
  if (c.WECHATPAY_MCHID && payVerify === 'public_key' && (!c.WECHATPAY_PUBLIC_KEY_ID || !c.WECHATPAY_PUBLIC_KEY)) {
    throw new Error('WECHATPAY_VERIFY=public_key needs WECHATPAY_PUBLIC_KEY_ID and WECHATPAY_PUBLIC_KEY');
  }
  const reportInfos = c.WECHATPAY_MCHID ? parseReportInfos(c.WECHATPAY_TRANSFER_REPORT_INFOS) : [];
  return {
    env: c.NODE_ENV,
    production,
    port: c.PORT,
    host: c.HOST,
    mongoUri: c.MONGODB_URI,
    dbName: c.DB_NAME,
    dbPoolSize: c.DB_POOL_SIZE,
    dataDir: c.DATA_DIR,
    // Development keys are fixed so a restarted demo keeps its sessions and readable data.
    sessionSecret: c.SESSION_SECRET ?? 'dev-only-session-secret-change-me',
    sessionTtlMs: c.SESSION_TTL_HOURS * 3600_000,
    dataKey: c.DATA_KEY ?? '0'.repeat(64),
    devLogin: c.DEV_LOGIN,
    h5Origin: c.H5_ORIGIN,
    publicBaseUrl: (c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT || 3000}`).replace(/\/$/, ''),
    h5Dist: c.H5_DIST,
    wechat: { appId: c.WECHAT_APPID, secret: c.WECHAT_SECRET, apiBase: c.WECHAT_API_BASE.replace(/\/$/, '') },
    trustedProxyCount: c.TRUSTED_PROXY_COUNT,
    rateLimit: {
      ipPerMin: c.RATE_LIMIT_IP_PER_MIN, userPerMin: c.RATE_LIMIT_USER_PER_MIN, store: c.RATE_LIMIT_STORE,
      loginPerMin: c.LOGIN_PER_MIN ?? Math.max(1, Math.floor(c.RATE_LIMIT_IP_PER_MIN / 10)),
      searchPerMin: c.SEARCH_PER_MIN ?? Math.max(1, Math.floor(c.RATE_LIMIT_IP_PER_MIN / 5)),
    },
    inviteLockout: { maxFailures: c.INVITE_MAX_FAILURES, windowMs: c.INVITE_FAILURE_WINDOW_MIN * 60_000, lockMs: c.INVITE_LOCK_MIN * 60_000 },
    staffLockout: { maxFailures: c.STAFF_MAX_FAILURES, windowMs: c.STAFF_FAILURE_WINDOW_MIN * 60_000, lockMs: c.STAFF_LOCK_MIN * 60_000 },
    sms: c.SMS_SECRET_ID && c.SMS_SECRET_KEY
      ? {
          apiBase: c.SMS_API_BASE.replace(/\/$/, ''), secretId: c.SMS_SECRET_ID, secretKey: c.SMS_SECRET_KEY, region: c.SMS_REGION,
          sdkAppId: c.SMS_SDK_APP_ID, signName: c.SMS_SIGN_NAME, templateId: c.SMS_TEMPLATE_ID, deadlineTemplateId: c.SMS_TEMPLATE_DEADLINE, perIpPerHour: c.SMS_PER_IP_PER_HOUR,
        }
      : null,
    wechatWeb: c.WECHAT_WEB_APPID && c.WECHAT_WEB_SECRET
      ? { appId: c.WECHAT_WEB_APPID, secret: c.WECHAT_WEB_SECRET, openBase: c.WECHAT_OPEN_BASE.replace(/\/$/, '') }
      : null,
    bodyLimitKb: c.BODY_LIMIT_KB,
    uploadLimitBytes: Math.round(c.UPLOAD_LIMIT_MB * 1024 * 1024),
    logLevel: c.LOG_LEVEL,
    jobs: c.JOBS,
    jobsPollMs: c.JOBS_POLL_MS,
    searchRefreshMs: c.SEARCH_REFRESH_MS,
    homeRegion: c.HOME_REGION || null,
    drawCommitHours: c.DRAW_COMMIT_HOURS,
    wechatPay: c.WECHATPAY_MCHID
      ? {
          mchid: c.WECHATPAY_MCHID,
          appId: c.WECHATPAY_APPID ?? c.WECHAT_APPID,
          apiBase: c.WECHATPAY_API_BASE.replace(/\/$/, ''),
          privateKey: pem(c.WECHATPAY_PRIVATE_KEY) ?? '',
          cert: pem(c.WECHATPAY_CERT) ?? '',
          serial: c.WECHATPAY_SERIAL ?? null,
          apiV3Key: c.WECHATPAY_APIV3_KEY ?? '',
          notifyUrl: c.WECHATPAY_NOTIFY_URL ?? `${(c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT || 3000}`).replace(/\/$/, '')}/api/v1/pay/notify/transfer`,
          transferApi: c.WECHATPAY_TRANSFER_API,
          bill: {
            sceneId: c.WECHATPAY_TRANSFER_SCENE_ID,
            perception: c.WECHATPAY_TRANSFER_PERCEPTION,
            reportInfos,
            confirmTimeoutMs: Math.round(c.WECHATPAY_CONFIRM_TIMEOUT_HOURS * 3600_000),
          },
          verify: payVerify === 'public_key'
            ? { mode: 'public_key' as const, keyId: c.WECHATPAY_PUBLIC_KEY_ID!, publicKey: pem(c.WECHATPAY_PUBLIC_KEY)! }
            : { mode: 'platform_cert' as const },
        }
      : null,
    tipoff: { submitsPerHour: c.TIPOFF_SUBMITS_PER_HOUR, uploadsPerHour: c.TIPOFF_UPLOADS_PER_HOUR },
  };
}
