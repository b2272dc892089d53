import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { APPEAL_NOTICE_DEFAULT, canWithdraw } from '@shared/domain/registration';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Page from '@/components/Page';
import RatingCard from '@/components/RatingCard';
import { notFound } from '@/hooks/pageProblem';
import { usePageData } from '@/hooks/usePageData';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDateTime } from '@/utils/time';
import { PROGRESS_NOTICE } from '@/constants/noticeChannel';
import { registrationApi } from '../lib/api';
import { stepIndexForField, upcomingSteps } from '../lib/steps';
import '../lib/reg.scss';

const FORM = '/packages/registration/form/index';

export default function RegistrationDetail() {
  const { params } = useRouter();
  const id = params.id ?? '';
  // On every show (back from the form) and on pull-down (the certificate may have been generated since).
  const { state, retry, setData } = usePageData(() => (/^[a-f0-9]{24}$/.test(id) ? registrationApi.get(id) : Promise.reject(notFound())), { deps: [id], onShow: true, pullDownRefresh: true });

  if (state.status !== 'ready') {
    return (
      <Page className='reg-detail'>
        {state.status === 'loading' ? <EmptyState status='loading' /> : null}
        {state.status === 'missing' ? <EmptyState problem={state} title='未找到该申请' description='链接可能有误，或该申请已被删除。' /> : null}
        {state.status === 'forbidden' || state.status === 'error' ? <EmptyState problem={state} onRetry={retry} /> : null}
      </Page>
    );
  }
  const view = state.data;

  const fix = (field?: string) => void Taro.navigateTo({ url: `${FORM}?id=${view.id}${field ? `&step=${stepIndexForField(field)}` : ''}` });
  // Self-service: withdraw before acceptance, delete a draft; both confirmed first (neither can be undone).
  const withdraw = async () => {
    const r = await Taro.showModal({
      title: '撤回申请', content: '撤回后本申请不再办理，不能恢复；如需登记，可重新提交申请。确定撤回？', confirmText: '撤回', confirmColor: '#b91c1c', cancelText: '不撤回',
    });
    if (!r.confirm) return;
    try { setData(await registrationApi.withdraw(view.id)); } catch { retry(); }
  };
  const removeDraft = async () => {
    const r = await Taro.showModal({ title: '删除草稿', content: '删除后已填写的内容不能恢复。确定删除？', confirmText: '删除', confirmColor: '#b91c1c', cancelText: '保留' });
    if (!r.confirm) return;
    try {
      await registrationApi.deleteDraft(view.id);
      void Taro.showToast({ title: '草稿已删除', icon: 'success', duration: 1200 });
      void Taro.navigateBack().catch(() => Taro.redirectTo({ url: '/packages/registration/index/index' }));
    } catch {
      retry();
    }
  };
  const d = view.deadline;
  return (
    <Page className='reg-detail'>
      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 1 })}>{view.workshop.name ?? '登记申请'}</Text>
        <View>
          <Text className={cx('status-pill', `status-pill--${view.status}`)} data-testid='status'>{view.statusLabel}</Text>
          {view.escalated ? <Text className='status-pill status-pill--rejected reg-detail__tag'>已督办</Text> : null}
        </View>
        <View className='kv'><Text className='kv__k'>事项</Text><Text className='kv__v'>{view.kindLabel}</Text></View>
        {view.office ? <View className='kv'><Text className='kv__k'>承办机关</Text><Text className='kv__v'>{view.office}</Text></View> : null}
        {d ? (
          <View className='kv' data-testid='deadline'>
            <Text className='kv__k'>{d.stepLabel}期限</Text>
            <Text className={cx('kv__v', d.overdue && 'reg-detail__overdue')}>
              {d.paused
                ? `补正期间计时暂停，提交补正后还有 ${d.remainingWorkingDays ?? 1} 个工作日`
                : `${d.due} 前（${d.overdue ? '已超期' : d.remainingWorkingDays ? `还剩 ${d.remainingWorkingDays} 个工作日` : '今天到期'}）${d.estimated ? '，该年度节假日安排未公布，为估算' : ''}`}
            </Text>
          </View>
        ) : null}
        {view.submittedAt ? <View className='kv'><Text className='kv__k'>提交时间</Text><Text className='kv__v'>{beijingDateTime(view.submittedAt)}</Text></View> : null}
        {view.status === 'draft' ? <ActionButton variant='primary' block onClick={() => fix()}>继续填写</ActionButton> : null}
        {view.status === 'draft' ? <ActionButton variant='danger' block onClick={() => void removeDraft()}>删除草稿</ActionButton> : null}
        {canWithdraw(view.status) ? <ActionButton block onClick={() => void withdraw()}>撤回申请</ActionButton> : null}
      </View>

      {view.status === 'correction' && view.corrections?.length ? (
        <View className='card' data-testid='corrections'>
          <Text className='card__title'>请补正以下内容</Text>
          {view.corrections.map((c) => (
            <View key={c.field} className='kv'>
              <Text className='kv__k'>{c.fieldLabel}</Text>
              <View className='kv__v'>
                <Text>{c.reason}</Text>
                <Text className='link-btn' onClick={() => fix(c.field)} {...a11y({ role: 'button', label: `去修改${c.fieldLabel}`, onActivate: () => fix(c.field) })}>去修改</Text>
              </View>
            </View>
          ))}
          <ActionButton variant='primary' block onClick={() => fix(view.corrections[0]?.field)}>去补正</ActionButton>
        </View>
      ) : null}

      {view.siteCheck ? (
        <View className='card'>
          <Text className='card__title'>现场核查</Text>
          {view.siteCheck.date ? <View className='kv'><Text className='kv__k'>核查日期</Text><Text className='kv__v'>{view.siteCheck.date}</Text></View> : null}
          <View className='kv'><Text className='kv__k'>核查人员</Text><Text className='kv__v'>{view.siteCheck.inspectors?.length ?? 0} 名执法人员（出示执法证件）</Text></View>
          {view.siteCheck.result ? <View className='kv'><Text className='kv__k'>核查结果</Text><Text className='kv__v'>{view.siteCheck.result.passed ? '通过' : '未通过'}{view.siteCheck.result.note ? `：${view.siteCheck.result.note}` : ''}</Text></View> : null}
        </View>
      ) : null}

      {view.decision ? (
        <View className='card' data-testid='decision'>
          <Text className='card__title'>{view.decision.result === 'approved' ? '准予登记' : '不予登记'}</Text>
          {view.decision.reason ? <Text className='reg-detail__reason'>{view.decision.result === 'rejected' ? '理由：' : ''}{view.decision.reason}</Text> : null}
          {view.decision.result === 'rejected' ? <Text className='notice'>{view.decision.appealNotice ?? APPEAL_NOTICE_DEFAULT}</Text> : null}
          {view.certificatePending ? <Text className='hint'>登记证生成中，请稍后下拉刷新</Text> : null}
          {view.certificateNumber && view.decision.result === 'approved' && !view.certificatePending ? (
            <ActionButton variant='primary' block onClick={() => void Taro.navigateTo({ url: `/packages/registration/certificate/index?no=${encodeURIComponent(view.certificateNumber!)}` })}>
              查看登记证
            </ActionButton>
          ) : null}
        </View>
      ) : null}

      <RatingCard view={view} mode='owner' rate={async (score, comment) => setData(await registrationApi.rate(view.id, score, comment))} />

      <View className='card'>
        <Text className='card__title'>办理过程</Text>
        <View className='timeline'>
          {(view.timeline ?? []).map((t, i) => (
            <View key={i} className='timeline__item'>
              <View className='timeline__dot' {...a11y({ hidden: true })} />
              <Text className='timeline__title'>{t.title}</Text>
              <Text className='timeline__meta'>{beijingDateTime(t.at)} · {t.by}</Text>
              {t.note ? <Text className='timeline__meta'>{t.note}</Text> : null}
            </View>
          ))}
          {upcomingSteps(view).filter((s) => !(view.timeline ?? []).some((t) => t.title.startsWith(s))).map((s) => (
            <View key={s} className='timeline__item'>
              <View className='timeline__dot timeline__dot--todo' {...a11y({ hidden: true })} />
              <Text className='timeline__meta'>待办：{s}</Text>
            </View>
          ))}
        </View>
        <Text className='muted'>{PROGRESS_NOTICE}</Text>
      </View>
    </Page>
  );
}
