// The one ID-number rule (GB 11643) shared by the app's form and the server.
import fs from 'node:fs';
import path from 'node:path';
import { checkIdNumber, idCheckChar } from '@shared/domain/idNumber';
import { IdNumber } from '@shared/schemas/registration';

const TODAY = '2026-11-30';

describe('checkIdNumber', () => {
  it('accepts a valid number and keeps a lower-case x as X', () => {
    expect(checkIdNumber('450203198503171232', TODAY)).toEqual({ ok: true, value: '450203198503171232' });
    expect(checkIdNumber(' 45020319800101128x ', TODAY)).toEqual({ ok: true, value: '45020319800101128X' });
    expect(checkIdNumber('710000198503171236', TODAY).ok).toBe(true); // 台湾 (71) is a known prefix
  });

  it.each([
    ['450203198503171230', '身份证号码校验位不正确'], // the right check digit is 2
    ['45020319800101128', '请输入18位身份证号码'],
    ['4502031980010112811', '请输入18位身份证号码'],
    ['45020319800101128Y', '请输入18位身份证号码'],
    ['990203198503171238', '身份证号码前两位不是有效的省级行政区划代码'],
    ['000203198503171239', '身份证号码前两位不是有效的省级行政区划代码'],
    ['450203198502301234', '身份证号码中的出生日期不存在'], // Feb 30
    ['450203209901011235', '身份证号码中的出生日期晚于今天'],
    ['450203189912311238', '身份证号码中的出生日期早于1900年'],
  ])('%s → %s', (id, message) => {
    expect(checkIdNumber(id, TODAY)).toEqual({ ok: false, message });
  });

  it('computes the ISO 7064 MOD 11-2 check character', () => {
    expect(idCheckChar('45020319850317123')).toBe('2');
    expect(idCheckChar('45020319800101128')).toBe('X');
    expect(checkIdNumber('450203190001011232', TODAY).ok).toBe(true); // 1900-01-01 is the earliest birth date
  });
});

describe('IdNumber schema (registration form and API)', () => {
  it('says what is wrong, once', () => {
    const r = IdNumber.safeParse('450203198503171230');
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).toEqual(['身份证号码校验位不正确']);
    expect(IdNumber.safeParse('123').error!.issues.map((i) => i.message)).toEqual(['请输入18位身份证号码']);
    expect(IdNumber.parse('45020319800101128x')).toBe('45020319800101128X');
  });
});

describe('ID numbers in the demo seeds and test fixtures', () => {
  it('are all valid, so the demo never shows a number the form would refuse', () => {
    const root = path.join(__dirname, '..', '..');
    const files = ['server/src/seed', 'test/support', 'test/e2e']
      .flatMap((d) => fs.readdirSync(path.join(root, d)).filter((f) => f.endsWith('.ts')).map((f) => path.join(root, d, f)));
    const found: string[] = [];
    for (const f of files) {
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/'(\d{17}[\dXx])'/g)) found.push(m[1]);
    }
    expect(found.length).toBeGreaterThan(5);
    expect(found.filter((id) => !checkIdNumber(id, TODAY).ok)).toEqual([]);
  });
});
