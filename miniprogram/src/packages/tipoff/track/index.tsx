import { useEffect, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { yuan } from '@shared/domain/tipoff';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import { TextArea } from '@/components/Field';
import Page from '@/components/Page';
import { problemOf, type PageProblem } from '@/hooks/pageProblem';
import { currentPageUrl, redirectToLogin } from '@/services/navigation';
import { ApiError } from '@/services/request';
import { useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDate, beijingDateTime } from '@/utils/time';
import RewardConfirm from '../components/RewardConfirm';
import { tipoffApi, type Track } from '../lib/api';
import { loadReceipts, tokenFor } from '../lib/storage';
import '../lib/tipoff.scss';

const Row = ({ k, v, bad }: { k: string; v: string; bad?: boolean }) => (
  <View className='tp-row'>
    <Text className='tp-row__k'>{k}</Text>
    <Text className={cx('tp-row__v', bad && 'tp-row__v--bad')}>{v}</Text>
  </View>
);

function deadlineText(d: Track['deadlines']['accept']) {
  if (d.metAt) return `${beijingDate(d.metAt)} 已完成${d.overdue ? '（超期）' : ''}`;
  if (!d.due) return '—';
  return `${d.due} 前${d.estimated ? '（预计）' : ''}${d.overdue ? '，已超期' : ''}`;
}

export default function TipoffTrack() {
  const router = useRouter();
  const { user } = useAppState();
  const receipts = loadReceipts();
  const initialCode = (router.params.code ? decodeURIComponent(router.params.code) : receipts[0]?.code) ?? '';
  const [code, setCode] = useState(initialCode);
  const [token, setToken] = useState(() => (initialCode ? tokenFor(initialCode) : ''));
  const [data, setData] = useState<Track | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [problem, setProblem] = useState<PageProblem | null>(null);
  const [loading, setLoading] = useState(false);
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');

  const query = async (c = code, t = token) => {
    if (!c.trim() || !t.trim()) {
      void Taro.showToast({ title: '请填写回执码和查询凭证', icon: 'none' });
      return;
    }
    setLoading(true);
    setNotFound(false);
    setProblem(null);
    try {
      setData(await tipoffApi.track(c.trim().toUpperCase(), t.trim()));
    } catch (e) {
      setData(null);
      // One message for a wrong code or a wrong token: the server never says which.
      if (e instanceof ApiError && (e.status === 404 || e.status === 400)) setNotFound(true);
      else setProblem(problemOf(e));
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    if (code && token) void query();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  // Back from the login page (claiming a reward) or another page: show the latest state.
  useDidShow(() => {
    if (data) void query();
  });

  const pick = (c: string) => {
    const t = tokenFor(c);
    setCode(c);
    setToken(t);
    void query(c, t);
  };

  const claim = async () => {
    if (!data) return;
    if (!user) {
      const r = await Taro.showModal({
        title: '登录后领取奖励', content: '奖励将通过微信支付转入您登录的微信账号。登录不会向承办人员透露您的身份。', confirmText: '去登录', cancelText: '稍后',
      });
      if (r.confirm) redirectToLogin(currentPageUrl() ?? `/packages/tipoff/track/index?code=${encodeURIComponent(data.receiptCode)}`);
      return;
    }
    const r = await Taro.showModal({ title: '领取奖励', content: `奖励 ${yuan(data.reward!.amountFen)} 将转入当前登录的微信账号（${user.name}），领取后不能更改。`, confirmText: '领取', cancelText: '取消' });
    if (!r.confirm) return;
    try {
      setData(await tipoffApi.claim(data.receiptCode, token.trim()));
      void Taro.showToast({ title: '已提交领取', icon: 'success' });
    } catch {
      // toast shown by the request layer
    }
  };

  const rate = async () => {
    if (!data || !score) {
      void Taro.showToast({ title: '请先选择评分', icon: 'none' });
      return;
    }
    try {
      setData(await tipoffApi.rate(data.receiptCode, token.trim(), score, comment.trim() || undefined));
      void Taro.showToast({ title: '感谢您的评价', icon: 'success' });
    } catch {
      // toast shown by the request layer
    }
  };

  return (
    <Page className='tipoff-track'>
      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 1 })}>查询举报进度</Text>
        <Text className='tp-hint'>输入提交举报时获得的回执码和查询凭证。本机提交过的举报已自动填入。</Text>
        {receipts.length > 1 ? (
          <View className='chips'>
            {receipts.slice(0, 6).map((r) => (
              <Text key={`${r.code}-${r.token}`} className={cx('chip', r.code === code && 'chip--on')} onClick={() => pick(r.code)}
                {...a11y({ role: 'button', label: `查询回执 ${r.code}`, onActivate: () => pick(r.code) })}>
                {r.code}
              </Text>
            ))}
          </View>
        ) : null}
        <Text className='tp-label' {...a11y({ hidden: true })}>回执码</Text>
        <Input className='input tp-input' value={code} aria-label='回执码' data-name='code' maxlength={40} placeholder='例如 DEMO2026A1' onInput={(e) => setCode(e.detail.value)} />
        <Text className='tp-label' {...a11y({ hidden: true })}>查询凭证</Text>
        <Input className='input tp-input' value={token} aria-label='查询凭证' data-name='token' maxlength={64} placeholder='提交时显示的查询凭证' onInput={(e) => setToken(e.detail.value)} />
        <ActionButton variant='primary' block disabled={loading} onClick={() => void query()}>{loading ? '查询中…' : '查询'}</ActionButton>
      </View>

      {notFound ? (
        <Text className='tp-error' {...a11y({ role: 'alert' })}>未找到该举报，请核对回执码和查询凭证。</Text>
      ) : null}
      {problem && !loading ? <EmptyState problem={problem} title={`查询失败：${problem.title}`} onRetry={() => void query()} /> : null}

      {data ? (
        <View data-name='track-result'>
          <View className='card'>
            <Text className='tp-status' data-name='status'>{data.statusLabel}</Text>
            <Row k='回执码' v={data.receiptCode} />
            <Row k='举报类型' v={data.kindLabel} />
            <Row k='所在区域' v={data.regionName} />
            {data.office ? <Row k='承办单位' v={data.office} /> : null}
            <Row k='提交时间' v={beijingDateTime(data.submittedAt)} />
            <Row k='举报方式' v={data.anonymous ? '匿名' : '实名'} />
            {data.reportCount > 1 ? <Row k='合并办理' v={`同一地点共 ${data.reportCount} 条举报`} /> : null}
          </View>

          <Text className='section-title'>办理期限</Text>
          <View className='card'>
            <Row k='受理期限（7个工作日）' v={deadlineText(data.deadlines.accept)} bad={data.deadlines.accept.overdue} />
            {data.deadlines.close ? (
              <Row k={`办结期限${data.deadlines.extended ? '（已延长）' : '（15个工作日）'}`} v={deadlineText(data.deadlines.close)} bad={data.deadlines.close.overdue} />
            ) : null}
            {data.deadlines.extensionReason ? <Row k='延长理由' v={data.deadlines.extensionReason} /> : null}
            {data.declineReason ? <Row k='不予受理理由' v={data.declineReason} /> : null}
          </View>

          {data.outcome ? (
            <>
              <Text className='section-title'>核查结果</Text>
              <View className='card' data-name='outcome'>
                <Text className={cx('tp-outcome', data.outcome.result === 'confirmed' && 'tp-outcome--confirmed')}>{data.outcome.resultLabel}</Text>
                <Text className='tp-hint'>{data.outcome.publicReason}</Text>
                <Text className='muted'>办结时间：{beijingDateTime(data.outcome.closedAt)}</Text>
              </View>
            </>
          ) : null}

          {data.reward ? (
            <>
              <Text className='section-title'>举报奖励</Text>
              <View className='card' data-name='reward'>
                <Row k='奖励等级' v={data.reward.levelLabel} />
                <Row k='奖励金额' v={yuan(data.reward.amountFen)} />
                <View className='tp-row'>
                  <Text className='tp-row__k'>发放状态</Text>
                  <Text className={cx('tp-row__v', data.reward.status === 'paid' && 'tp-paid')} data-name='reward-status'>{data.reward.statusLabel}</Text>
                </View>
                {data.reward.paidAt ? <Row k='发放时间' v={beijingDateTime(data.reward.paidAt)} /> : null}
                {data.reward.needsClaim ? (
                  <View>
                    <Text className='tp-hint'>奖励已批准。请{user ? '' : '登录后'}领取，奖励将转入您登录的微信账号，承办人员看不到领取人身份。</Text>
                    <ActionButton variant='primary' block onClick={claim}>{user ? '领取奖励' : '登录后领取奖励'}</ActionButton>
                  </View>
                ) : null}
                {data.reward.status === 'confirming' ? <RewardConfirm code={data.receiptCode} token={token.trim()} onDone={() => void query()} /> : null}
                {['paying', 'confirming'].includes(data.reward.status) ? <ActionButton block onClick={() => void query()}>刷新发放状态</ActionButton> : null}
              </View>
            </>
          ) : null}

          {data.rating ? (
            <View className='card'>
              <Text className='tp-label'>您的评价</Text>
              <Text>{'★'.repeat(data.rating.score)}{'☆'.repeat(5 - data.rating.score)}（{data.rating.score}分）</Text>
              {data.rating.comment ? <Text className='tp-hint'>{data.rating.comment}</Text> : null}
            </View>
          ) : null}
          {data.canRate ? (
            <View className='card' data-name='rating'>
              <Text className='tp-label' {...a11y({ role: 'heading', level: 2 })}>评价本次办理</Text>
              <View className='tp-stars'>
                {[1, 2, 3, 4, 5].map((n) => (
                  <Text key={n} className={cx('tp-star', n <= score && 'tp-star--on')} onClick={() => setScore(n)}
                    {...a11y({ role: 'radio', checked: score === n, label: `${n}分`, onActivate: () => setScore(n) })}>
                    {n <= score ? '★' : '☆'}
                  </Text>
                ))}
              </View>
              <TextArea label='评价意见（选填）' name='comment' value={comment} maxlength={200} rows={3} placeholder='意见或建议（选填）' onInput={setComment} />
              <ActionButton variant='primary' block onClick={rate}>提交评价</ActionButton>
            </View>
          ) : null}

          <Text className='section-title'>办理记录</Text>
          <View className='card'>
            {(data.timeline ?? []).map((e, i) => (
              <View key={i} className='tp-timeline__item'>
                <Text>{e.title}</Text>
                <Text className='muted'>{beijingDateTime(e.at)}{e.note ? ` · ${e.note}` : ''}</Text>
              </View>
            ))}
          </View>
        </View>
      ) : null}
    </Page>
  );
}
