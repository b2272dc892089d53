import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import GradeBadge from '@/components/GradeBadge';
import Page from '@/components/Page';
import { CREDIT_ROUTES } from '@/constants/credit';
import { ROUTES } from '@/constants/routes';
import { notFound } from '@/hooks/pageProblem';
import { usePageData } from '@/hooks/usePageData';
import { creditApi, type CreditEventView } from '@/services/credit';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDate } from '@/utils/time';
import ChecklistResult from '../components/ChecklistResult';
import { EVENT_KINDS, RECTIFICATION_TONE, isBadResult } from '../lib/labels';
import '../lib/credit.scss';
import './index.scss';

/**
 * The public credit file of one workshop (一户一档): who and where, certificate, risk grade with its
 * reasons, the latest inspection and one timeline of every public record, newest first. Optional parts
 * are read defensively: a record missing an array (an older document) still renders.
 */
export default function WorkshopCredit() {
  const { params } = useRouter();
  const id = params.id ?? '';
  // On every show: back from another page (or after an inspection) the record may have changed.
  const { state, retry } = usePageData(async () => {
    if (!/^[a-f0-9]{24}$/.test(id)) throw notFound();
    // Training hours are an extra: the file shows without them when they cannot be read.
    const [w, events, training] = await Promise.all([creditApi.workshop(id), creditApi.timeline(id), creditApi.trainingHours(id).catch(() => null)]);
    void Taro.setNavigationBarTitle({ title: w.name.length > 12 ? '作坊信用档案' : w.name });
    return { w, events: events ?? [], training };
  }, { deps: [id], onShow: true });

  if (state.status !== 'ready') {
    return (
      <Page className='credit-file'>
        {state.status === 'loading' ? <EmptyState status='loading' title='正在加载信用档案…' /> : null}
        {state.status === 'missing' ? <EmptyState problem={state} title='未找到该作坊的公开档案' description='链接可能有误，或该作坊已不在公示范围内。' /> : null}
        {state.status === 'forbidden' || state.status === 'error' ? <EmptyState problem={state} onRetry={retry} /> : null}
      </Page>
    );
  }

  const { w, events, training } = state.data;
  const li = w.latestInspection;
  const openStory = (awardId: string) => void Taro.navigateTo({ url: `${ROUTES.programStory}?id=${awardId}` });
  const verify = () => w.certificate && void Taro.navigateTo({ url: `${CREDIT_ROUTES.verify}?no=${encodeURIComponent(w.certificate.number)}` });
  return (
    <Page className='credit-file'>
      <View className='card'>
        <View className='credit-file__head'>
          <Text className='credit-file__name' {...a11y({ role: 'heading', level: 1 })}>{w.name}</Text>
          <GradeBadge grade={w.riskGrade} />
        </View>
        <Text className={cx('tag', w.status !== 'registered' && 'tag--danger')}>{w.statusLabel}</Text>
        {(w.badges ?? []).map((b) => <Text key={b} className='tag tag--award'>{b}</Text>)}
        <View className='ckv-list'>
          <Kv k='经营者' v={w.ownerName ?? '—'} />
          <Kv k='所在地区' v={w.region?.name ?? '—'} />
          <Kv k='地址' v={w.address} />
          <Kv k='食品类别' v={(w.categories ?? []).map((c) => c.name).join('、') || '—'} />
          {w.products?.length ? <Kv k='生产品种' v={w.products.join('、')} /> : null}
        </View>
      </View>

      {w.awards?.length ? (
        <>
          <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>荣誉称号</Text>
          <View className='card' data-testid='awards'>
            {w.awards.map((a) => (
              <View key={a.id} className='credit-file__award' data-award={a.id}>
                <Text className='tag tag--award'>{a.badge}</Text>
                <Text className='credit-file__sub'>{a.programName}</Text>
                <Text className='muted'>{a.issuer} · {beijingDate(a.grantedAt)} 授予，有效期至 {beijingDate(a.validUntil)}</Text>
                {a.heritage ? (
                  <Text className='link-btn' onClick={() => openStory(a.id)} {...a11y({ role: 'link', onActivate: () => openStory(a.id) })}>非遗故事 ›</Text>
                ) : null}
              </View>
            ))}
          </View>
        </>
      ) : null}

      <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>登记证</Text>
      <View className='card'>
        {w.certificate ? (
          <>
            <View className='ckv-list'>
              <Kv k='编号' v={w.certificate.number} />
              <Kv k='状态' v={w.certificate.statusLabel} danger={w.certificate.status !== 'valid'} />
              {w.certificate.expiresAt ? <Kv k='有效期' v={`${beijingDate(w.certificate.issuedAt)} 至 ${beijingDate(w.certificate.expiresAt)}`} /> : null}
            </View>
            <ActionButton block onClick={verify}>核验登记证真伪</ActionButton>
          </>
        ) : (
          <Text className='muted'>暂无登记证信息。</Text>
        )}
      </View>

      <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>风险等级</Text>
      <View className='card' data-testid='risk'>
        {w.risk ? (
          <>
            <View className='credit-file__risk-head'>
              <GradeBadge grade={w.risk.grade} />
              <Text className='credit-file__risk-label'>{w.risk.label}</Text>
            </View>
            <Text className='credit-file__meaning'>{w.risk.meaning}</Text>
            {w.risk.reasons?.length ? (
              <View className='credit-file__reasons'>
                <Text className='credit-file__sub'>评定依据（近24个月）</Text>
                {w.risk.reasons.map((r) => <Text key={r} className='credit-file__reason'>• {r}</Text>)}
              </View>
            ) : null}
            <Text className='muted credit-file__freq'>
              按该等级，监管部门每年检查 {perYear(w.risk.inspectionsPerYear)} 次。
            </Text>
          </>
        ) : (
          <Text className='muted'>尚未评定风险等级。</Text>
        )}
      </View>

      <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>最近一次检查</Text>
      <View className='card' data-testid='latest-inspection'>
        {li ? (
          <>
            <View className='ckv-list'>
              <Kv k='检查日期' v={li.date} />
              <Kv k='检查单位' v={li.office} />
              <Kv k='检查结论' v={li.resultLabel} danger={li.result !== 'none'} />
              {li.rectification ? (
                <Kv
                  k='整改情况'
                  v={`${li.rectification.statusLabel}${li.rectification.deadline ? `（期限 ${li.rectification.deadline}）` : ''}`}
                  danger={RECTIFICATION_TONE[li.rectification.status] === 'bad'}
                />
              ) : null}
            </View>
            <ChecklistResult checklist={li.checklist} />
          </>
        ) : (
          <Text className='muted'>暂无日常监督检查记录。</Text>
        )}
      </View>

      <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>信用记录</Text>
      <View className='card ctl' data-testid='timeline'>
        {typeof training?.hours === 'number' ? (
          <Text className='ctl__summary' data-testid='training-hours'>
            近{training.months ?? 12}个月参加培训 {training.hours} 学时{training.certificates?.length ? `（${training.certificates.length}张培训证书）` : ''}
          </Text>
        ) : null}
        {events.length === 0 ? <Text className='muted'>暂无公开记录。</Text> : null}
        {events.map((e) => <TimelineEntry key={e.id} e={e} />)}
        <Text className='muted ctl__foot'>记录按时间由近及远排列。行政处罚在公示期内公开，期满或信用修复后不再公示。</Text>
      </View>

      <View className='card'>
        <Text className='muted'>发现该作坊超范围生产、卫生条件差或其他违法行为？可匿名举报，举报人信息严格保密。</Text>
        <ActionButton block onClick={() => void Taro.navigateTo({ url: reportUrl(w) })}>举报此作坊</ActionButton>
      </View>
    </Page>
  );
}

