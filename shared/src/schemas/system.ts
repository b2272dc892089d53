import '../zod';
import { z } from 'zod';

export const HealthResponse = z
  .object({ ok: z.boolean(), db: z.enum(['ferretdb', 'mongodb']) })
  .meta({ id: 'HealthResponse' });

/** What the app needs to know about the server before login. */
export const MetaResponse = z
  .object({
    name: z.string(),
    devLogin: z.boolean(),
    /** Web sign-in methods this deployment offers (the H5 login page shows those). */
    signIn: z.object({ sms: z.boolean(), wechatQr: z.boolean(), staff: z.boolean() }),
    /** The province or city this deployment serves (region pickers open there); null: the whole country. */
    homeRegion: z.object({ code: z.string(), name: z.string() }).nullable(),
    version: z.string(),
  })
  .meta({ id: 'MetaResponse' });
