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
import { beijingDateTimeSeconds } from '@/utils/time';
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
        <Text className='draws__label'>种子“指纹”（{beijingDateTimeSeconds(d.createdAt)} 公布，早于抽取）</Text>
        <Text className='draws__code' data-testid='seed-hash'>{d.seedHash}</Text>
        {drawn ? (
          <>
            <Text className='draws__label'>公开的种子（{beijingDateTimeSeconds(d.drawnAt)} 抽取时公开）</Text>
            <Text className='draws__code' data-testid='seed'>{d.seed}</Text>
          </>
        ) : (
          <Text className='muted' data-testid='drawable-at'>最早抽取时间：{beijingDateTimeSeconds(d.drawableAt)}。抽取后公开种子与抽中名单。</Text>
        )}
        <Text className='draws__label'>本次候选作坊 {d.candidates?.length ?? 0} 户，执法人员 {d.inspectors?.length ?? 0} 名{d.algorithm === DRAW_ALGORITHM ? '' : '（本页暂不支持复算这次抽取）'}</Text>
      </View>

      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>如何核验</Text>
        <Text className='draws__step'>1. 抽取前：系统生成一串保密的随机数（种子），先公布它的“指纹”。指纹由种子唯一算出，却无法反推出种子，所以公布后种子就不能再换。</Text>
        <Text className='draws__step'>2. 公示期满后抽取：用种子对候选作坊排序抽取，并随机选派两名执法人员，同时公开种子和候选名单。</Text>
        <Text className='draws__step'>3. 任何人可核验：检查公开的种子算出的指纹与抽取前公布的一致，再用同一方法重新抽一遍，结果应与公布的名单完全相同。点下方“核验抽取结果”，本机即可完成这两步。</Text>
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
