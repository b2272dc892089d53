import '../zod';
import { z } from 'zod';
import { REGION_CODE_PATTERN } from '../domain/region';
import { CALENDAR_MAX_DATE, CALENDAR_MIN_DATE, CALENDAR_RANGE_MESSAGE, isInCalendarRange, isRealDate } from '../domain/calendar';

// Characters no text field takes: C0 controls (tab and line feed only in multi-line text), DEL and C1
// controls, and the bidirectional overrides and isolates (they make text read differently from how it is
// stored). As a pattern, so the OpenAPI document carries it.
const SINGLE_LINE = /^[^\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*$/;
const MULTI_LINE = /^[^\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*$/;
export const TEXT_MESSAGES = {
  singleLine: '不能包含换行、制表符等控制字符',
  multiLine: '不能包含控制字符',
  damaged: '含有无法识别的字符（可能是乱码），请重新输入',
} as const;

/**
 * False for text damaged on its way: U+FFFD (what undecodable bytes become), the non-characters U+FFFE and
 * U+FFFF, and a lone UTF-16 surrogate (it cannot be stored as UTF-8 and would come back as U+FFFD).
 */
export function isIntactText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0xfffd || c === 0xfffe || c === 0xffff) return false;
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

export interface TextOptions {
  /** Several lines (descriptions, reasons, notes): line feeds and tabs allowed, CR LF kept as LF. */
  multiline?: boolean;
  /** Fewest characters after trimming (default 1); 0 lets an empty optional note through. */
  min?: number;
  minMessage?: string;
  maxMessage?: string;
}

/**
 * The one text field for people's input (names, addresses, descriptions, notes): trimmed, bounded, and free
 * of control characters and damaged text, on the server and in the app's forms alike. A plain z.string()
 * already refuses objects such as {"$ne": null}.
 */
export const Text = (max = 200, opts: TextOptions = {}) => {
  let s = z.string();
  if (opts.multiline) s = s.overwrite((v) => v.replace(/\r\n?/g, '\n'));
  s = s.trim();
  const min = opts.min ?? 1;
  if (min > 0) s = s.min(min, opts.minMessage);
  return s
    .max(max, opts.maxMessage)
    .regex(opts.multiline ? MULTI_LINE : SINGLE_LINE, opts.multiline ? TEXT_MESSAGES.multiLine : TEXT_MESSAGES.singleLine)
    .refine(isIntactText, TEXT_MESSAGES.damaged);
};
/** Multi-line text: reasons, notes, descriptions, facts. */
export const LongText = (max: number, opts: Omit<TextOptions, 'multiline'> = {}) => Text(max, { ...opts, multiline: true });
export const ObjectId = z.string().regex(/^[a-f0-9]{24}$/, '编号格式不正确');
/**
 * A GB/T 2260 code of 2, 4, 6 or 9 digits (province, city, county, township). As a filter any such code is
 * taken; where a record is placed in a region, ExistingRegion also requires the code to exist.
 */
export const RegionCode = z.string().regex(REGION_CODE_PATTERN, '行政区划代码格式不正确');

/**
 * The region table the server checks codes against (services/regions.ts installs it). The app has no table
 * down to townships, so there the pattern alone applies and the server has the last word.
 */
let regionExists: ((code: string) => boolean) | null = null;
export function setRegionLookup(lookup: ((code: string) => boolean) | null): void {
  regionExists = lookup;
}
const knownRegion = (c: string) => !regionExists || !REGION_CODE_PATTERN.test(c) || regionExists(c);

/** A region a record is placed in: a code that exists in GB/T 2260 (2023 codes). */
export const ExistingRegion = RegionCode.refine(knownRegion, '所选区域不存在')
  .meta({ description: 'GB/T 2260 行政区划代码（2、4、6 或 9 位：省、市、区县、乡镇街道），须为存在的区划' });

/** A place where something is: a county (6 digits) or township (9 digits) code that exists. */
export const LocalRegion = z
  .string()
  .regex(/^(?:\d{6}|\d{9})$/, '请选择到区县或乡镇')
  .refine(knownRegion, '所选区域不存在')
  .meta({ description: '区县（6位）或乡镇街道（9位）的 GB/T 2260 行政区划代码，须为存在的区划' });

/**
 * A calendar date (Asia/Shanghai), YYYY-MM-DD, that exists (no 2026-02-30) and lies in 2000-01-01 .. 2100-12-31:
 * one pattern that says all of it (leap days included), so the OpenAPI document carries the whole rule.
 */
export const ISO_DATE_PATTERN = new RegExp(
  '^(?:(?:20\\d{2}|2100)-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\\d|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)'
  + '|20(?:[02468][048]|[13579][26])-02-29)$',
);
/** Why a string is not such a date, in the order a person fixes it: the form, the range, then the day. */
function dateProblem(s: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return '日期格式应为 YYYY-MM-DD';
  if (!isInCalendarRange(s)) return CALENDAR_RANGE_MESSAGE;
  return isRealDate(s) ? '日期无效' : '日期不存在';
}
export const IsoDate = z
  .string()
  .regex(ISO_DATE_PATTERN, { error: (iss) => dateProblem(String(iss.input)) })
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
