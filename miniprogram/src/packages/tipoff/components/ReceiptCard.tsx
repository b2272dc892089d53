import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import { a11y } from '@/utils/a11y';
import type { Receipt } from '../lib/api';

const copy = (label: string, data: string) =>
  Taro.setClipboardData({ data }).then(() => Taro.showToast({ title: `${label}已复制`, icon: 'success' })).catch(() => undefined);

/** Shown once after submitting: the token is never shown by the server again. */
export default function ReceiptCard({ receipt }: { receipt: Receipt }) {
  const track = () => void Taro.redirectTo({ url: `/packages/tipoff/track/index?code=${encodeURIComponent(receipt.receiptCode)}` });
  return (
    <View className='card tp-receipt'>
      <Text className='card__title' {...a11y({ role: 'heading', level: 1 })}>举报已提交</Text>
      <Text className='tp-hint'>
        {receipt.duplicate ? '您刚才已提交过相同内容，已合并为同一件举报。' : '感谢您的举报！'}属地监管所将在 {receipt.acceptDue} 前决定是否受理。
      </Text>
      <View className='tp-code'>
        <View className='tp-code__main'>
          <Text className='muted'>回执码</Text>
          <Text className='tp-code__value' data-name='receipt-code'>{receipt.receiptCode}</Text>
        </View>
        <ActionButton onClick={() => copy('回执码', receipt.receiptCode)} label='复制回执码'>复制</ActionButton>
      </View>
      <View className='tp-code'>
        <View className='tp-code__main'>
          <Text className='muted'>查询凭证</Text>
          <Text className='tp-code__value' data-name='receipt-token'>{receipt.token}</Text>
        </View>
        <ActionButton onClick={() => copy('查询凭证', receipt.token)} label='复制查询凭证'>复制</ActionButton>
      </View>
      <Text className='tp-warn' {...a11y({ role: 'alert' })}>
        查询凭证只显示这一次，请立即复制或截图保存。凭回执码和查询凭证才能查询进度、领取奖励；本机也已保存一份。
      </Text>
      <ActionButton variant='primary' block onClick={() => copy('回执码和查询凭证', `回执码：${receipt.receiptCode}\n查询凭证：${receipt.token}`)}>
        一起复制
      </ActionButton>
      <ActionButton block onClick={track}>查看办理进度</ActionButton>
    </View>
  );
}
