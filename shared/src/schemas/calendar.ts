import '../zod';
import { z } from 'zod';
import { MAX_WORKING_DAYS } from '../domain/calendar';
import { IsoDate, Text } from './common';

export { IsoDate };

export const CalendarYearParam = z.coerce.number().int().min(2000, '年份应在 2000 至 2100 之间').max(2100, '年份应在 2000 至 2100 之间');

export const WorkingDaysQuery = z.strictObject({
  from: IsoDate.meta({ description: '起算日期（不计入），北京时间，2000-01-01 至 2100-12-31' }),
  days: z.coerce.number().int('工作日数应为整数').min(0, '工作日数不能为负').max(MAX_WORKING_DAYS, `工作日数不能超过 ${MAX_WORKING_DAYS}`).meta({ description: `工作日数（0 至 ${MAX_WORKING_DAYS}）` }),
});

export const WorkingDaysResponse = z
  .object({
    from: z.string(),
    days: z.number().int(),
    dueDate: z.string().meta({ description: '第 N 个工作日（北京时间日期）' }),
    estimated: z.boolean().meta({ description: 'true：所跨年度的节假日安排未公布，按法定节日和周六日休息估算（不含调休）' }),
    unknownYears: z.array(z.number().int()),
  })
  .meta({ id: 'WorkingDays' });

export const YearStatusEnum = z.enum(['official', 'override', 'unknown']).meta({
  description: 'official：内置国务院安排；override：管理员维护；unknown：未公布，按法定节日和周六日估算',
});

export const CalendarYearView = z
  .object({
    year: z.number().int(),
    status: YearStatusEnum,
    statusLabel: z.string(),
    holidays: z.array(z.string()).meta({ description: '放假日期（含周末）；unknown 年度为按法定节日估算的日期' }),
    workdays: z.array(z.string()).meta({ description: '调休上班的周六、周日' }),
    source: z.string().nullable(),
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: 'CalendarYear' });

export const CalendarYearsResponse = z.object({ data: z.array(CalendarYearView) }).meta({ id: 'CalendarYearList' });
export const CalendarYearResponse = z.object({ data: CalendarYearView }).meta({ id: 'CalendarYearResponse' });

export const CalendarYearParams = z.strictObject({ year: CalendarYearParam });

export const PutCalendarYearBody = z
  .strictObject({
    holidays: z.array(IsoDate).min(1).max(60).meta({ description: '放假日期（含其间的周六、周日）' }),
    workdays: z.array(IsoDate).max(20).meta({ description: '调休上班的周六、周日' }),
    source: Text(200).meta({ description: '依据，如“国务院办公厅关于2027年部分节假日安排的通知”' }),
  })
  .superRefine((b, ctx) => {
    const holidays = new Set(b.holidays);
    b.workdays.forEach((d, i) => {
      const w = new Date(`${d}T00:00:00Z`).getUTCDay();
      if (w !== 0 && w !== 6) ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `${d} 不是周六或周日，无需调休上班` });
      else if (holidays.has(d)) ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `${d} 同时出现在放假和上班日期中` });
    });
  })
  .meta({
    id: 'PutCalendarYearBody',
    description: '调休上班日（workdays）须为周六或周日，且不与放假日期重复；两者都须属于路径中的年份（否则 400 calendar.invalid_dates）',
  });
export type PutCalendarYearBody = z.infer<typeof PutCalendarYearBody>;
