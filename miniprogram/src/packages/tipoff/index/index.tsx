import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { yuan } from '@shared/domain/tipoff';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import ListRow from '@/components/ListRow';
import Page from '@/components/Page';
import { usePageData } from '@/hooks/usePageData';
import { redirectToLogin } from '@/services/navigation';
import { useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { beijingDate } from '@/utils/time';
import { tipoffApi } from '../lib/api';
import { loadReceipts, type SavedReceipt } from '../lib/storage';
import '../lib/tipoff.scss';

const FORM = '/packages/tipoff/form/index';
const trackUrl = (code?: string) => `/packages/tipoff/track/index${code ? `?code=${encodeURIComponent(code)}` : ''}`;
const open = (url: string) => void Taro.navigateTo({ url });

/** 我的举报: receipts kept on this device, and (logged in) the reports sent under this account. */
export default function TipoffIndex() {
  const { user } = useAppState();
  const [receipts, setReceipts] = useState<SavedReceipt[]>(() => loadReceipts());
  useDidShow(() => setReceipts(loadReceipts()));
  const { state, data: mine, retry } = usePageData(() => tipoffApi.mine(), { onShow: true, enabled: !!user });

  const onDevice = new Set(receipts.map((r) => r.code));
  const accountOnly = (mine ?? []).filter((m) => !onDevice.has(m.receiptCode));

  return (
    <Page className='tipoff-index'>
      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 1 })}>我的举报</Text>
        <Text className='tp-hint'>凭回执码和查询凭证查询办理进度；本机提交的举报会自动保存回执。</Text>
        <ActionButton variant='primary' block onClick={() => open(FORM)}>我要举报</ActionButton>
        <ActionButton block onClick={() => open(trackUrl())}>输入回执码查询</ActionButton>
      </View>

      <Text className='section-title'>本机保存的回执</Text>
      {receipts.length ? (
        <View className='list'>
          {receipts.map((r) => {
            const go = () => open(trackUrl(r.code));
            const mineOf = (mine ?? []).find((m) => m.receiptCode === r.code);
            return (
              <ListRow key={`${r.code}-${r.token}`} onOpen={go} data-receipt={r.code}>
                <Text>回执码 {r.code}</Text>
                <Text className='list-row__desc'>{beijingDate(r.at)} · {mineOf ? mineOf.statusLabel : r.summary || '举报'}</Text>
              </ListRow>
            );
          })}
        </View>
      ) : (
        <EmptyState status='empty' title='本机还没有举报回执' description='提交举报后，回执会自动保存在本机。' inline className='card' />
      )}

      {user ? (
        <>
          <Text className='section-title'>登录账号下的举报</Text>
          {state.status === 'loading' ? <EmptyState status='loading' inline /> : null}
          {state.status !== 'loading' && state.status !== 'ready' ? <EmptyState problem={state} onRetry={retry} /> : null}
          {mine && !accountOnly.length ? <EmptyState status='empty' title={mine.length ? '都已在上面的回执中' : '暂无登录后提交的举报'} inline className='card' /> : null}
          {accountOnly.length ? (
            <View className='list'>
              {accountOnly.map((m) => {
                const go = () => open(trackUrl(m.receiptCode));
                return (
                  <ListRow key={m.receiptCode} onOpen={go}>
                    <Text>回执码 {m.receiptCode} · {m.statusLabel}</Text>
                    <Text className='list-row__desc'>
                      {beijingDate(m.submittedAt)} · {m.summary}
                      {m.resultLabel ? ` · ${m.resultLabel}` : ''}
                      {m.reward ? ` · 奖励${yuan(m.reward.amountFen)}${m.reward.statusLabel}` : ''}
                    </Text>
                  </ListRow>
                );
              })}
            </View>
          ) : null}
          {accountOnly.length ? <Text className='tp-hint'>查看详情需要提交时显示的查询凭证。</Text> : null}
        </>
      ) : (
        <View className='card'>
          <Text className='tp-hint'>登录后，登录时提交的举报（含匿名举报）会显示在这里，换手机也能看到。</Text>
          <ActionButton onClick={() => redirectToLogin()}>登录</ActionButton>
        </View>
      )}
    </Page>
  );
}
