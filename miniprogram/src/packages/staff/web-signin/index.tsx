import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { STAFF_ROLES } from '@shared/domain/roles';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Field from '@/components/Field';
import Page from '@/components/Page';
import { problemOf, type PageProblem } from '@/hooks/pageProblem';
import type { Session } from '@/services/auth';
import { redirectToLogin } from '@/services/navigation';
import { ApiError, api } from '@/services/request';
import { hasRole, setSession, useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import '../lib/staff.scss';
import './index.scss';

interface Settings { account: string | null; password: boolean; totp: boolean }
const quiet = { toast: false } as const;
const reasonOf = (e: unknown) => (e instanceof ApiError ? e.message : '保存失败，请稍后再试');
/** "ABCD EFGH …": easier to type into an authenticator app. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

/**
 * 我的 → 网页登录 (staff): the account and password for the web portal, and the 动态验证码 (TOTP) secret for
 * an authenticator app. Changing the password needs the current one; replacing the secret a current code.
 */
export default function WebSignIn() {
  const { user } = useAppState();
  const allowed = !!user && hasRole(user, STAFF_ROLES);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [problem, setProblem] = useState<PageProblem | null>(null);
  const [account, setAccount] = useState('');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [pwMessage, setPwMessage] = useState('');
  const [secret, setSecret] = useState<{ secret: string; uri: string } | null>(null);
  const [currentCode, setCurrentCode] = useState('');
  const [newCode, setNewCode] = useState('');
  const [totpMessage, setTotpMessage] = useState('');

  const load = () => {
    setProblem(null);
    api.get<Settings>('/auth/staff/settings', undefined, quiet).then(setSettings).catch((e: unknown) => setProblem(problemOf(e)));
  };
  useEffect(() => { if (allowed) load(); }, [allowed]);

  if (!allowed) {
    return (
      <Page className='web-signin'>
        <EmptyState status='forbidden' description='仅限工作人员使用。' actions={user ? [] : [{ text: '登录', onClick: () => redirectToLogin(), variant: 'primary' }]} />
      </Page>
    );
  }
  if (problem) return <Page className='web-signin'><EmptyState problem={problem} onRetry={load} /></Page>;
  if (!settings) return <Page className='web-signin'><EmptyState status='loading' /></Page>;

  const savePassword = () => {
    setPwMessage('');
    const body = { ...(settings.account ? {} : { account: account.trim() }), ...(settings.password ? { currentPassword: current } : {}), newPassword: next };
    api.put<Session>('/auth/staff/password', body, { ...quiet, loading: '保存中' })
      .then((s) => {
        setSession(s.token, s.user); // other devices are signed out; this one continues with the new token
        setCurrent(''); setNext('');
        void Taro.showToast({ title: '密码已保存', icon: 'success' });
        load();
      })
      .catch((e: unknown) => setPwMessage(reasonOf(e)));
  };

  const newSecret = () => {
    setTotpMessage('');
    api.post<{ secret: string; uri: string }>('/auth/staff/totp/setup', undefined, { ...quiet, loading: '生成中' })
      .then(setSecret).catch((e: unknown) => setTotpMessage(reasonOf(e)));
  };

  const confirmTotp = () => {
    setTotpMessage('');
    api.put('/auth/staff/totp', { ...(settings.totp ? { currentCode: currentCode.trim() } : {}), code: newCode.trim() }, { ...quiet, loading: '保存中' })
      .then(() => {
        setSecret(null); setCurrentCode(''); setNewCode('');
        void Taro.showToast({ title: '动态验证码已绑定', icon: 'success' });
        load();
      })
      .catch((e: unknown) => setTotpMessage(reasonOf(e)));
  };

  return (
    <Page className='web-signin'>
      <Text className='section-title' {...a11y({ role: 'heading', level: 1 })}>网页登录设置</Text>
      <Text className='muted'>在电脑上打开门户网站，选择「工作人员登录」，输入账号、密码和身份验证器中的 6 位动态验证码。连续 5 次错误将锁定 15 分钟。</Text>

      <View className='card' data-section='password'>
        <Text className='card__title'>登录账号与密码</Text>
        {settings.account ? <Text className='muted'>登录账号：{settings.account}</Text> : (
          <Field label='登录账号' name='account' value={account} onInput={setAccount} maxlength={32} hint='4–32 位字母、数字或 _ . -，以字母开头；设置后不能修改' />
        )}
        {settings.password ? <Field label='当前密码' name='currentPassword' password value={current} onInput={setCurrent} maxlength={128} /> : null}
        <Field label={settings.password ? '新密码' : '设置密码'} name='newPassword' password value={next} onInput={setNext} maxlength={128} hint='至少 10 位，须同时包含字母和数字；保存后其他设备需重新登录' />
        <ActionButton variant='primary' block onClick={savePassword}>保存密码</ActionButton>
        {pwMessage ? <Text className='form-error' data-error {...a11y({ role: 'alert' })}>{pwMessage}</Text> : null}
      </View>

      <View className='card' data-section='totp'>
        <Text className='card__title'>动态验证码（身份验证器）</Text>
        <Text className='muted'>{settings.totp ? '已绑定。更换手机时可生成新密钥，并用旧密钥的当前验证码确认。' : '尚未绑定：网页登录需要动态验证码。'}</Text>
        {secret ? (
          <>
            <Text className='muted'>在身份验证器（如腾讯身份验证器、Microsoft Authenticator）中手动添加，密钥：</Text>
            <Text className='web-signin__secret' data-secret={secret.secret} selectable>{grouped(secret.secret)}</Text>
            {settings.totp ? <Field label='旧密钥的当前验证码' name='currentCode' type='number' maxlength={6} value={currentCode} onInput={setCurrentCode} /> : null}
            <Field label='新密钥生成的验证码' name='newCode' type='number' maxlength={6} value={newCode} onInput={setNewCode} />
            <ActionButton variant='primary' block onClick={confirmTotp}>确认绑定</ActionButton>
          </>
        ) : (
          <ActionButton block onClick={newSecret}>{settings.totp ? '更换动态验证码' : '绑定动态验证码'}</ActionButton>
        )}
        {totpMessage ? <Text className='form-error' data-error {...a11y({ role: 'alert' })}>{totpMessage}</Text> : null}
      </View>
    </Page>
  );
}
