import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import ListRow from '@/components/ListRow';
import Field from '@/components/Field';
import Page from '@/components/Page';
import { usePageData } from '@/hooks/usePageData';
import { redirectToLogin } from '@/services/navigation';
import { useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDate } from '@/utils/time';
import { registrationApi, type MyWorkshop, type RegistrationView } from '../lib/api';
import '../lib/reg.scss';
import './index.scss';

const FORM = '/packages/registration/form/index';
const DETAIL = '/packages/registration/detail/index';
const CERT = '/packages/registration/certificate/index';

type Action = { workshopId: string; kind: 'change' | 'cancellation'; reason: string; address: string; products: string };

export default function RegistrationIndex() {
  const { user } = useAppState();
  const [action, setAction] = useState<Action | null>(null);
  const { state, retry } = usePageData(
    () => Promise.all([registrationApi.mine(), registrationApi.myWorkshops()]).then(([apps, workshops]) => ({ apps, workshops })),
    { onShow: true, enabled: !!user },
  );
  const apps = state.status === 'ready' ? state.data.apps : null;
  const workshops = state.status === 'ready' ? state.data.workshops : null;

  const open = (r: RegistrationView) => void Taro.navigateTo({ url: r.status === 'draft' ? `${FORM}?id=${r.id}` : `${DETAIL}?id=${r.id}` });

  const renew = async (w: MyWorkshop) => {
    const { confirm } = await Taro.showModal({ title: '申请延续', content: `为“${w.workshop.name}”申请登记证延续，有效期将延长3年。确认提交？`, confirmText: '提交' });
    if (!confirm) return;
    try {
      const r = await registrationApi.renew(w.workshop.id);
      void Taro.navigateTo({ url: `${DETAIL}?id=${r.id}` });
    } catch { /* toast shown */ }
  };

  const sendAction = async () => {
    if (!action) return;
    if (!action.reason.trim()) { void Taro.showToast({ title: '请填写申请理由', icon: 'none' }); return; }
    const isCancel = action.kind === 'cancellation';
    const { confirm } = await Taro.showModal({
      title: isCancel ? '确认申请注销' : '确认申请变更',
      content: isCancel ? '注销获准后登记证将失效，不能恢复，需重新申请登记。确认提交注销申请？' : '变更申请提交后由审查机关审核，审核期间不能再提交其他申请。确认提交？',
      confirmText: isCancel ? '确认注销' : '提交',
      confirmColor: isCancel ? '#b91c1c' : '#1a56db',
    });
    if (!confirm) return;
    try {
      const r = isCancel
        ? await registrationApi.cancel(action.workshopId, action.reason.trim())
        : await registrationApi.change(action.workshopId, {
          reason: action.reason.trim(),
          ...(action.address.trim() ? { address: action.address.trim() } : {}),
          ...(action.products.trim() ? { products: action.products.split(/[,，、\s]+/).map((p) => p.trim()).filter(Boolean) } : {}),
        });
      setAction(null);
      void Taro.navigateTo({ url: `${DETAIL}?id=${r.id}` });
    } catch { /* toast shown */ }
  };

  return (
    <Page className='reg-index'>
      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 1 })}>作坊登记 · 一次不跑</Text>
        <Text className='muted reg-index__intro'>在手机上填报，登记证与个体工商户营业执照一次申请、联审联办。材料齐全的，5个工作日内决定是否受理，受理后2个工作日内现场核查。</Text>
        {user ? (
          <ActionButton variant='primary' block onClick={() => void Taro.navigateTo({ url: `${FORM}?new=1` })}>新办登记申请</ActionButton>
        ) : (
          <ActionButton variant='primary' block onClick={() => redirectToLogin()}>登录后办理</ActionButton>
        )}
      </View>

      {user && state.status === 'loading' ? <EmptyState status='loading' /> : null}
      {user && state.status !== 'loading' && state.status !== 'ready' ? <EmptyState problem={state} onRetry={retry} /> : null}

      {user && workshops && apps ? (
        <>
          <Text className='section-title'>我的作坊</Text>
          {workshops.length === 0 ? <EmptyState status='empty' title='还没有已登记的作坊' description='准予登记后会显示在这里。' inline className='card' /> : null}
          {workshops.map((w) => (
            <View key={w.workshop.id} className='card reg-index__workshop' data-testid='workshop'>
              <Text className='card__title'>{w.workshop.name}</Text>
              {w.certificate ? (
                <>
                  <View className='kv'><Text className='kv__k'>登记证</Text><Text className='kv__v'>{w.certificate.number}</Text></View>
                  <View className='kv'>
                    <Text className='kv__k'>状态</Text>
                    <Text className={cx('kv__v', w.certificate.status !== 'valid' && 'reg-index__bad')}>{w.certificate.statusLabel}，有效期至 {beijingDate(w.certificate.expiresAt)}</Text>
                  </View>
                  <ActionButton variant='primary' block onClick={() => void Taro.navigateTo({ url: `${CERT}?no=${encodeURIComponent(w.certificate!.number)}` })}>出示登记证</ActionButton>
                  {w.certificate.renewalOpen ? <ActionButton block onClick={() => void renew(w)}>申请延续</ActionButton> : null}
                </>
              ) : (
                <Text className='muted'>暂无登记证信息</Text>
              )}
              {w.workshop.status === 'registered' ? (
                <View className='nav-row'>
                  <ActionButton onClick={() => setAction({ workshopId: w.workshop.id, kind: 'change', reason: '', address: '', products: '' })}>申请变更</ActionButton>
                  <ActionButton variant='danger' onClick={() => setAction({ workshopId: w.workshop.id, kind: 'cancellation', reason: '', address: '', products: '' })}>申请注销</ActionButton>
                </View>
              ) : null}
              {action?.workshopId === w.workshop.id ? (
                <View className='row-card reg-index__action'>
                  <Text className='card__title'>{action.kind === 'change' ? '申请变更登记事项' : '申请注销登记'}</Text>
                  {action.kind === 'change' ? (
                    <>
                      <Field label='新地址（不变更可不填）' value={action.address} maxlength={120} onInput={(v) => setAction({ ...action, address: v })} />
                      <Field label='新的生产品种（用顿号分隔，不变更可不填）' value={action.products} maxlength={300} onInput={(v) => setAction({ ...action, products: v })} />
                    </>
                  ) : null}
                  <Field label={action.kind === 'change' ? '变更理由' : '注销理由'} value={action.reason} maxlength={200} multiline required onInput={(v) => setAction({ ...action, reason: v })} />
                  <View className='nav-row'>
                    <ActionButton onClick={() => setAction(null)}>取消</ActionButton>
                    <ActionButton variant={action.kind === 'cancellation' ? 'danger' : 'primary'} onClick={() => void sendAction()}>提交申请</ActionButton>
                  </View>
                </View>
              ) : null}
            </View>
          ))}

          <Text className='section-title'>我的申请</Text>
          {apps.length === 0 ? <EmptyState status='empty' title='还没有申请' description='点击上方“新办登记申请”开始填写。' inline className='card' /> : null}
          {apps.length ? (
            <View className='list'>
              {apps.map((r) => (
                <ListRow key={r.id} onOpen={() => open(r)} data-testid='application' aside={<Text className={cx('status-pill', `status-pill--${r.status}`)}>{r.statusLabel}</Text>}>
                  <Text>{r.workshop.name ?? '未命名作坊'} · {r.kindLabel}</Text>
                  <Text className='list-row__desc'>
                    {r.status === 'draft' ? '草稿，点击继续填写' : r.deadline && !r.deadline.paused ? `${r.deadline.stepLabel}期限 ${r.deadline.due}` : r.status === 'correction' ? '请按要求补正后重新提交' : beijingDate(r.updatedAt)}
                  </Text>
                </ListRow>
              ))}
            </View>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
