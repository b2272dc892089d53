import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import DevRolePicker from '@/components/DevRolePicker';
import { fetchMeta, wechatLogin } from '@/services/auth';
import { returnAfterLogin } from '@/services/navigation';
import { ApiError, showError } from '@/services/request';

/** Mini-program: WeChat login (Taro.login code → POST /auth/wechat); demo roles when the server allows. */
export default function LoginPanel() {
  const [busy, setBusy] = useState(false);
  const [devLogin, setDevLogin] = useState(false);

  useEffect(() => {
    fetchMeta()
      .then((m) => setDevLogin(m.devLogin))
      .catch(() => setDevLogin(false));
  }, []);

  const login = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await wechatLogin();
      void Taro.showToast({ title: '登录成功', icon: 'success', duration: 1200 });
      returnAfterLogin();
    } catch (err) {
      // wechatLogin's own failure (no code) is not shown by the request layer.
      if (err instanceof ApiError && err.status === 0 && err.code === 'auth.wechat_unavailable') showError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View>
      <View className='card'>
        <ActionButton variant='primary' block disabled={busy} onClick={() => void login()}>
          {busy ? '正在登录…' : '微信一键登录'}
        </ActionButton>
        <Text className='muted login__privacy'>
          登录即表示您同意平台按《个人信息保护法》处理您的微信标识，仅用于办理本平台业务，不对外公开。
        </Text>
      </View>
      {devLogin ? <DevRolePicker /> : null}
    </View>
  );
}
