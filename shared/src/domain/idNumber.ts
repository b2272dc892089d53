// Citizen ID numbers (公民身份号码, GB 11643-1999): 6-digit region code, 8-digit birth date, 3-digit
// sequence, and a check character by ISO 7064 MOD 11-2 (0–9 or X). One validator for the app's form and
// the server, so both refuse the same numbers with the same words.

/**
 * First two digits: the provinces of GB/T 2260, plus 71 (台湾), 81 (香港), 82 (澳门) and 83 (台湾居民居住证).
 * Only the province is checked: older county codes stay valid in IDs issued before a region was renamed.
 */
export const ID_PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The check character ISO 7064 MOD 11-2 gives for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

export const ID_NUMBER_MESSAGES = {
  format: '请输入18位身份证号码',
  region: '身份证号码前两位不是有效的省级行政区划代码',
  birthInvalid: '身份证号码中的出生日期不存在',
  birthFuture: '身份证号码中的出生日期晚于今天',
  birthTooEarly: '身份证号码中的出生日期早于1900年',
  check: '身份证号码校验位不正确',
} as const;

export type IdNumberCheck = { ok: true; value: string } | { ok: false; message: string };

/**
 * Checks an 18-character ID number; `value` is the normalised form (trimmed, lower-case x as X).
 * `today` is YYYY-MM-DD in Asia/Shanghai (defaults to now).
 */
export function checkIdNumber(raw: string, today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)): IdNumberCheck {
  const value = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, message: ID_NUMBER_MESSAGES.format };
  if (!ID_PROVINCE_CODES.has(value.slice(0, 2))) return { ok: false, message: ID_NUMBER_MESSAGES.region };
  const birth = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  const d = new Date(`${birth}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== birth) return { ok: false, message: ID_NUMBER_MESSAGES.birthInvalid };
  if (birth < '1900-01-01') return { ok: false, message: ID_NUMBER_MESSAGES.birthTooEarly };
  if (birth > today) return { ok: false, message: ID_NUMBER_MESSAGES.birthFuture };
  if (idCheckChar(value) !== value[17]) return { ok: false, message: ID_NUMBER_MESSAGES.check };
  return { ok: true, value };
}