/** The tip-off form about this workshop: kind, workshop and region filled in. */
const reportUrl = (w: { id: string; name: string; region?: { code: string; name: string } | null }) => {
  const q = { workshopId: w.id, name: w.name, region: w.region?.code ?? '', regionName: w.region?.name ?? '' };
  return `${ROUTES.tipoffForm}?${Object.entries(q).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
};

const perYear = (r: [number, number] | undefined) => (!r ? '—' : r[0] === r[1] ? String(r[0]) : r.join('–'));

function Kv({ k, v, danger }: { k: string; v: string; danger?: boolean }) {
  return (
    <View className='ckv'>
      <Text className='ckv__k'>{k}</Text>
      <Text className={cx('ckv__v', danger && 'ckv__v--danger')}>{v}</Text>
    </View>
  );
}

function TimelineEntry({ e }: { e: CreditEventView }) {
  const kind = EVENT_KINDS[e.type] ?? { label: '记录', glyph: '记', tone: 'neutral' };
  const [open, setOpen] = useState(false);
  const toggle = () => setOpen(!open);
  return (
    <View className='ctl__item' data-type={e.type}>
      <View className={cx('ctl__icon', `ctl__icon--${kind.tone}`)} {...a11y({ role: 'img', label: kind.label })}>
        <Text aria-hidden='true'>{kind.glyph}</Text>
      </View>
      <View className='ctl__body'>
        <Text className='ctl__title'>{e.title}</Text>
        <Text className='ctl__meta'>
          {beijingDate(e.at)} · {kind.label} · 来源：{e.source}
        </Text>
        {e.result ? <Text className={cx('ctl__result', isBadResult(e.result) && 'ctl__result--bad')}>结果：{e.result}</Text> : null}
        {e.type === 'training' && typeof e.hours === 'number' ? <Text className='ctl__result'>培训学时：{e.hours}</Text> : null}
        {e.detail ? <Text className='ctl__detail'>{e.detail}</Text> : null}
        {e.rectification ? (
          <Text className={cx('ctl__detail', RECTIFICATION_TONE[e.rectification.status] === 'bad' && 'ctl__result--bad')}>
            整改：{e.rectification.statusLabel}{e.rectification.deadline ? `（期限 ${e.rectification.deadline}）` : ''}
          </Text>
        ) : null}
        {e.checklist ? (
          <>
            <Text className='ctl__toggle' onClick={toggle} aria-expanded={open ? 'true' : 'false'} {...a11y({ role: 'button', onActivate: toggle })}>
              {open ? '收起检查清单' : '查看10项检查结果'}
            </Text>
            {open ? <ChecklistResult checklist={e.checklist} /> : null}
          </>
        ) : null}
      </View>
    </View>
  );
}
