import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import { a11y } from '@/utils/a11y';
import { trainingApi, type BookingView } from '../lib/api';
import { payChannelHere, startPayment } from '../lib/pay';
import QrCode from './QrCode';

/** mm:ss left of the hold, or null once it has run out. */
export function holdLeft(holdUntil: string | null, now = Date.now()): string | null {
  const ms = holdUntil ? Date.parse(holdUntil) - now : 0;
  if (!(ms > 0)) return null;
  const s = Math.ceil(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * 去支付 for a held booking, with the time left of the hold. The mini-program opens WeChat's pay sheet; a
 * desktop browser shows the Native QR code to scan with WeChat; a phone browser goes to WeChat Pay's page.
 * The booking is confirmed by the server (payment notification): the panel reads it again until it is.
 */
export default function PayPanel({ b, onChanged, pollMs = 2000 }: { b: BookingView; onChanged: (b: BookingView) => void; pollMs?: number }) {
  const [now, setNow] = useState(() => Date.now());
  const [qr, setQr] = useState<string | null>(null);
  const [waiting, setWaiting] = useState(false);
  const [busy, setBusy] = useState(false);
  const left = holdLeft(b.holdUntil, now);
  const changed = useRef(onChanged);
  changed.current = onChanged;

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  // Paying (QR shown or the sheet closed): read the booking until it is no longer held.
  const polling = (waiting || !!qr) && !!left;
  useEffect(() => {
    if (!polling) return undefined;
    let stop = false;
    const t = setInterval(() => {
      void trainingApi.mine().then((list) => {
        const now2 = list.find((x) => x.id === b.id);
        if (!stop && now2 && now2.status !== 'held') { stop = true; changed.current(now2); }
      }).catch(() => undefined);
    }, pollMs);
    return () => { stop = true; clearInterval(t); };
  }, [polling, b.id, pollMs]);

  const pay = async () => {
    setBusy(true);
    try {
      const start = await trainingApi.pay(b.id, payChannelHere());
      const outcome = await startPayment(start);
      if (outcome === 'shown') setQr(start.codeUrl);
      else if (outcome === 'paid') setWaiting(true);
      else if (outcome === 'cancelled') void Taro.showToast({ title: '已取消支付', icon: 'none' });
      else if (outcome === 'failed') void Taro.showToast({ title: '支付未完成，请重试', icon: 'none' });
    } catch {
      // toasted (e.g. the hold ran out meanwhile)
    } finally {
      setBusy(false);
    }
  };

  if (!left) return <Text className='tr-state tr-state--muted' data-testid='hold-over'>座位保留已超时，请刷新后重新报名</Text>;
  return (
    <View className='tr-pay' data-testid='pay-panel'>
      <Text className='tr-state tr-state--warn' data-testid='hold-left'>费用 {b.payment?.label.replace(/^待支付 /, '') ?? b.session.feeLabel}，请在 {left} 内完成支付</Text>
      {qr ? (
        <View data-testid='pay-qr'>
          <QrCode value={qr} label='微信支付二维码' />
          <Text className='muted'>请用微信“扫一扫”扫码支付，支付完成后本页自动更新。</Text>
        </View>
      ) : null}
      {waiting && !qr ? <Text className='muted' {...a11y({ role: 'status' })}>正在确认支付结果…</Text> : null}
      {!qr ? <ActionButton variant='primary' block disabled={busy || waiting} onClick={() => void pay()}>去支付</ActionButton> : null}
    </View>
  );
}
