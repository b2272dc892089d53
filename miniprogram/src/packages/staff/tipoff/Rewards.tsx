// 举报奖励 of a tip-off case: the rewards proposed (approve, reject, pay again) and proposing one for a
// report not yet rewarded. A reward is approved by another admin than the one who proposed it.
import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { REWARD_LEVEL_CODES, REWARD_LEVELS, yuan } from '@shared/domain/tipoff';
import ActionButton from '@/components/ActionButton';
import Field from '@/components/Field';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { tipoffStaffApi, type CaseView, type RewardItem } from '../lib/tipoffApi';
import { confirm, need } from './ask';

export interface RewardsProps {
  c: CaseView;
  /** The case was closed as founded: its reports may be rewarded. */
  found: boolean;
  userId: string;
  isAdmin: boolean;
  /** Reloads the case after a change. */
  onChanged: () => Promise<unknown>;
}

export default function Rewards({ c, found, userId, isAdmin, onChanged }: RewardsProps) {
  const [rewardReport, setRewardReport] = useState('');
  const [level, setLevel] = useState<number>(3);
  const [rewardReason, setRewardReason] = useState('');
  const [rejectReason, setRejectReason] = useState('');
  // The first report by default (again after each reload).
  useEffect(() => { setRewardReport((r) => r || c.reports?.[0]?.id || ''); }, [c]);

  const rewarded = new Set((c.rewards ?? []).filter((r) => r.status !== 'rejected').map((r) => r.reportId));
  const unrewarded = (c.reports ?? []).filter((r) => !rewarded.has(r.id));

  const propose = async () => {
    if (!rewardReport) return;
    if (!need(rewardReason, '奖励理由')) return;
    const l = REWARD_LEVELS[level as 1];
    if (!(await confirm('提出奖励', `${l.label} ${yuan(l.amountFen)}，提交后须由另一位管理员审批。`, '提出'))) return;
    try {
      await tipoffStaffApi.propose(c.id, rewardReport, level, rewardReason.trim());
      setRewardReason('');
      await onChanged();
      void Taro.showToast({ title: '已提出，待审批', icon: 'success' });
    } catch {
      // toast shown
    }
  };
  const rewardAction = async (fn: () => Promise<RewardItem>, msg: string) => {
    try {
      await fn();
      await onChanged();
      void Taro.showToast({ title: msg, icon: 'success' });
    } catch {
      // toast shown
    }
  };
  const approve = async (r: RewardItem) => {
    if (await confirm('批准奖励', `${r.levelLabel} ${yuan(r.amountFen)}。批准后将通过微信支付发放${r.payeeBound ? '' : '（待举报人登录领取）'}，不能撤回。`, '批准')) {
      void rewardAction(() => tipoffStaffApi.approve(r.id), '已批准');
    }
  };
  const reject = async (r: RewardItem) => {
    if (!need(rejectReason, '不批准的理由')) return;
    if (await confirm('不批准奖励', '提交后不能撤回。', '不批准')) void rewardAction(() => tipoffStaffApi.reject(r.id, rejectReason.trim()), '已处理');
  };
  const retry = async (r: RewardItem) => {
    if (await confirm('重新发放', '上次发放失败。将以新的批次号重新发放，不会重复支付。', '重新发放')) void rewardAction(() => tipoffStaffApi.retry(r.id), '已重新发放');
  };

  return (
    <>
      <Text className='section-title'>举报奖励</Text>
      <View className='card' data-name='rewards'>
        {(c.rewards ?? []).map((r) => (
          <View key={r.id} className='tq-reward' data-reward={r.id}>
            <View className='tq-head'>
              <Text className='tq-title'>{r.levelLabel} {yuan(r.amountFen)}</Text>
              <Text className={cx('status-pill', r.status === 'paid' && 'tq-ok')} data-name='reward-status'>{r.statusLabel}</Text>
            </View>
            <Text className='muted tq-line'>理由：{r.reason}</Text>
            <Text className='muted tq-line'>提出：{r.proposedBy.name}{r.approvedBy ? ` · 审批：${r.approvedBy.name}` : ''} · {r.payeeBound ? '收款人已绑定' : '待举报人领取'}</Text>
            {r.rejectReason ? <Text className='muted tq-line'>不批准理由：{r.rejectReason}</Text> : null}
            {(r.attempts ?? []).map((a) => <Text key={a.n} className='muted tq-line' data-attempt={a.status}>第{a.n}次发放（单号尾号 {a.outBatchNo.slice(-6)}）：{a.statusLabel}{a.reason ? `（${a.reason}）` : ''}</Text>)}
            {isAdmin && r.status === 'proposed' && r.proposedBy.id !== userId ? (
              <View>
                <ActionButton variant='primary' block onClick={() => approve(r)}>批准奖励</ActionButton>
                <Field label='不批准的理由' name='rejectReason' multiline maxlength={500} value={rejectReason} onInput={setRejectReason} />
                <ActionButton variant='danger' block onClick={() => reject(r)}>不批准</ActionButton>
              </View>
            ) : null}
            {r.status === 'proposed' && r.proposedBy.id === userId ? <Text className='muted tq-line'>须由另一位管理员审批。</Text> : null}
            {r.status === 'failed' ? <ActionButton block onClick={() => retry(r)}>重新发放</ActionButton> : null}
          </View>
        ))}
        {found && unrewarded.length ? (
          <View data-name='propose'>
            <Text className='tq-label'>提出奖励</Text>
            {c.reports.length > 1 ? (
              <View className='chips'>
                {unrewarded.map((r) => {
                  const i = c.reports.indexOf(r);
                  return (
                    <Text key={r.id} className={cx('chip', rewardReport === r.id && 'chip--on')} onClick={() => setRewardReport(r.id)}
                      {...a11y({ role: 'radio', checked: rewardReport === r.id, onActivate: () => setRewardReport(r.id) })}>
                      第{i + 1}条举报
                    </Text>
                  );
                })}
              </View>
            ) : null}
            <View className='chips'>
              {REWARD_LEVEL_CODES.map((l) => (
                <Text key={l} className={cx('chip', level === l && 'chip--on')} data-level={l} onClick={() => setLevel(l)}
                  {...a11y({ role: 'radio', checked: level === l, onActivate: () => setLevel(l) })}>
                  {REWARD_LEVELS[l].label} {yuan(REWARD_LEVELS[l].amountFen)}
                </Text>
              ))}
            </View>
            <Text className='muted tq-line'>{REWARD_LEVELS[level as 1].meaning}</Text>
            <Field label='奖励理由' name='rewardReason' required multiline maxlength={500} value={rewardReason} onInput={setRewardReason} />
            <ActionButton variant='primary' block onClick={propose}>提出奖励</ActionButton>
          </View>
        ) : null}
      </View>
    </>
  );
}
