import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { AUDIT_KINDS, type AuditKind } from '@shared/domain/audit';
import ActionButton from '@/components/ActionButton';
import DateField from '@/components/DateField';
import EmptyState from '@/components/EmptyState';
import Page from '@/components/Page';
import PagedList from '@/components/PagedList';
import { usePagedList } from '@/hooks/usePagedList';
import { redirectToLogin } from '@/services/navigation';
import { hasRole, useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDateTimeSeconds, beijingToday } from '@/utils/time';
import { auditApi, type AuditEvent } from '../lib/admin';
import '../lib/staff.scss';
import './index.scss';

const KINDS = Object.entries(AUDIT_KINDS) as [AuditKind, string][];

/**
 * 操作记录: who did what, when (to the second), to what, in my region — newest first, by kind and by date.
 * Admin changes (禁止生产食品目录, 人员与账号, 节假日日历) and every other recorded change are here.
 */
export default function AuditTrail() {
  const { user } = useAppState();
  const allowed = !!user && hasRole(user, ['admin']);
  const [kind, setKind] = useState<AuditKind | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const filter = { ...(kind ? { kind } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
  const list = usePagedList((p) => auditApi.list(p, filter), { deps: [kind, from, to], onShow: true, pullDownRefresh: true, enabled: allowed });
  if (!allowed) {
    return (
      <Page className='audit'>
        <EmptyState status='forbidden' description='仅限监管部门管理员查看操作记录。'
          actions={user ? [] : [{ text: '登录', onClick: () => redirectToLogin(), variant: 'primary' }]} />
      </Page>
    );
  }
  const today = beijingToday();
  return (
    <Page className='audit'>
      <Text className='section-title' {...a11y({ role: 'heading', level: 1 })}>操作记录</Text>
      <Text className='muted audit__intro'>{user.region?.name ?? ''}及下辖区域的操作，最新在前，时间为北京时间。</Text>
      <View className='chips' role='radiogroup' aria-label='按类别筛选'>
        {[['', '全部'] as const, ...KINDS].map(([code, name]) => {
          const on = code === kind;
          const pick = () => setKind(code);
          return <Text key={code || 'all'} className={cx('chip', on && 'chip--on')} data-kind={code || 'all'} onClick={pick} {...a11y({ role: 'radio', checked: on, label: name, onActivate: pick })}>{name}</Text>;
        })}
      </View>
      <View className='audit__dates'>
        <DateField label='起始日期' name='from' value={from} end={to || today} onChange={setFrom} />
        <DateField label='截止日期' name='to' value={to} start={from || undefined} end={today} onChange={setTo} />
        {from || to ? <ActionButton onClick={() => { setFrom(''); setTo(''); }}>清除日期</ActionButton> : null}
      </View>
      {list.state.status === 'ready' ? <Text className='muted text-sm audit__count' {...a11y({ role: 'status' })}>共 {list.total} 条</Text> : null}
      <PagedList list={list} empty={{ title: '没有符合条件的操作记录', description: kind || from || to ? '换个类别或日期再看看。' : undefined }} end={<Text className='muted audit__end'>已显示全部</Text>}>
        {(items) => <View className='audit__list'>{items.map((e) => <AuditRow key={e.id} e={e} />)}</View>}
      </PagedList>
    </Page>
  );
}

function AuditRow({ e }: { e: AuditEvent }) {
  return (
    <View className='card audit__row' data-id={e.id} data-action={e.action}>
      <Text className='audit__time'>{beijingDateTimeSeconds(e.at)}</Text>
      <Text className='audit__sentence'>{e.actor.name}（{e.actor.role}）{e.what}</Text>
      <View className='kv'><Text className='kv__k'>对象</Text><Text className='kv__v'>{e.target}</Text></View>
      {e.details ? <View className='kv'><Text className='kv__k'>变化</Text><Text className='kv__v'>{e.details}</Text></View> : null}
      <View className='kv'><Text className='kv__k'>类别</Text><Text className='kv__v'>{e.kindLabel}{e.region ? ` · ${e.region.name}` : ''}</Text></View>
    </View>
  );
}
