import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Field from '@/components/Field';
import Page from '@/components/Page';
import PagedList from '@/components/PagedList';
import { usePagedList } from '@/hooks/usePagedList';
import { redirectToLogin } from '@/services/navigation';
import { hasRole, useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { beijingDate, beijingDateTime } from '@/utils/time';
import { repairApi, type Penalty } from '../lib/draws';
import '../lib/staff.scss';

const yuan = (fen: number | null) => (fen === null ? '' : `，罚款 ${(fen / 100).toFixed(2)} 元`);

/** 信用修复审核: owners' requests of my region, oldest decision last; approving ends the public listing. */
export default function Repairs() {
  const { user } = useAppState();
  const allowed = !!user && hasRole(user, ['admin']);
  const list = usePagedList((page) => repairApi.queue(page), { onShow: true, pullDownRefresh: true, enabled: allowed });
  const load = () => void list.reload();
  if (!allowed) {
    return (
      <Page className='repairs'>
        <EmptyState status='forbidden' description='仅限管理员使用。' actions={user ? [] : [{ text: '登录', onClick: () => redirectToLogin(), variant: 'primary' }]} />
      </Page>
    );
  }
  return (
    <Page className='repairs'>
      <Text className='section-title' {...a11y({ role: 'heading', level: 1 })}>信用修复审核</Text>
      <PagedList list={list} empty={{ title: '没有待审核的信用修复申请' }}>
        {(items) => items.map((p) => <RepairCard key={p.id} p={p} onDone={load} />)}
      </PagedList>
    </Page>
  );
}

function RepairCard({ p, onDone }: { p: Penalty; onDone: () => void }) {
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState('');
  const decide = async (approved: boolean) => {
    if (!approved && !note.trim()) { setProblem('不予修复须填写审核意见，告知业主原因'); return; }
    const { confirm } = await Taro.showModal({
      title: approved ? '准予信用修复' : '不予信用修复',
      content: approved ? `${p.workshop.name}：${p.decisionNumber} 将停止在信用档案中公示。确认通过？` : `${p.workshop.name}：处罚信息继续公示，业主会收到审核意见。确认不予修复？`,
      confirmText: '确认',
    });
    if (!confirm) return;
    try {
      await repairApi.review(p.id, approved, note.trim() || undefined);
    } catch {
      onDone(); // the request layer showed the reason; another admin may have decided it already
      return;
    }
    void Taro.showToast({ title: approved ? '已准予修复' : '已不予修复', icon: 'none' });
    onDone();
  };
  return (
    <View className='card' data-id={p.id}>
      <Text className='card__title'>{p.workshop?.name ?? '作坊'}</Text>
      <View className='kv'><Text className='kv__k'>决定书文号</Text><Text className='kv__v'>{p.decisionNumber}</Text></View>
      <View className='kv'><Text className='kv__k'>处罚内容</Text><Text className='kv__v'>{p.outcome}{yuan(p.fineFen)}</Text></View>
      <View className='kv'><Text className='kv__k'>决定日期</Text><Text className='kv__v'>{beijingDate(p.decidedAt)}</Text></View>
      <View className='kv'><Text className='kv__k'>公示期满</Text><Text className='kv__v'>{beijingDate(p.publicityEnds)}</Text></View>
      <View className='kv'><Text className='kv__k'>申请时间</Text><Text className='kv__v'>{beijingDateTime(p.repair?.requestedAt)}</Text></View>
      <View className='kv'><Text className='kv__k'>整改与承诺</Text><Text className='kv__v'>{p.repair?.reason ?? '—'}</Text></View>
      <View className='action-panel'>
        <Field label='审核意见' name='repairNote' value={note} onInput={setNote} multiline maxlength={500} placeholder='不予修复时必填' />
        {problem ? <Text className='errors' {...a11y({ role: 'alert' })}>{problem}</Text> : null}
        <ActionButton variant='primary' block onClick={() => void decide(true)}>准予修复</ActionButton>
        <ActionButton variant='danger' block onClick={() => void decide(false)}>不予修复</ActionButton>
      </View>
    </View>
  );
}
