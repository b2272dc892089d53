import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Field from '@/components/Field';
import Page from '@/components/Page';
import { usePageData } from '@/hooks/usePageData';
import { redirectToLogin } from '@/services/navigation';
import { ApiError } from '@/services/request';
import { useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDateTime } from '@/utils/time';
import PayPanel from '../components/PayPanel';
import SessionFacts from '../components/SessionFacts';
import { trainingApi, type BookingView, type MyWorkshopRow, type SessionView } from '../lib/api';
import { bookingBody, emptyBookingForm, validateBooking, type BookingForm } from '../lib/booking';
import { TRAINING_ROUTES } from '../lib/routes';
import '../lib/training.scss';

interface Data { session: SessionView; workshops: MyWorkshopRow[] | null }

/** A session, with the 报名 form while sign-up is open, and the result of booking. */
export default function SessionPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const { token } = useAppState();
  const { state, retry } = usePageData<Data>(async () => {
    const session = await trainingApi.session(id);
    // Someone who is not an owner (a citizen, staff) has no workshops to book for.
    const workshops = token && session.signupOpen
      ? await trainingApi.myWorkshops().catch((e: unknown) => { if (e instanceof ApiError && e.status === 403) return []; throw e; })
      : null;
    return { session, workshops };
  }, { deps: [id, token] });
  const [result, setResult] = useState<BookingView | null>(null);

  if (state.status === 'loading') return <Page><EmptyState status='loading' /></Page>;
  if (state.status !== 'ready') return <Page><EmptyState problem={state} onRetry={retry} /></Page>;
  const { session: s, workshops } = state.data;

  return (
    <Page className='training-session'>
      <View className='card tr-head'>
        <Text className='tr-title' {...a11y({ role: 'heading', level: 1 })}>{s.course.title}</Text>
        <Text className='tr-meta'>{s.course.categoryLabel} · {s.course.hours} 学时 · {s.region.name}</Text>
        <SessionFacts s={s} />
      </View>
      {result ? <BookingResult b={result} onChanged={setResult} /> : s.signupOpen ? (
        token ? <BookForm session={s} workshops={workshops ?? []} onBooked={setResult} /> : (
          <View className='card'>
            <Text className='muted'>报名需要登录。</Text>
            <ActionButton variant='primary' block onClick={() => redirectToLogin()}>登录后报名</ActionButton>
          </View>
        )
      ) : (
        <View className='card'><Text className='muted' data-testid='signup-closed'>{s.status === 'open' ? '报名已截止。' : `该场次${s.statusLabel}，不能报名。`}</Text></View>
      )}
    </Page>
  );
}

