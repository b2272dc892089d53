import {
  CalendarYearParams, CalendarYearResponse, CalendarYearsResponse, PutCalendarYearBody, WorkingDaysQuery, WorkingDaysResponse,
} from '@shared/schemas/calendar';
import type { ApiRouter } from '../../http/api';
import { badRequest } from '../../errors';
import { authorize } from '../../policies';
import { audit } from '../../services/audit';
import { shanghaiDate, type CalendarYearInfo } from '../../services/calendar';

const STATUS_LABELS = {
  official: '已内置国务院节假日安排',
  override: '由管理员维护',
  unknown: '尚未公布，暂按法定节日和周六、周日估算（不含调休），请管理员维护',
} as const;

function presentYear(y: CalendarYearInfo) {
  return { ...y, statusLabel: STATUS_LABELS[y.status], updatedAt: y.updatedAt ? y.updatedAt.toISOString() : null };
}

/**
 * The one rule a holiday notice satisfies that ties the body to the path: every date belongs to the year.
 * (Weekend workdays, no date in both lists: the body schema, PutCalendarYearBody.)
 */
function checkYear(year: number, body: PutCalendarYearBody): void {
  const problems: { path: string; message: string }[] = [];
  for (const list of ['holidays', 'workdays'] as const) {
    body[list].forEach((d, i) => {
      if (!d.startsWith(`${year}-`)) problems.push({ path: `body.${list}.${i}`, message: `${d} 不属于 ${year} 年` });
    });
  }
  if (problems.length) throw badRequest('calendar.invalid_dates', problems[0].message, problems);
}

export function calendarRoutes(api: ApiRouter) {
  api.route('get', '/calendar/working-days', {
    summary: '按法定节假日计算第 N 个工作日（办理时限）', tags: ['公共数据'], auth: false,
    description: '起算日不计入。所跨年度若尚无节假日安排（未内置、管理员也未维护），按法定节日（元旦、春节除夕至初三、清明、劳动节、端午、中秋、国庆）和周六日休息估算，estimated 为 true 并列出这些年份。',
    query: WorkingDaysQuery, response: WorkingDaysResponse,
  }, async (ctx) => {
    const { from, days } = ctx.input.query;
    const r = await ctx.services.calendar.addWorkingDays(from, days);
    ctx.set('Cache-Control', 'no-cache'); // depends on admin-maintained data
    ctx.body = { from, days, dueDate: r.date, estimated: r.estimated, unknownYears: r.unknownYears };
  });

  api.route('get', '/calendar/years', {
    summary: '节假日数据状态（上一年至后两年）', tags: ['系统管理'], auth: ['admin'],
    description: 'status 为 unknown 的年份需要管理员按国务院办公厅通知维护，否则办理时限只能估算。',
    response: CalendarYearsResponse,
  }, async (ctx) => {
    const current = Number(shanghaiDate(new Date()).slice(0, 4));
    const years = await ctx.services.calendar.describeYears([current - 1, current, current + 1, current + 2]);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: years.map(presentYear) };
  });

  api.route('put', '/calendar/years/:year', {
    summary: '维护某年的法定节假日与调休上班日', tags: ['系统管理'], auth: ['admin'],
    description: '整年替换：放假日期与调休上班日期都须属于该年，调休上班日须为周六或周日。保存后优先于内置数据。'
      + '节假日安排全国通用，只有省级及以上管理员可以维护（市、县管理员返回 403）。',
    params: CalendarYearParams, body: PutCalendarYearBody, response: CalendarYearResponse, errors: [403],
  }, async (ctx) => {
    const { year } = ctx.input.params;
    authorize(ctx.state.user, 'calendar.editYear', { year });
    checkYear(year, ctx.input.body);
    const { before, after } = await ctx.services.calendar.saveYear(year, ctx.input.body, String(ctx.state.user!._id));
    await audit(ctx, {
      action: 'calendar.year_saved', subjectType: 'CalendarYear', subjectId: String(year),
      before: { status: before.status, holidays: before.holidays, workdays: before.workdays, source: before.source },
      after: { status: after.status, holidays: after.holidays, workdays: after.workdays, source: after.source },
    });
    ctx.body = { data: presentYear(after) };
  });
}
