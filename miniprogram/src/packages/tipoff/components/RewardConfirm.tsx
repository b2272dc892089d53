import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { z } from 'zod';
import type { RewardConfirmation } from '@shared/schemas/tipoff';
import ActionButton from '@/components/ActionButton';
import { api } from '@/services/request';
import { canConfirmHere, requestMerchantTransfer } from '../lib/merchantTransfer';

const WEAPP_HINT = '奖励已通过微信支付发出，请确认收款，奖励将转入您的微信零钱。请在24小时内确认，逾期未确认将退回。';
/** H5 cannot open WeChat Pay's confirmation page: say where it happens. */
export const H5_HINT = '奖励已通过微信支付发出，需要您在微信中确认收款：请在微信中打开本平台小程序，用领取奖励的微信账号登录，查询本举报后点击“确认收款”。请在24小时内确认，逾期未确认将退回。';

/** The 待确认收款 step of a reward: the reporter confirms the transfer bill in the mini-program. */
export default function RewardConfirm({ code, token, onDone }: { code: string; token: string; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  if (!canConfirmHere) {
    return <Text className='tp-hint' data-name='reward-confirm-h5'>{H5_HINT}</Text>;
  }
  const confirm = async () => {
    setBusy(true);
    try {
      const p = await api.post<z.infer<typeof RewardConfirmation>>('/tipoffs/claim-reward/confirmation', { code, token }, { loading: '请稍候' });
      const r = await requestMerchantTransfer(p);
      if (r === 'confirmed') void Taro.showToast({ title: '已确认收款，到账以微信支付通知为准', icon: 'none' });
      else if (r === 'cancelled') void Taro.showToast({ title: '已取消，可稍后再确认收款', icon: 'none' });
      else if (r === 'unsupported') void Taro.showModal({ title: '无法确认收款', content: '当前微信版本过低，请升级微信后重试。', showCancel: false });
      else void Taro.showToast({ title: '确认收款未完成，请稍后重试', icon: 'none' });
      onDone();
    } catch {
      // toast shown by the request layer
    } finally {
      setBusy(false);
    }
  };
  return (
    <View data-name='reward-confirm'>
      <Text className='tp-hint'>{WEAPP_HINT}</Text>
      <ActionButton variant='primary' block disabled={busy} onClick={() => void confirm()}>确认收款</ActionButton>
    </View>
  );
}