function BookForm({ session: s, workshops, onBooked }: { session: SessionView; workshops: MyWorkshopRow[]; onBooked: (b: BookingView) => void }) {
  const [form, setForm] = useState<BookingForm>(() => ({ ...emptyBookingForm(), workshopId: workshops.length === 1 ? workshops[0].workshop.id : '' }));
  const [errors, setErrors] = useState<ReturnType<typeof validateBooking>>({});
  const [busy, setBusy] = useState(false);
  const full = s.seatsLeft <= 0;
  const set = (patch: Partial<BookingForm>) => setForm((f) => ({ ...f, ...patch }));

  if (!workshops.length) {
    return (
      <View className='card'>
        <Text className='card__title'>报名</Text>
        <Text className='muted' data-testid='no-workshop'>报名需以作坊名义进行，您名下还没有已登记的作坊。</Text>
        <ActionButton block onClick={() => void Taro.navigateTo({ url: '/packages/registration/index/index' })}>去办理作坊登记</ActionButton>
      </View>
    );
  }

  const submit = async () => {
    const found = validateBooking(form);
    setErrors(found);
    if (Object.keys(found).length) return;
    const w = workshops.find((x) => x.workshop.id === form.workshopId);
    const what = full ? '当前名额已满，将加入候补名单，有空位时通知您确认。' : s.feeFen > 0 ? `费用 ${s.feeLabel}，报名后座位保留15分钟待支付。` : '免费场次，提交后即报名成功。';
    const { confirm } = await Taro.showModal({
      title: full ? '确认加入候补' : '确认报名',
      content: `${s.course.title}\n${w?.workshop.name ?? ''} · ${form.name.trim()}\n${what}`,
      confirmText: full ? '加入候补' : '确认报名',
    });
    if (!confirm) return;
    setBusy(true);
    try {
      onBooked(await trainingApi.book(s.id, bookingBody(form)));
    } catch {
      // The request toasted the reason (already booked, sign-up closed…).
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='card' data-testid='book-form'>
      <Text className='card__title'>{full ? '名额已满：加入候补' : '报名'}</Text>
      <Text className='tr-label'>报名作坊 *</Text>
      <View className='chips' {...a11y({ label: '报名作坊' })}>
        {workshops.map(({ workshop: w }) => {
          const pick = () => set({ workshopId: w.id });
          const on = form.workshopId === w.id;
          return <Text key={w.id} className={cx('chip', on && 'chip--on')} data-workshop={w.id} onClick={pick} {...a11y({ role: 'radio', checked: on, onActivate: pick })}>{w.name}</Text>;
        })}
      </View>
      {errors.workshopId ? <Text className='tr-error' {...a11y({ role: 'alert' })}>{errors.workshopId}</Text> : null}
      <Field label='参训人员姓名' name='book.name' required value={form.name} maxlength={30} placeholder='本人或作坊从业人员' onInput={(v) => set({ name: v })} />
      {errors.name ? <Text className='tr-error' {...a11y({ role: 'alert' })}>{errors.name}</Text> : null}
      <Field label='参训人员手机号' name='book.phone' required type='number' value={form.phone} maxlength={11} hint='用于培训通知，加密保存' onInput={(v) => set({ phone: v })} />
      {errors.phone ? <Text className='tr-error' {...a11y({ role: 'alert' })}>{errors.phone}</Text> : null}
      <ActionButton variant='primary' block disabled={busy} onClick={() => void submit()}>{full ? '加入候补' : s.feeFen > 0 ? `报名（${s.feeLabel}）` : '提交报名'}</ActionButton>
    </View>
  );
}

/** 报名成功 / 候补第N位 / 待支付. */
export function BookingResult({ b, onChanged }: { b: BookingView; onChanged?: (b: BookingView) => void }) {
  const mine = () => void Taro.redirectTo({ url: TRAINING_ROUTES.mine });
  let title = b.statusLabel;
  let warn = false;
  let body: string[] = [];
  if (b.status === 'confirmed') {
    title = '报名成功';
    body = ['培训当天请在“我的培训”出示签到二维码。'];
  } else if (b.status === 'waitlisted') {
    title = `候补第${b.waitlistPosition ?? '?'}位`;
    warn = true;
    body = ['有空位时将通知您，请在24小时内确认参加。'];
  } else if (b.status === 'held') {
    title = '待支付';
    warn = true;
    body = [`座位保留至 ${beijingDateTime(b.holdUntil)}，逾期未支付将自动释放。`];
  }
  return (
    <View className='card tr-result' data-testid='book-result' data-status={b.status}>
      <Text className={cx('tr-result__title', warn && 'tr-result__title--warn')} {...a11y({ role: 'status' })}>{title}</Text>
      <Text className='muted'>{b.workshop.name} · {b.attendee.name}{b.attendee.phoneMasked ? ` · ${b.attendee.phoneMasked}` : ''}</Text>
      {body.map((t) => <Text key={t} className='muted'>{t}</Text>)}
      {b.payment && b.status !== 'held' ? <Text className='muted' data-payment={b.payment.status}>{b.payment.label}</Text> : null}
      {b.status === 'held' && onChanged ? <PayPanel b={b} onChanged={onChanged} /> : null}
      <ActionButton variant='primary' block onClick={mine}>查看我的培训</ActionButton>
    </View>
  );
}
