import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { TIPOFF_CONSENT_TEXT } from '@shared/domain/tipoff';
import ActionButton from '@/components/ActionButton';
import Field from '@/components/Field';
import { ROUTES } from '@/constants/routes';
import { ApiError } from '@/services/request';
import { useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { deviceId, objectionProblems, saveObjectionReceipt, type ObjectionDraft } from '../lib/objection';
import { programsApi, type ObjectionReceipt } from '../lib/programsApi';

const empty = (): ObjectionDraft => ({ description: '', anonymous: true, name: '', phone: '', consent: false });

/**
 * 异议 for one workshop on public notice: anonymous by default, or in one's own name (signed in); a
 * confirmation before sending; the receipt code and its one-time query token shown and kept on this device.
 */
export default function ProgramObjectionBox({ applicationId, workshopName, onClose }: { applicationId: string; workshopName: string; onClose: () => void }) {
  const { token } = useAppState();
  const [d, setD] = useState<ObjectionDraft>(empty);
  const [errors, setErrors] = useState<string[]>([]);
  const [receipt, setReceipt] = useState<ObjectionReceipt | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<ObjectionDraft>) => setD((x) => ({ ...x, ...patch }));

  if (receipt) {
    return (
      <View className='pg-objection' data-testid='objection-receipt' {...a11y({ role: 'status' })}>
        <Text className='pg-row__title'>{receipt.duplicate ? '该异议已受理过' : '异议已提交'}</Text>
        <Text className='pg-meta'>回执编号</Text>
        <Text className='pg-receipt'>{receipt.receiptCode}</Text>
        <Text className='pg-meta'>查询凭证（仅显示这一次，已保存在本机）</Text>
        <Text className='pg-receipt'>{receipt.token}</Text>
        <Text className='pg-meta'>监管部门将核实处理；处理完毕前暂不授予称号。</Text>
        <View className='pg-actions'>
          <ActionButton onClick={() => void Taro.navigateTo({ url: `${ROUTES.tipoffTrack}?code=${encodeURIComponent(receipt.receiptCode)}` })}>查询办理进度</ActionButton>
          <ActionButton onClick={onClose}>关闭</ActionButton>
        </View>
      </View>
    );
  }

  const send = async () => {
    if (busy) return;
    const problems = objectionProblems(d, !!token);
    setErrors(problems);
    if (problems.length) return;
    const { confirm } = await Taro.showModal({
      title: '提交异议',
      content: `对“${workshopName}”提出${d.anonymous ? '匿名' : '实名'}异议。提交后作为举报受理，不能修改。`,
      confirmText: '确认提交',
      cancelText: '再看看',
    });
    if (!confirm) return;
    setBusy(true);
    try {
      const body = d.anonymous
        ? { description: d.description.trim(), anonymous: true, consent: true as const }
        : { description: d.description.trim(), anonymous: false, reporter: { name: d.name.trim(), phone: d.phone.trim() }, consent: true as const };
      const r = await programsApi.object(applicationId, body, deviceId());
      saveObjectionReceipt({ code: r.receiptCode, token: r.token, at: new Date().toISOString(), summary: `公示异议：${workshopName}` });
      setReceipt(r);
    } catch (e) {
      setErrors([e instanceof ApiError ? e.message : '提交失败，请稍后重试']);
    } finally {
      setBusy(false);
    }
  };
  const toggleAnon = (anonymous: boolean) => () => set({ anonymous });
  const toggleConsent = () => set({ consent: !d.consent });

  return (
    <View className='pg-objection' data-objection-for={applicationId}>
      <Field label='异议内容' name='objection' required multiline maxlength={1000} value={d.description} placeholder='说明您了解的情况，如违法违规行为、材料不实等' onInput={(v) => set({ description: v })} />
      <View className='chips' {...a11y({ label: '提出方式' })}>
        <Text className={cx('chip', d.anonymous && 'chip--on')} onClick={toggleAnon(true)} {...a11y({ role: 'radio', checked: d.anonymous, onActivate: toggleAnon(true) })}>匿名</Text>
        <Text className={cx('chip', !d.anonymous && 'chip--on')} onClick={toggleAnon(false)} {...a11y({ role: 'radio', checked: !d.anonymous, onActivate: toggleAnon(false) })}>实名</Text>
      </View>
      {!d.anonymous ? (
        <>
          {!token ? <Text className='pg-reason'>实名提出异议需要先登录。</Text> : null}
          <Field label='姓名' name='reporterName' maxlength={30} value={d.name} onInput={(v) => set({ name: v })} />
          <Field label='手机号' name='reporterPhone' type='number' maxlength={11} value={d.phone} hint='仅监管部门可见，加密保存' onInput={(v) => set({ phone: v })} />
        </>
      ) : null}
      <View className='pg-consent' onClick={toggleConsent} {...a11y({ role: 'checkbox', checked: d.consent, onActivate: toggleConsent })}>
        <Text className='pg-rule__mark'>{d.consent ? '☑' : '☐'}</Text>
        <Text className='pg-meta'>{TIPOFF_CONSENT_TEXT}</Text>
      </View>
      {errors.length ? (
        <View className='errors' {...a11y({ role: 'alert' })}>
          {errors.map((e) => <Text key={e} className='errors__item'>{e}</Text>)}
        </View>
      ) : null}
      <View className='pg-actions'>
        <ActionButton variant='primary' disabled={busy} onClick={() => void send()}>提交异议</ActionButton>
        <ActionButton onClick={onClose}>取消</ActionButton>
      </View>
    </View>
  );
}
