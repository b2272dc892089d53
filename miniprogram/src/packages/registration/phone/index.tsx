import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Field from '@/components/Field';
import Page from '@/components/Page';
import { sendSmsCode, type Me } from '@/services/auth';
import { redirectToLogin } from '@/services/navigation';
import { ApiError, api } from '@/services/request';
import { setUser, useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import '../../staff/web-signin/index.scss';

const reasonOf = (e: unknown) => (e instanceof ApiError ? e.message : '绑定失败，请稍后再试');

/**
 * 绑定手机号: after an SMS code, the phone signs in to this same account on the web portal (手机号验证码登录),
 * so an owner sees the same workshop and applications there. A phone used on the web before joins this account.
 */
export default function BindPhone() {
  const { user } = useAppState();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [resendIn, setResendIn] = useState(0);
  const [message, setMessage] = useState('');

  useEffect(() => {
    if (resendIn <= 0) return undefined;
    const t = setTimeout(() => setResendIn(resendIn - 1), 1000);
    return () => clearTimeout(t);
  }, [resendIn]);

  if (!user) {
    return (
      <Page className='web-signin'>
        <EmptyState status='forbidden' description='请先登录。' actions={[{ text: '登录', onClick: () => redirectToLogin(), variant: 'primary' }]} />
      </Page>
    );
  }

  const send = () => {
    if (!/^1[3-9]\d{9}$/.test(phone.trim())) { setMessage('请输入 11 位手机号'); return; }
    setMessage('');
    sendSmsCode(phone.trim())
      .then((r) => { setResendIn(r.resendAfterSeconds); void Taro.showToast({ title: '验证码已发送', icon: 'none' }); })
      .catch((e: unknown) => setMessage(reasonOf(e)));
  };

  const bind = () => {
    if (!/^\d{6}$/.test(code.trim())) { setMessage('验证码为 6 位数字'); return; }
    setMessage('');
    api.post<Me>('/me/phone', { phone: phone.trim(), code: code.trim() }, { toast: false, loading: '绑定中' })
      .then(({ user: u }) => {
        setUser(u);
        void Taro.showToast({ title: '已绑定', icon: 'success' });
        setTimeout(() => void Taro.navigateBack({ delta: 1 }), 800);
      })
      .catch((e: unknown) => setMessage(reasonOf(e)));
  };

  return (
    <Page className='web-signin'>
      <Text className='section-title' {...a11y({ role: 'heading', level: 1 })}>绑定手机号</Text>
      <View className='card'>
        <Text className='muted'>{user.phone ? `当前已绑定 ${user.phone}，可更换。` : '绑定后，可在电脑上用「手机号验证码登录」进入同一账号，查看同样的作坊和申请。'}</Text>
        <Field label='手机号' name='phone' type='number' maxlength={11} value={phone} onInput={setPhone} />
        <Field label='短信验证码' name='smsCode' type='number' maxlength={6} value={code} onInput={setCode} />
        <ActionButton block disabled={resendIn > 0} onClick={send}>{resendIn > 0 ? `${resendIn} 秒后可重新获取` : '获取验证码'}</ActionButton>
        <ActionButton variant='primary' block onClick={bind}>绑定</ActionButton>
        {message ? <Text className='form-error' data-error {...a11y({ role: 'alert' })}>{message}</Text> : null}
      </View>
    </Page>
  );
}
