// The holiday calendar (法定节假日与调休) is national: one year's data changes every region's deadlines.
import { forbidden } from '../errors';
import { adminRole } from './jurisdiction';
import { allow, check } from './policy';

export const calendarRules = {
  /** Replace a year's holidays and make-up workdays: province-level admins (2-digit region) only. */
  'calendar.editYear': allow<{ year: number }>(adminRole(), check(
    (a) => !!a?.region && a.region.length <= 2,
    () => forbidden('auth.forbidden', '节假日安排全国通用，只有省级及以上管理员可以维护'),
  )),
};
