// Certificate validity (登记证有效期三年): end = start + 3 years − 1 day, through the end of that day in China.
import { certificateEnd } from '../../shared/src/domain/registration';

const china = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().replace('Z', '+08:00');

describe('certificateEnd', () => {
  it('a decision on 2026-12-01 (China) gives a certificate valid to 2029-11-30 23:59:59.999 China time', () => {
    expect(china(certificateEnd(new Date('2026-12-01T02:00:00Z')))).toBe('2029-11-30T23:59:59.999+08:00');
  });
  it('counts the day in China, not in UTC: 1 December 00:30 China time is still 30 November in UTC', () => {
    expect(china(certificateEnd(new Date('2026-11-30T16:30:00Z')))).toBe('2029-11-30T23:59:59.999+08:00');
    expect(china(certificateEnd(new Date('2026-11-30T15:30:00Z')))).toBe('2029-11-29T23:59:59.999+08:00');
  });
  it('1 January ends on 31 December two years on; around a leap day the period ends on the last day of February (民法典 第二百零三条)', () => {
    expect(china(certificateEnd(new Date('2027-01-01T01:00:00Z')))).toBe('2029-12-31T23:59:59.999+08:00');
    expect(china(certificateEnd(new Date('2028-03-01T01:00:00Z')))).toBe('2031-02-28T23:59:59.999+08:00');
    expect(china(certificateEnd(new Date('2028-02-29T01:00:00Z')))).toBe('2031-02-28T23:59:59.999+08:00');
  });
  it('a renewal from the instant after the current end continues without a gap or an overlap', () => {
    const first = certificateEnd(new Date('2026-12-01T02:00:00Z'));
    expect(china(certificateEnd(new Date(first.getTime() + 1)))).toBe('2032-11-30T23:59:59.999+08:00');
  });
});
