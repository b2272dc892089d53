import '../zod';
import { z } from 'zod';
import { REGION_CODE_PATTERN } from '../domain/region';

/** Trimmed text; a plain z.string() already refuses objects such as {"$ne": null}. */
export const Text = (max = 200) => z.string().trim().min(1).max(max);
export const ObjectId = z.string().regex(/^[a-f0-9]{24}$/, '编号格式不正确');
export const RegionCode = z.string().regex(REGION_CODE_PATTERN, '行政区划代码格式不正确');
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
