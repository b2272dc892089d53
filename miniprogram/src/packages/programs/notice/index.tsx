import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Page from '@/components/Page';
import { CREDIT_ROUTES } from '@/constants/credit';
import { notFound } from '@/hooks/pageProblem';
import { usePageData } from '@/hooks/usePageData';
import { a11y } from '@/utils/a11y';
import { beijingToday } from '@/utils/time';
import ProgramObjectionBox from '../components/ProgramObjectionBox';
import { daysLeftText } from '../lib/programFormat';
import { programsApi } from '../lib/programsApi';
import '../lib/programs.scss';

/** 公示: the workshops of a program on public notice, with dates to the day and days left, and an 异议 box each. */
export default function ProgramNotice() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const { state, retry } = usePageData(async () => {
    if (!/^[a-f0-9]{24}$/.test(id)) throw notFound();
    return programsApi.notice(id);
  }, { deps: [id], pullDownRefresh: true });
  const [objecting, setObjecting] = useState<string | null>(null);

  if (state.status === 'loading') return <Page><EmptyState status='loading' /></Page>;
  if (state.status !== 'ready') return <Page><EmptyState problem={state} title={state.status === 'missing' ? '未找到该项目' : undefined} onRetry={retry} /></Page>;
  const n = state.data;
  const today = beijingToday();
  return (
    <Page className='program-notice'>
      <View className='card pg-head'>
        <Text className='pg-title' {...a11y({ role: 'heading', level: 1 })}>{n.program.name}</Text>
        <Text className='pg-meta'>{n.program.kindLabel} · {n.program.issuer} · 公示期 {n.program.noticeDays} 个工作日</Text>
        <Text className='pg-meta'>以下作坊已通过评审，正在公示。公示期内，对拟授予作坊有异议的，可以实名或匿名提出，由{n.program.issuer}核实处理。</Text>
      </View>
      {!n.entries.length ? <EmptyState status='empty' title='目前没有正在公示的作坊' description='评审通过的作坊会在这里公示' /> : null}
      {n.entries.map((e) => (
        <View key={e.applicationId} className='card' data-notice={e.applicationId}>
          <Text className='pg-row__title'>{e.workshop.name}</Text>
          <Text className='pg-meta'>{e.workshop.region.name}</Text>
          <Text className='pg-meta'>公示期：{e.noticeFrom} 至 {e.noticeUntil}</Text>
          <Text className='pg-state pg-state--warn' data-testid='days-left'>{daysLeftText(e.noticeUntil, today)}</Text>
          {objecting === e.applicationId ? (
            <ProgramObjectionBox applicationId={e.applicationId} workshopName={e.workshop.name} onClose={() => setObjecting(null)} />
          ) : (
            <View className='pg-actions'>
              <ActionButton onClick={() => void Taro.navigateTo({ url: `${CREDIT_ROUTES.workshop}?id=${e.workshop.id}` })}>信用档案</ActionButton>
              {e.noticeUntil >= today ? <ActionButton onClick={() => setObjecting(e.applicationId)}>提出异议</ActionButton> : null}
            </View>
          )}
        </View>
      ))}
    </Page>
  );
}
