import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { SessionMessageBody } from '@shared/schemas/trainingRoster';
import ActionButton from '@/components/ActionButton';
import Field from '@/components/Field';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { deskApi, newMessageId } from '../lib/deskApi';
import Errors from './Errors';

export interface MessageFormProps {
  sessionId: string;
  /** Bookings that will be told (with a seat), and those waiting in line. */
  seated: number;
  waiting: number;
  onClose: () => void;
}

/**
 * 群发通知: title and text to the session's attendees (in-app notice and WeChat subscribe message), after a
 * confirmation. The message id is made when the form opens and kept until it is sent: a retry after a lost
 * answer is sent once.
 */
export default function MessageForm({ sessionId, seated, waiting, onClose }: MessageFormProps) {
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [includeWaitlisted, setIncludeWaitlisted] = useState(false);
  const [messageId] = useState(newMessageId);
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const send = async () => {
    const found: string[] = [];
    if (!title.trim()) found.push('请填写通知标题');
    if (!body.trim()) found.push('请填写通知内容');
    const parsed = found.length ? null : SessionMessageBody.safeParse({ messageId, title, body, includeWaitlisted });
    if (parsed && !parsed.success) found.push(...new Set(parsed.error.issues.map((i) => i.message)));
    setErrors(found);
    if (!parsed?.success) return;
    const n = seated + (includeWaitlisted ? waiting : 0);
    if (!n) { setErrors(['目前没有可通知的报名人']); return; }
    const { confirm } = await Taro.showModal({
      title: '群发通知',
      content: `将通过站内通知和微信订阅消息发送给${includeWaitlisted ? '已报名和候补' : '已报名'}的 ${n} 人（同一业主只发一条）。确认发送？`,
      confirmText: '发送',
    });
    if (!confirm) return;
    setBusy(true);
    try {
      const r = await deskApi.sendMessage(sessionId, parsed.data);
      void Taro.showToast({ title: r.replayed ? '该通知已发送过' : `已通知 ${r.told} 位报名人`, icon: 'none' });
      onClose();
    } catch {
      // toasted (429: 发送过于频繁)
    } finally {
      setBusy(false);
    }
  };
  const toggle = () => setIncludeWaitlisted((v) => !v);
  return (
    <View className='card' data-testid='message-form'>
      <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>群发通知</Text>
      <Field label='通知标题' name='message.title' required value={title} maxlength={20} hint='微信消息中最多显示 20 字' onInput={setTitle} />
      <Field label='通知内容' name='message.body' required multiline maxlength={500} value={body} onInput={setBody} />
      {waiting ? (
        <View className='chips'>
          <Text className={cx('chip', includeWaitlisted && 'chip--on')} onClick={toggle} {...a11y({ role: 'checkbox', checked: includeWaitlisted, onActivate: toggle })}>
            同时通知候补人员（{waiting} 人）
          </Text>
        </View>
      ) : null}
      <Errors errors={errors} />
      <View className='tr-actions'>
        <ActionButton onClick={onClose}>取消</ActionButton>
        <ActionButton variant='primary' disabled={busy} onClick={() => void send()}>发送通知</ActionButton>
      </View>
    </View>
  );
}
