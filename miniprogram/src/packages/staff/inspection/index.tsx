import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Field from '@/components/Field';
import DateField from '@/components/DateField';
import Page from '@/components/Page';
import { notFound } from '@/hooks/pageProblem';
import { usePageData } from '@/hooks/usePageData';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDateTime, beijingToday } from '@/utils/time';
import PrivatePhoto from '../lib/PrivatePhoto';
import { supervisionApi } from '../lib/supervision';
import '../lib/staff.scss';

/** One inspection for the inspector: the checklist with notes and photos, the owner's rectification and its 复查. */
export default function InspectionDetail() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const page = usePageData(() => (/^[a-f0-9]{24}$/.test(id) ? supervisionApi.inspection(id) : Promise.reject(notFound())), { deps: [id], onShow: true });
  const [note, setNote] = useState('');
  const [newDeadline, setNewDeadline] = useState('');
  const [problem, setProblem] = useState('');

  if (page.state.status !== 'ready') {
    const { state } = page;
    return (
      <Page className='inspection'>
        {state.status === 'loading' ? <EmptyState status='loading' /> : null}
        {state.status === 'missing' ? <EmptyState problem={state} title='未找到该检查记录' /> : null}
        {state.status === 'forbidden' || state.status === 'error' ? <EmptyState problem={state} onRetry={page.retry} /> : null}
      </Page>
    );
  }
  const i = page.state.data;

  const r = i.rectification;
  const review = async (passed: boolean) => {
    if (!passed && (!/^\d{4}-\d{2}-\d{2}$/.test(newDeadline) || newDeadline <= beijingToday())) { setProblem('复查未通过须填写晚于今天的新整改期限'); return; }
    const { confirm } = await Taro.showModal({ title: passed ? '复查通过' : '复查未通过', content: passed ? '确认整改到位并结案？' : `要求在 ${newDeadline} 前重新整改？`, confirmText: '确认' });
    if (!confirm) return;
    page.setData(await supervisionApi.review(i.id, { passed, ...(note.trim() ? { note: note.trim() } : {}), ...(passed ? {} : { newDeadline }) }));
  };
  return (
    <Page className='inspection'>
      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 1 })}>{i.workshop.name}</Text>
        <View className='kv'><Text className='kv__k'>检查日期</Text><Text className='kv__v'>{i.date}</Text></View>
        <View className='kv'><Text className='kv__k'>检查人员</Text><Text className='kv__v'>{(i.inspectors ?? []).map((x) => x.name).join('、')}</Text></View>
        <View className='kv'><Text className='kv__k'>结论</Text><Text className={cx('kv__v', i.result !== 'none' && 'kv__v--danger')}>{i.resultLabel}</Text></View>
        <View className='kv'><Text className='kv__k'>整改</Text><Text className={cx('kv__v', r.overdue && 'kv__v--danger')}>{r.statusLabel}{r.deadline ? `（期限 ${r.deadline}）` : ''}</Text></View>
        <ActionButton block onClick={() => void Taro.navigateTo({ url: `/packages/staff/self-checks/index?workshopId=${i.workshop.id}&name=${encodeURIComponent(i.workshop.name)}` })}>查看业主自查记录</ActionButton>
      </View>
      <View className='card'>
        <Text className='card__title'>检查项（符合 {i.summary.pass} · 基本符合 {i.summary.basic} · 不符合 {i.summary.fail}）</Text>
        {(i.items ?? []).map((it) => (
          <View key={it.code} className='check-item'>
            <Text className='check-item__name'>{it.name}：<Text className={cx(it.result === 'fail' && 'queue__overdue')}>{it.resultLabel}</Text></Text>
            {it.note ? <Text className='muted'>{it.note}</Text> : null}
            {it.photos?.length ? <View className='photos'>{it.photos.map((p, k) => <PrivatePhoto key={p} fileId={p} label={`${it.name}照片${k + 1}`} />)}</View> : null}
          </View>
        ))}
      </View>
      {r.status !== 'none' ? (
        <View className='card'>
          <Text className='card__title'>业主整改</Text>
          {r.submittedAt ? (
            <>
              <Text className='muted'>提交于 {beijingDateTime(r.submittedAt)}</Text>
              {r.note ? <Text className='check-item__name'>{r.note}</Text> : null}
              <View className='photos'>{(r.photos ?? []).map((p, k) => <PrivatePhoto key={p} fileId={p} label={`整改照片${k + 1}`} />)}</View>
            </>
          ) : <Text className='muted'>业主尚未提交整改材料。</Text>}
          {r.reviewedAt ? <Text className='muted'>复查：{beijingDateTime(r.reviewedAt)} {r.reviewNote ?? ''}</Text> : null}
          {r.status === 'submitted' ? (
            <View className='action-panel'>
              <Field label='复查意见' name='reviewNote' value={note} onInput={setNote} multiline maxlength={500} />
              <DateField label='新的整改期限（未通过时填写）' name='newDeadline' value={newDeadline} onChange={setNewDeadline} start={beijingToday()} />
              {problem ? <Text className='errors' {...a11y({ role: 'alert' })}>{problem}</Text> : null}
              <ActionButton variant='primary' block onClick={() => void review(true)}>复查通过</ActionButton>
              <ActionButton variant='danger' block onClick={() => void review(false)}>复查未通过</ActionButton>
            </View>
          ) : null}
        </View>
      ) : null}
    </Page>
  );
}
