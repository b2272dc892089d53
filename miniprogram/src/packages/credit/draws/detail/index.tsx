import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { DRAW_ALGORITHM } from '@shared/domain/draw';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Page from '@/components/Page';
import { notFound } from '@/hooks/pageProblem';
import { usePageData } from '@/hooks/usePageData';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDateTime } from '@/utils/time';
import { drawsApi, verifyDraw, type VerifyReport } from '../../lib/draws';
import '../../lib/credit.scss';
import '../draws.scss';

/**
 * 一公开: one draw task with its commitment (seed hash, published before the draw), the revealed seed,
 * and the drawn workshops with their inspector pairs. 核验 re-runs the draw here, on this phone, from the
 * published candidate list, so nobody has to trust the server's word for the list.
 */
export default function DrawDetailPage() {
  const { id } = useRouter().params;
  const [report, setReport] = useState<VerifyReport | null>(null);
  const { state, retry } = usePageData(async () => {
    if (!id || !/^[a-f0-9]{24}$/.test(id)) throw notFound();
    return drawsApi.get(id);
  }, { deps: [id] });

  if (state.status !== 'ready') {
    return (
      <Page className='draw'>
        {state.status === 'loading' ? <EmptyState status='loading' /> : null}
        {state.status === 'missing' ? <EmptyState problem={state} title='未找到该抽查公示' description='链接可能有误，请从“双随机抽查公示”列表进入。' /> : null}
        {state.status === 'error' || state.status === 'forbidden' ? <EmptyState problem={state} onRetry={retry} /> : null}
      </Page>
    );
  }
  const d = state.data;
  const drawn = d.status === 'drawn';
  return (
    <Page className='draw'>
      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 1 })}>{d.title}</Text>
        <View className='ckv-list'>
          <View className='ckv'><Text className='ckv__k'>组织单位</Text><Text className='ckv__v'>{d.office}</Text></View>
          <View className='ckv'><Text className='ckv__k'>抽查范围</Text><Text className='ckv__v'>{d.region?.name ?? '—'}</Text></View>
          <View className='ckv'><Text className='ckv__k'>食品类别</Text><Text className='ckv__v'>{d.categories?.length ? d.categories.map((c) => c.name).join('、') : '全部类别'}</Text></View>
          <View className='ckv'><Text className='ckv__k'>抽取比例</Text><Text className='ckv__v'>{d.sharePercent}%</Text></View>
          <View className='ckv'><Text className='ckv__k'>检查期间</Text><Text className='ckv__v'>{d.periodStart} 至 {d.periodEnd}</Text></View>
          <View className='ckv'><Text className='ckv__k'>状态</Text><Text className='ckv__v' data-testid='draw-status'>{d.statusLabel}</Text></View>
        </View>
      </View>

      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>随机种子</Text>
        <Text className='draws__label'>种子哈希（SHA-256，{beijingDateTime(d.createdAt)} 抽取前公布）</Text>
        <Text className='draws__code' data-testid='seed-hash'>{d.seedHash}</Text>
        {drawn ? (
          <>
            <Text className='draws__label'>公开的种子（{beijingDateTime(d.drawnAt)} 抽取后公开）</Text>
            <Text className='draws__code' data-testid='seed'>{d.seed}</Text>
          </>
        ) : <Text className='muted'>抽取后公开种子与抽中名单。种子在抽取前已锁定：其哈希值已公布，无法事后更改。</Text>}
        <Text className='draws__label'>算法 {d.algorithm}{d.algorithm === DRAW_ALGORITHM ? '' : '（本页不支持该算法的复算）'}；候选作坊 {d.candidates?.length ?? 0} 户，执法人员 {d.inspectors?.length ?? 0} 名</Text>
      </View>

      {drawn ? (
        <>
          <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>抽中作坊（{(d.results ?? []).length} 户）</Text>
          {d.results?.length ? (
            <View className='list'>
              {d.results.map((r, k) => (
                <View key={r.workshop.id} className='list-row' data-id={r.workshop.id}>
                  <Text className='draws__rank'>{k + 1}.</Text>
                  <View className='list-row__main'>
                    <Text>{r.workshop.name}</Text>
                    <Text className='list-row__desc'>{r.workshop.regionName}{r.weight > 1 ? ` · 重点加权 ×${r.weight}` : ''}</Text>
                    <Text className='list-row__desc'>执法人员：{r.inspectors.length ? r.inspectors.map((i) => i.name).join('、') : '待指派'}</Text>
                  </View>
                </View>
              ))}
            </View>
          ) : <View className='card'><Text className='muted'>本次未抽中作坊。</Text></View>}

          <View className='card'>
            <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>核验抽取结果</Text>
            <Text className='muted'>在本机用公开的种子和候选名单重新抽取一遍，并检查种子与抽取前公布的哈希是否一致。</Text>
            <ActionButton variant='primary' block disabled={d.algorithm !== DRAW_ALGORITHM} onClick={() => setReport(verifyDraw(d))}>核验抽取结果</ActionButton>
            <View {...a11y({ role: 'status' })} data-testid='verify-result'>
              {report ? (
                <>
                  <Text className={cx('draws__verdict', report.ok ? 'draws__verdict--ok' : 'draws__verdict--bad')}>
                    {report.ok ? '与公布结果一致' : '与公布结果不一致'}
                  </Text>
                  <Text className='muted'>种子哈希{report.hashOk ? '核对一致' : '核对不一致'}；复算抽中 {report.recomputed} 户。</Text>
                  {report.differences.map((x) => <Text key={x} className='draws__diff'>{x}</Text>)}
                </>
              ) : null}
            </View>
          </View>
        </>
      ) : null}
    </Page>
  );
}
