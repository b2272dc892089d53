// Times shown to people: Beijing time, to the second where a public notice needs it; waits in words.
import { beijingDateTimeSeconds, durationText } from '@/utils/time';

describe('beijingDateTimeSeconds', () => {
  it('shows a UTC instant in Beijing time to the second, and nothing for a missing or broken one', () => {
    expect(beijingDateTimeSeconds('2026-11-30T16:00:05.900Z')).toBe('2026-12-01 00:00:05');
    expect(beijingDateTimeSeconds(null)).toBe('');
    expect(beijingDateTimeSeconds('not a date')).toBe('');
  });
});

describe('durationText', () => {
  it('hours, minutes and seconds, rounding a part second up so that "0秒" means it is time', () => {
    expect(durationText(24 * 3600_000 - 2000)).toBe('23小时59分58秒');
    expect(durationText(3600_000)).toBe('1小时00分00秒');
    expect(durationText(245_000)).toBe('4分05秒');
    expect(durationText(8_200)).toBe('9秒');
    expect(durationText(-5)).toBe('0秒');
  });
});
