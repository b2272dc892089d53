import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Field from '@/components/Field';
import Page from '@/components/Page';
import type { Me } from '@/services/auth';
import { redirectToLogin, go } from '@/services/navigation';
import { ApiError, api } from '@/services/request';
import { hasRole, setUser, useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { ROUTES } from '@/constants/routes';
import '../web-signin/index.scss';

const reasonOf = (e: unknown) => (e instanceof ApiError ? e.message : '提交失败，请稍后再试');

/**
 * 工作人员邀请: the code an admin handed over grants the role and region. The web sign-in (account, password,
 * 动态验证码) can be set up at the same time, so the new staff member can work on an office PC at once.
 */
export default function Invite() {
  const { user } = useAppState();
  const [code, setCode] = useState('');
  const [web, setWeb] = useState(false);
  const [account, setAccount] = useState('');
  const [password, setPassword] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [totpCode, setTotpCode] = useState('');
  const [message, setMessage] = useState('');

  if (!user) {
    return (
      <Page className='web-signin'>
        <EmptyState status='forbidden' description='请先登录，再输入邀请码。' actions={[{ text: '登录', onClick: () => redirectToLogin(), variant: 'primary' }]} />
      </Page>
    );
  }

  const startWeb = () => {
    setMessage('');
    api.post<{ secret: string }>('/auth/staff/totp/setup', undefined, { toast: false, loading: '生成中' })
      .then((s) => { setSecret(s.secret); setWeb(true); })
      .catch((e: unknown) => setMessage(reasonOf(e)));
  };

  const submit = () => {
    setMessage('');
    const body = { code: code.trim(), ...(web ? { account: account.trim(), password, totpCode: totpCode.trim() } : {}) };
    api.post<Me>('/auth/redeem-invite', body, { toast: false, loading: '提交中' })
      .then(({ user: u }) => {
        setUser(u);
        void Taro.showToast({ title: '已成为工作人员', icon: 'success' });
        go(ROUTES.staff);
      })
      .catch((e: unknown) => setMessage(reasonOf(e)));
  };

  return (
    <Page className='web-signin'>
      <Text className='section-title' {...a11y({ role: 'heading', level: 1 })}>工作人员邀请</Text>
      <View className='card'>
        <Field label='邀请码' name='inviteCode' value={code} onInput={setCode} maxlength={32} hint='管理员发给您的邀请码（字母和数字）' />
        {web && secret ? (
          <>
            <Text className='card__title'>同时设置网页登录</Text>
            <Field label='登录账号' name='account' value={account} onInput={setAccount} maxlength={32} hint='4–32 位字母、数字或 _ . -，以字母开头' />
            <Field label='设置密码' name='password' password value={password} onInput={setPassword} maxlength={128} hint='至少 10 位，须同时包含字母和数字' />
            <Text className='muted'>在身份验证器中手动添加密钥：</Text>
            <Text className='web-signin__secret' selectable>{secret.replace(/(.{4})/g, '$1 ').trim()}</Text>
            <Field label='动态验证码' name='totpCode' type='number' maxlength={6} value={totpCode} onInput={setTotpCode} />
          </>
        ) : (
          <ActionButton block onClick={startWeb}>同时设置网页登录（账号、密码、动态验证码）</ActionButton>
        )}
        <ActionButton variant='primary' block onClick={submit}>提交</ActionButton>
        {message ? <Text className='form-error' data-error {...a11y({ role: 'alert' })}>{message}</Text> : null}
      </View>
      {hasRole(user, ['admin']) ? (
        <View className='card'>
          <Text className='muted'>您是管理员：要邀请他人成为工作人员，请在“人员与账号”生成邀请码。</Text>
          <ActionButton block onClick={() => go('/packages/staff/accounts/index')}>前往人员与账号</ActionButton>
        </View>
      ) : null}
    </Page>
  );
}
