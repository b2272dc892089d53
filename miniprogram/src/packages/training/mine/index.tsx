import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Page from '@/components/Page';
import { usePageData } from '@/hooks/usePageData';
import { redirectToLogin } from '@/services/navigation';
import { useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { beijingDateTime } from '@/utils/time';
import PayPanel from '../components/PayPanel';
import QrCode from '../components/QrCode';
import QuizEntry from '../components/QuizEntry';
import { trainingApi, type BookingView } from '../lib/api';
import { sessionPlace, sessionTime } from '../lib/format';
import { TRAINING_ROUTES } from '../lib/routes';
import '../lib/training.scss';

/** The owner's bookings in the groups the page shows, in this order. */
export function groupBookings(list: BookingView[]) {
  const upcoming = (b: BookingView) => b.session.status === 'open' || b.session.status === 'draft';
  return {
    offers: list.filter((b) => b.status === 'offered'),
    held: list.filter((b) => b.status === 'held'),
    upcoming: list.filter((b) => b.status === 'confirmed' && upcoming(b)),
    waitlisted: list.filter((b) => b.status === 'waitlisted'),
    certificates: list.filter((b) => !!b.certificateNo),
    history: list.filter((b) => b.status === 'attended' || b.status === 'absent' || b.status === 'cancelled' || b.status === 'expired' || (b.status === 'confirmed' && !upcoming(b))),
  };
}

/** 我的培训: offers to confirm, seats waiting for payment, upcoming with the check-in QR, the waitlist, certificates, history. */
export default function MyTraining() {
  const { token } = useAppState();
  const { state, retry, reload } = usePageData(() => trainingApi.mine(), { enabled: !!token, onShow: true, pullDownRefresh: true });

  if (!token) {
    return (
      <Page>
        <EmptyState status='empty' title='登录后查看我的培训' description='报名记录、签到二维码和培训证书都在这里' actions={[{ text: '登录', variant: 'primary', onClick: () => redirectToLogin() }]} />
      </Page>
    );
  }
  if (state.status === 'loading') return <Page><EmptyState status='loading' /></Page>;
  if (state.status !== 'ready') return <Page><EmptyState problem={state} onRetry={retry} /></Page>;
  if (!state.data.length) {
    return (
      <Page>
        <EmptyState status='empty' title='还没有报名培训' description='浏览课程，为本人或作坊从业人员报名' actions={[{ text: '浏览课程', variant: 'primary', onClick: () => void Taro.navigateTo({ url: TRAINING_ROUTES.index }) }]} />
      </Page>
    );
  }
  const g = groupBookings(state.data);

  const cancel = async (b: BookingView) => {
    const refund = b.payment?.status === 'paid' ? `\n${b.session.refundRuleLabel}，退款将原路退回。` : '';
    const { confirm } = await Taro.showModal({
      title: b.status === 'waitlisted' ? '取消候补' : '取消报名',
      content: `确定取消“${b.session.course.title}”（${sessionTime(b.session)}）的${b.status === 'waitlisted' ? '候补' : '报名'}吗？取消后名额将让给他人。${refund}`,
      confirmText: '确定取消',
      confirmColor: '#b91c1c',
      cancelText: '再想想',
    });
    if (!confirm) return;
    try {
      await trainingApi.cancel(b.id);
      void Taro.showToast({ title: '已取消', icon: 'success' });
      void reload();
    } catch {
      // toasted
    }
  };
  const accept = async (b: BookingView) => {
    try {
      await trainingApi.acceptOffer(b.id);
      void Taro.showToast({ title: '已确认参加', icon: 'success' });
      void reload();
    } catch {
      // toasted
    }
  };

  const section = (key: string, title: string, items: BookingView[], render: (b: BookingView) => ReactNode) =>
    items.length ? (
      <View key={key} data-section={key}>
        <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>{title}</Text>
        {items.map(render)}
      </View>
    ) : null;

  const head = (b: BookingView, state?: ReactNode) => (
    <>
      <Text className='tr-row__title'>{b.session.course.title}</Text>
      <Text className='tr-meta'>{sessionTime(b.session)}</Text>
      <Text className='tr-meta'>{sessionPlace(b.session)}</Text>
      <Text className='tr-meta'>{b.workshop.name} · {b.attendee.name}{b.attendee.phoneMasked ? ` · ${b.attendee.phoneMasked}` : ''}</Text>
      {state}
      {b.payment && b.status !== 'held' ? <Text className='tr-meta' data-payment={b.payment.status}>{b.payment.label}</Text> : null}
    </>
  );
  const cancelButton = (b: BookingView) => (b.canCancel ? <ActionButton variant='danger' onClick={() => void cancel(b)}>{b.status === 'waitlisted' ? '取消候补' : '取消报名'}</ActionButton> : null);

  return (
    <Page className='training-mine'>
      {section('offers', '候补递补：待确认', g.offers, (b) => (
        <View key={b.id} className='card' data-booking={b.id}>
          {head(b, <Text className='tr-state tr-state--warn'>请在 {beijingDateTime(b.offerUntil)} 前确认，逾期名额将让给下一位</Text>)}
          <View className='tr-actions'>
            {b.canAcceptOffer ? <ActionButton variant='primary' onClick={() => void accept(b)}>确认参加</ActionButton> : null}
            {cancelButton(b)}
          </View>
        </View>
      ))}
      {section('held', '待支付', g.held, (b) => (
        <View key={b.id} className='card' data-booking={b.id}>
          {head(b, <Text className='tr-meta'>座位保留至 {beijingDateTime(b.holdUntil)}，逾期未支付将自动释放</Text>)}
          <PayPanel b={b} onChanged={(now) => { if (now.status === 'confirmed') void Taro.showToast({ title: '支付成功', icon: 'success' }); void reload(); }} />
          <View className='tr-actions'>{cancelButton(b)}</View>
        </View>
      ))}
      {section('upcoming', '即将参加', g.upcoming, (b) => (
        <View key={b.id} className='card' data-booking={b.id}>
          {head(b, <Text className='tr-state'>{b.statusLabel}</Text>)}
          {b.checkInCode ? (
            <View>
              <QrCode value={b.checkInCode} label={`签到二维码，签到码 ${b.checkInCode}`} />
              <Text className='tr-code'>{b.checkInCode}</Text>
              <Text className='muted'>培训当天向讲师出示此二维码签到</Text>
            </View>
          ) : null}
          <View className='tr-actions'>{cancelButton(b)}</View>
        </View>
      ))}
      {section('waitlisted', '候补中', g.waitlisted, (b) => (
        <View key={b.id} className='card' data-booking={b.id}>
          {head(b, <Text className='tr-state tr-state--warn'>候补第{b.waitlistPosition ?? '?'}位</Text>)}
          <Text className='muted'>有空位时将通知您，请在24小时内确认参加。</Text>
          <View className='tr-actions'>{cancelButton(b)}</View>
        </View>
      ))}
      {section('quiz', '待参加考核', state.data.filter((b) => b.status === 'attended' && !!b.quiz?.canAttempt), (b) => (
        <View key={b.id} className='card' data-booking={b.id}>{head(b)}<QuizEntry b={b} /></View>
      ))}
      {section('certificates', '培训证书', g.certificates, (b) => (
        <View key={b.id} className='card' data-booking={b.id}>
          {head(b, <Text className='tr-state'>证书编号 {b.certificateNo}</Text>)}
          <ActionButton onClick={() => void Taro.navigateTo({ url: `${TRAINING_ROUTES.verify}?no=${encodeURIComponent(b.certificateNo ?? '')}` })}>查看证书</ActionButton>
        </View>
      ))}
      {section('history', '历史记录', g.history, (b) => (
        <View key={b.id} className='card' data-booking={b.id}>
          {head(b, <Text className='tr-state tr-state--muted'>{b.status === 'confirmed' ? b.session.statusLabel : b.statusLabel}{b.session.certificatesPending && b.status === 'attended' ? '（证书生成中）' : ''}</Text>)}
          {b.quiz && !b.quiz.canAttempt ? <QuizEntry b={b} /> : null}
        </View>
      ))}
    </Page>
  );
}
