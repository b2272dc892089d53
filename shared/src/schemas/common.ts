import '../zod';
import { z } from 'zod';
import { REGION_CODE_PATTERN } from '../domain/region';
import { CALENDAR_MAX_DATE, CALENDAR_MIN_DATE, CALENDAR_RANGE_MESSAGE, isRealDate } from '../domain/calendar';

/** Trimmed text; a plain z.string() already refuses objects such as {"$ne": null}. */
export const Text = (max = 200) => z.string().trim().min(1).max(max);
export const ObjectId = z.string().regex(/^[a-f0-9]{24}$/, '编号格式不正确');
export const RegionCode = z.string().regex(REGION_CODE_PATTERN, '行政区划代码格式不正确');
/**
 * A calendar date (Asia/Shanghai), YYYY-MM-DD, that exists (no 2026-02-30) and lies in 2000-01-01 .. 2100-12-31.
 * The year range is also a pattern, so the OpenAPI document carries it; string order is date order.
 */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .regex(/^(?:20\d{2}|2100)-/, CALENDAR_RANGE_MESSAGE)
  .refine(isRealDate, '日期不存在')
  .meta({ description: `${CALENDAR_MIN_DATE} 至 ${CALENDAR_MAX_DATE} 之间存在的日期（YYYY-MM-DD）`, example: '2026-09-18' });

export const Phone = z.string().regex(/^1\d{10}$/, '请输入11位手机号');

export const Page = z.strictObject({
  page: z.coerce.number().int().min(1).max(10000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'request.invalid' }),
      message: z.string().meta({ example: '填写的内容有误，请检查后再试' }),
      details: z.unknown().optional(),
      requestId: z.string().optional(),
    }),
  })
  .meta({ id: 'ErrorResponse' });

export const OkResponse = z.object({ ok: z.literal(true) }).meta({ id: 'OkResponse' });
