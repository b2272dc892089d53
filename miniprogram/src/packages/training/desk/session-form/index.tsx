import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { REFUND_RULES, REFUND_RULE_LABELS } from '@shared/domain/training';
import ActionButton from '@/components/ActionButton';
import Field from '@/components/Field';
import Page from '@/components/Page';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import DateTimeField from '../../components/DateTimeField';
import DeskGate from '../../components/DeskGate';
import Errors from '../../components/Errors';
import { trainingApi } from '../../lib/api';
import { emptySessionForm, sessionBody, type SessionForm } from '../../lib/forms';
import { fenFromYuan } from '../../lib/format';
import { canPickPoint, pickPoint, pickPointLabel } from '../../lib/location';
import { TRAINING_ROUTES } from '../../lib/routes';
import '../../lib/training.scss';

/** 新增场次: time, place or online link, capacity, fee (元), deadlines; saved as a draft or published. */
export default function SessionFormPage() {
  return <DeskGate><Form /></DeskGate>;
}

function Form() {
  const { params } = useRouter();
  const courseId = params.courseId ?? '';
  const [f, setF] = useState<SessionForm>(() => emptySessionForm(Date.now()));
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const set = (p: Partial<SessionForm>) => setF((x) => ({ ...x, ...p }));
  const paid = (fenFromYuan(f.feeYuan) ?? 0) > 0;

  // The map point: WeChat's map picker, or the browser's position on H5; the address stays the fallback.
  const [locating, setLocating] = useState(false);
  const locate = async () => {
    setLocating(true);
    try {
      const p = await pickPoint();
      if (!p) { void Taro.showToast({ title: '未能获取位置，请填写详细地址', icon: 'none' }); return; }
      setF((x) => ({ ...x, point: { lat: p.lat, lng: p.lng }, address: x.address.trim() ? x.address : p.address ?? x.address }));
    } finally {
      setLocating(false);
    }
  };

  const save = async (publish: boolean) => {
    const { body, errors: found } = sessionBody(courseId, f, publish);
    setErrors(found);
    if (!body) return;
    if (publish) {
      const { confirm } = await Taro.showModal({ title: '发布场次', content: '发布后业主即可报名。确认发布？', confirmText: '发布' });
      if (!confirm) return;
    }
    setBusy(true);
    try {
      const s = await trainingApi.createSession(body);
      void Taro.showToast({ title: publish ? '已发布' : '已保存草稿', icon: 'success' });
      void Taro.redirectTo({ url: `${TRAINING_ROUTES.roster}?id=${s.id}` });
    } catch {
      // toasted
    } finally {
      setBusy(false);
    }
  };

  const chip = (on: boolean, label: string, pick: () => void, key: string) => (
    <Text key={key} className={cx('chip', on && 'chip--on')} data-chip={key} onClick={pick} {...a11y({ role: 'radio', checked: on, onActivate: pick })}>{label}</Text>
  );
  return (
    <Page className='training-session-form'>
      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 1 })}>新增场次</Text>
        <DateTimeField name='startsAt' label='开始' date={f.startDate} time={f.startTime} onDate={(v) => set({ startDate: v, endDate: f.endDate || v, signupDate: f.signupDate || v, cancelDate: f.cancelDate || v })} onTime={(v) => set({ startTime: v })} />
        <DateTimeField name='endsAt' label='结束' date={f.endDate || f.startDate} time={f.endTime} onDate={(v) => set({ endDate: v })} onTime={(v) => set({ endTime: v })} />
        <Text className='tr-label'>培训方式 *</Text>
        <View className='chips'>
          {chip(f.mode === 'place', '线下地点', () => set({ mode: 'place' }), 'place')}
          {chip(f.mode === 'online', '线上培训', () => set({ mode: 'online' }), 'online')}
        </View>
        {f.mode === 'place'
          ? (
            <>
              <Field label='培训地点' name='session.address' required value={f.address} maxlength={200} placeholder='详细地址' onInput={(v) => set({ address: v })} />
              {f.point ? (
                <View className='tr-actions' data-testid='session-point'>
                  <Text className='tr-meta'>已标注位置（{f.point.lat.toFixed(5)}, {f.point.lng.toFixed(5)}）</Text>
                  <ActionButton label='清除位置标注' onClick={() => set({ point: null })}>清除</ActionButton>
                </View>
              ) : null}
              {canPickPoint() ? (
                <ActionButton disabled={locating} onClick={() => void locate()}>{pickPointLabel}{f.point ? '（重新标注）' : ''}</ActionButton>
              ) : null}
            </>
          )
          : <Field label='线上培训链接' name='session.onlineUrl' required value={f.onlineUrl} maxlength={500} placeholder='https://' onInput={(v) => set({ onlineUrl: v })} />}
        <Field label='名额' name='session.capacity' required type='number' value={f.capacity} maxlength={4} onInput={(v) => set({ capacity: v })} />
        <Field label='费用（元）' name='session.fee' type='digit' value={f.feeYuan} maxlength={9} hint='0 为免费' onInput={(v) => set({ feeYuan: v })} />
        {paid ? (
          <>
            <Text className='tr-label'>退款规则</Text>
            <View className='chips'>{REFUND_RULES.map((r) => chip(f.refundRule === r, REFUND_RULE_LABELS[r], () => set({ refundRule: r }), r))}</View>
          </>
        ) : null}
        <DateTimeField name='signupDeadline' label='报名截止' date={f.signupDate} time={f.signupTime} onDate={(v) => set({ signupDate: v })} onTime={(v) => set({ signupTime: v })} />
        <DateTimeField name='cancelDeadline' label='取消截止' date={f.cancelDate} time={f.cancelTime} onDate={(v) => set({ cancelDate: v })} onTime={(v) => set({ cancelTime: v })} />
        <Errors errors={errors} />
        <View className='tr-actions'>
          <ActionButton disabled={busy} onClick={() => void save(false)}>保存草稿</ActionButton>
          <ActionButton variant='primary' disabled={busy} onClick={() => void save(true)}>发布</ActionButton>
        </View>
      </View>
    </Page>
  );
}
