import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Field from '@/components/Field';
import Page from '@/components/Page';
import { usePageData } from '@/hooks/usePageData';
import { a11y } from '@/utils/a11y';
import { beijingDate } from '@/utils/time';
import AdminGate from '../components/AdminGate';
import Errors from '../components/Errors';
import Kv from '../components/Kv';
import { deskApi, type AwardReview } from '../lib/api';
import '../lib/desk.scss';

/** 待复核称号: awards of my region flagged by a serious violation; revoke (reason required) or keep. */
export default function FlaggedAwards() {
  return <AdminGate><Flagged /></AdminGate>;
}

function Flagged() {
  const { state, retry, reload } = usePageData(() => deskApi.flagged(), { onShow: true, pullDownRefresh: true });
  return (
    <Page className='programs-desk-flagged'>
      <Text className='section-title' {...a11y({ role: 'heading', level: 1 })}>待复核称号</Text>
      <Text className='pd-note'>获得称号的作坊有新的行政处罚或抽检不合格时列在这里。撤销后徽章从公示档案撤下，记录保留。</Text>
      {state.status === 'loading' ? <EmptyState status='loading' /> : null}
      {state.status !== 'loading' && state.status !== 'ready' ? <EmptyState problem={state} onRetry={retry} /> : null}
      {state.status === 'ready' && !state.data.length ? <EmptyState status='empty' title='没有待复核的称号' description='本辖区获得称号的作坊暂无严重违法违规记录' /> : null}
      {state.status === 'ready' ? state.data.map((aw) => <AwardCard key={aw.id} aw={aw} onDone={() => void reload()} />) : null}
    </Page>
  );
}

function AwardCard({ aw, onDone }: { aw: AwardReview; onDone: () => void }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string[]>([]);
  const decide = async (revoke: boolean) => {
    if (!text.trim()) { setProblem([revoke ? '撤销称号须填写理由，作坊业主会看到' : '保留称号须填写复核意见']); return; }
    setProblem([]);
    const { confirm } = await Taro.showModal(revoke
      ? { title: '撤销称号', content: `撤销 ${aw.workshop.name} 的“${aw.badge}”：徽章从公示档案撤下，如需恢复须重新申报。此操作不可撤回，确认撤销？`, confirmText: '撤销', confirmColor: '#b91c1c', cancelText: '再想想' }
      : { title: '保留称号', content: `经复核保留 ${aw.workshop.name} 的“${aw.badge}”，违法违规记录保留在称号历史中。确认保留？`, confirmText: '保留' });
    if (!confirm) return;
    try {
      if (revoke) await deskApi.revoke(aw.id, text.trim());
      else await deskApi.keep(aw.id, text.trim());
      void Taro.showToast({ title: revoke ? '称号已撤销' : '称号已保留', icon: 'none' });
    } catch {
      // toasted; another admin may have decided it already
    }
    onDone();
  };
  return (
    <View className='card' data-award={aw.id}>
      <Text className='card__title'>{aw.workshop.name}</Text>
      <Kv k='称号'>{aw.badge}（{aw.program.name}）</Kv>
      <Kv k='授予'>{aw.issuer} · {beijingDate(aw.grantedAt)}，有效期至 {beijingDate(aw.validUntil)}</Kv>
      <Kv k='所在地区'>{aw.workshop.region.name}</Kv>
      <View data-testid='flags'>
        {aw.flags.map((f) => <Kv key={`${f.at}-${f.reason}`} k={`复核原因（${beijingDate(f.at)}）`} danger>{f.reason}</Kv>)}
      </View>
      <View className='pd-actions'>
        <Field label='撤销理由或复核意见' name={`award.${aw.id}`} multiline maxlength={500} value={text} onInput={setText} placeholder='必填：撤销理由（业主可见）或保留的复核意见' />
        <Errors errors={problem} testId='award-errors' />
        <ActionButton variant='danger' block onClick={() => void decide(true)}>撤销称号</ActionButton>
        <ActionButton block onClick={() => void decide(false)}>复核后保留</ActionButton>
      </View>
    </View>
  );
}
