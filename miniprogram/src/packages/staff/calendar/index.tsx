import { useEffect, useMemo, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Field from '@/components/Field';
import Page from '@/components/Page';
import { usePageData } from '@/hooks/usePageData';
import { redirectToLogin } from '@/services/navigation';
import { ApiError } from '@/services/request';
import { hasRole, useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDateTime, beijingToday } from '@/utils/time';
import { calendarApi, dayWithWeek, isWeekend, yearEffect, type CalendarYear } from '../lib/admin';
import '../lib/staff.scss';
import './index.scss';

type DayKind = 'work' | 'rest' | 'holiday' | 'makeup';
const KIND_TEXT: Record<DayKind, string> = { work: '上班', rest: '休息', holiday: '放假', makeup: '调休上班' };
const MARK: Record<DayKind, string> = { work: '', rest: '', holiday: '休', makeup: '班' };
const WEEK_HEAD = ['一', '二', '三', '四', '五', '六', '日'];

const pad = (n: number) => String(n).padStart(2, '0');
const isoOf = (y: number, m: number, d: number) => `${y}-${pad(m + 1)}-${pad(d)}`;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();

/** Consecutive dates as runs: "10月1日—10月7日（7 天）". */
function runs(dates: readonly string[]): string[] {
  const out: string[] = [];
  const sorted = [...dates].sort();
  const md = (iso: string) => `${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && Date.parse(sorted[j + 1]) - Date.parse(sorted[j]) === 86_400_000) j++;
    out.push(i === j ? md(sorted[i]) : `${md(sorted[i])}—${md(sorted[j])}（${j - i + 1} 天）`);
    i = j + 1;
  }
  return out;
}

/**
 * 节假日日历: each year's holidays and adjusted working days (调休), which every deadline in working days is
 * counted on. National data: province-level admins (and above) edit it; other admins read it and see why.
 * A tap on a day changes it (weekday: 上班 ⇄ 放假; weekend: 休息 → 放假 → 调休上班); saving asks first and
 * says how many working days the year has before and after.
 */
export default function HolidayCalendar() {
  const { user } = useAppState();
  const isAdmin = !!user && hasRole(user, ['admin']);
  const canEdit = isAdmin && !!user?.region && user.region.code.length <= 2;
  const page = usePageData(() => calendarApi.years(), { enabled: isAdmin });
  const thisYear = Number(beijingToday().slice(0, 4));
  const [year, setYear] = useState(thisYear + 1);
  const [month, setMonth] = useState(0);
  const [holidays, setHolidays] = useState<string[] | null>(null);
  const [workdays, setWorkdays] = useState<string[] | null>(null);
  const [source, setSource] = useState('');
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [problem, setProblem] = useState('');

  const saved: CalendarYear | undefined = page.data?.find((y) => y.year === year);
  useEffect(() => { setHolidays(null); setWorkdays(null); setSource(''); setProblem(''); }, [year, page.data]);
  const h = holidays ?? saved?.holidays ?? [];
  const w = workdays ?? saved?.workdays ?? [];
  const effect = useMemo(() => yearEffect(year, h, w), [year, h.join(), w.join()]);
  const before = useMemo(() => (saved ? yearEffect(year, saved.holidays, saved.workdays) : null), [saved]);
  const dirty = !!saved && (h.join() !== saved.holidays.join() || w.join() !== saved.workdays.join());

  if (!isAdmin) {
    return (
      <Page className='holidays'>
        <EmptyState status='forbidden' description='仅限监管部门管理员查看节假日日历。'
          actions={user ? [] : [{ text: '登录', onClick: () => redirectToLogin(), variant: 'primary' }]} />
      </Page>
    );
  }

  const kindOf = (iso: string): DayKind => (w.includes(iso) ? 'makeup' : h.includes(iso) ? 'holiday' : isWeekend(iso) ? 'rest' : 'work');
  const toggle = (iso: string) => {
    const k = kindOf(iso);
    const next: DayKind = isWeekend(iso) ? (k === 'rest' ? 'holiday' : k === 'holiday' ? 'makeup' : 'rest') : (k === 'work' ? 'holiday' : 'work');
    setHolidays([...h.filter((d) => d !== iso), ...(next === 'holiday' ? [iso] : [])].sort());
    setWorkdays([...w.filter((d) => d !== iso), ...(next === 'makeup' ? [iso] : [])].sort());
    setResult(null);
    setProblem('');
  };

  const save = async () => {
    if (!source.trim()) { setProblem('请填写依据，如“国务院办公厅关于2027年部分节假日安排的通知”'); return; }
    if (!h.length) { setProblem('至少要有一天放假'); return; }
    const was = before?.working ?? 0;
    const { confirm } = await Taro.showModal({
      title: `保存 ${year} 年节假日安排`,
      content: `放假 ${h.length} 天、调休上班 ${w.length} 天；全年工作日由 ${was} 天变为 ${effect.working} 天。全国的办理时限都按新安排计算，确认保存？`,
      confirmText: '保存',
    });
    if (!confirm) return;
    try {
      const after = await calendarApi.save(year, { holidays: h, workdays: w, source: source.trim() });
      page.setData((page.data ?? []).map((y) => (y.year === year ? after : y)));
      setResult({ ok: true, text: `已保存 ${year} 年节假日安排：放假 ${after.holidays.length} 天、调休上班 ${after.workdays.length} 天，全年工作日 ${yearEffect(year, after.holidays, after.workdays).working} 天。` });
      void Taro.showToast({ title: '已保存', icon: 'success' });
    } catch (e) {
      setResult({ ok: false, text: `保存失败：${e instanceof ApiError ? e.message : '网络异常，请稍后再试'}` });
    }
  };

  const first = (new Date(Date.UTC(year, month, 1)).getUTCDay() + 6) % 7; // Monday first
  const cells = [...Array(first).fill(null), ...Array.from({ length: daysIn(year, month) }, (_, i) => isoOf(year, month, i + 1))] as (string | null)[];

  return (
    <Page className='holidays'>
      <Text className='section-title' {...a11y({ role: 'heading', level: 1 })}>节假日日历</Text>
      {canEdit ? (
        <Text className='muted holidays__intro'>办理时限按工作日计算。点按日期修改：工作日在“上班”和“放假”间切换；周六、周日依次为“休息”“放假”“调休上班”。</Text>
      ) : (
        <Text className='notice holidays__readonly' data-testid='calendar-readonly' {...a11y({ role: 'status' })}>
          只读：节假日安排全国通用，只有省级及以上管理员可以维护。您是{user!.region?.name ?? ''}的管理员，可以查看；发现与国务院通知不符，请联系省级管理员。
        </Text>
      )}
      {page.state.status === 'loading' ? <EmptyState status='loading' /> : null}
      {page.state.status !== 'loading' && page.state.status !== 'ready' ? <EmptyState problem={page.state} onRetry={page.retry} /> : null}
      {page.data ? (
        <>
          <View className='chips' role='radiogroup' aria-label='年份'>
            {page.data.map((y) => {
              const on = y.year === year;
              const pick = () => { setYear(y.year); setResult(null); };
              return <Text key={y.year} className={cx('chip', on && 'chip--on')} data-year={y.year} onClick={pick} {...a11y({ role: 'radio', checked: on, label: `${y.year}年`, onActivate: pick })}>{y.year}年</Text>;
            })}
          </View>
          {saved ? (
            <>
              <View className='card'>
                <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>{year} 年</Text>
                <View className='kv'><Text className='kv__k'>状态</Text><Text className='kv__v' data-testid='year-status'>{saved.statusLabel}</Text></View>
                <View className='kv'><Text className='kv__k'>依据</Text><Text className='kv__v'>{saved.source ?? '—'}</Text></View>
                {saved.updatedAt ? <View className='kv'><Text className='kv__k'>维护时间</Text><Text className='kv__v'>{beijingDateTime(saved.updatedAt)}</Text></View> : null}
                <View className='kv'><Text className='kv__k'>放假</Text><Text className='kv__v'>{runs(h).join('，') || '无'}</Text></View>
                <View className='kv'><Text className='kv__k'>调休上班</Text><Text className='kv__v' data-testid='makeup-days'>{w.map(dayWithWeek).join('，') || '无'}</Text></View>
              </View>

              <View className='card holidays__effect' data-testid='working-effect'>
                <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>对工作日的影响</Text>
                <Text className='holidays__total'>全年工作日 {effect.working} 天{dirty && before ? `（保存前 ${before.working} 天）` : ''}</Text>
                <Text className='muted text-sm'>周一至周五 {effect.weekdays} 天，减去其中放假 {effect.holidaysOnWeekdays} 天，加上调休上班 {effect.workdays} 天。</Text>
                <View className='holidays__months'>
                  {effect.months.map((n, i) => <Text key={i} className='holidays__month-count'>{i + 1}月 {n} 天</Text>)}
                </View>
              </View>

              <View className='chips' role='radiogroup' aria-label='月份'>
                {Array.from({ length: 12 }, (_, i) => {
                  const on = i === month;
                  const pick = () => setMonth(i);
                  return <Text key={i} className={cx('chip', 'holidays__mchip', on && 'chip--on')} onClick={pick} {...a11y({ role: 'radio', checked: on, label: `${i + 1}月`, onActivate: pick })}>{i + 1}月</Text>;
                })}
              </View>
              <View className='card'>
                <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>{year} 年 {month + 1} 月</Text>
                <View className='holidays__grid' aria-hidden='true'>
                  {WEEK_HEAD.map((d) => <Text key={d} className='holidays__wk'>{d}</Text>)}
                </View>
                <View className='holidays__grid' role='list' aria-label={`${year}年${month + 1}月`}>
                  {cells.map((iso, i) => {
                    if (!iso) return <View key={`b${i}`} className='holidays__cell holidays__cell--blank' {...a11y({ role: 'listitem', hidden: true })} />;
                    const k = kindOf(iso);
                    // The visible text (day and mark) first, so the accessible name contains what is seen.
                    const label = `${Number(iso.slice(8, 10))}${MARK[k]}（${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日 ${dayWithWeek(iso).slice(-2)}，${KIND_TEXT[k]}）`;
                    const face = (
                      <>
                        <Text className='holidays__d' aria-hidden='true'>{Number(iso.slice(8, 10))}</Text>
                        <Text className='holidays__mark' aria-hidden='true'>{MARK[k]}</Text>
                      </>
                    );
                    return (
                      <View key={iso} className={cx('holidays__cell', `holidays__cell--${k}`)} data-date={iso} data-kind={k}
                        {...a11y(canEdit ? { role: 'listitem' } : { role: 'listitem', label })}>
                        {canEdit ? (
                          <View className='holidays__tap' onClick={() => toggle(iso)} {...a11y({ role: 'button', label: `${label}点按修改`, onActivate: () => toggle(iso) })}>{face}</View>
                        ) : face}
                      </View>
                    );
                  })}
                </View>
                <Text className='muted text-sm'>“休”为放假，“班”为调休上班。</Text>
              </View>

              {canEdit ? (
                <View className='card'>
                  <Field label='依据' name='calendarSource' value={source} onInput={(v) => { setSource(v); setProblem(''); }} maxlength={200} required
                    placeholder='如：国务院办公厅关于2027年部分节假日安排的通知' />
                  {problem ? <Text className='errors' {...a11y({ role: 'alert' })}>{problem}</Text> : null}
                  <ActionButton variant='primary' block disabled={!dirty} onClick={() => void save()}>{dirty ? `保存 ${year} 年节假日安排` : '没有需要保存的修改'}</ActionButton>
                  {dirty ? <ActionButton block onClick={() => { setHolidays(null); setWorkdays(null); }}>放弃修改</ActionButton> : null}
                </View>
              ) : null}
              {result ? (
                <Text className={result.ok ? 'notice' : 'errors'} data-result={result.ok ? 'saved' : 'failed'} {...a11y({ role: result.ok ? 'status' : 'alert' })}>{result.text}</Text>
              ) : null}
            </>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
