import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import DevRolePicker from '@/components/DevRolePicker';
import EmptyState from '@/components/EmptyState';
import Field from '@/components/Field';
import { problemOf, type PageProblem } from '@/hooks/pageProblem';
import { fetchMeta, sendSmsCode, smsLogin, staffLogin, wechatQrUrl, wechatWebLogin, type Meta } from '@/services/auth';
import { returnAfterLogin } from '@/services/navigation';
import { ApiError } from '@/services/request';
import { a11y } from '@/utils/a11y';

type Method = 'sms' | 'wechat' | 'staff';
const LABELS: Record<Method, string> = { sms: '手机号验证码登录', wechat: '微信扫码登录', staff: '工作人员登录' };

/** The Chinese reason of a failed sign-in: the server's own words (wrong code, locked until HH:MM, too many requests). */
const reasonOf = (e: unknown) => (e instanceof ApiError ? e.message : '登录失败，请稍后再试');

/**
 * H5 portal sign-in. The demo server (GET /meta → devLogin) offers role login; otherwise citizens and owners
 * sign in by phone + SMS code or WeChat QR, staff by account, password and a 动态验证码 (TOTP).
 */
export default function LoginPanel() {
  const [meta, setMeta] = useState<Meta | null>(null);
  const [problem, setProblem] = useState<PageProblem | null>(null);
  const [method, setMethod] = useState<Method>('sms');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [phone, setPhone] = useState('');
  const [smsCode, setSmsCode] = useState('');
  const [resendIn, setResendIn] = useState(0);
  const [account, setAccount] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [step, setStep] = useState<1 | 2>(1);

  const load = () => {
    setProblem(null);
    fetchMeta()
      .then((m) => {
        // A server from before web sign-in answers without signIn: staff sign-in only.
        const signIn = m.signIn ?? { sms: false, wechatQr: false, staff: true };
        setMeta({ ...m, signIn });
        if (!signIn.sms) setMethod(signIn.wechatQr ? 'wechat' : 'staff');
      })
      .catch((e: unknown) => setProblem(problemOf(e)));
  };
  useEffect(load, []);

  // Back from the WeChat QR page: /pages/login/index?code=…&state=…
  useEffect(() => {
    const q = new URLSearchParams(window.location.search);
    const code = q.get('code');
    const state = q.get('state');
    if (!code || !state) return;
    window.history.replaceState(null, '', window.location.pathname);
    setMethod('wechat');
    run(() => wechatWebLogin(code, state));
  }, []);

  useEffect(() => {
    if (resendIn <= 0) return undefined;
    const t = setTimeout(() => setResendIn(resendIn - 1), 1000);
    return () => clearTimeout(t);
  }, [resendIn]);

  function run(action: () => Promise<unknown>) {
    if (busy) return;
    setBusy(true);
    setError('');
    action()
      .then(() => {
        void Taro.showToast({ title: '登录成功', icon: 'success', duration: 1200 });
        returnAfterLogin();
      })
      .catch((e: unknown) => setError(reasonOf(e)))
      .finally(() => setBusy(false));
  }

  if (problem) return <EmptyState problem={problem} onRetry={load} />;
  if (!meta) return <EmptyState status='loading' />;
  if (meta.devLogin) return <DevRolePicker />;

  const methods = (['sms', 'wechat', 'staff'] as Method[]).filter((m) => (m === 'sms' ? meta.signIn.sms : m === 'wechat' ? meta.signIn.wechatQr : meta.signIn.staff));

  const sendCode = () => {
    if (!/^1[3-9]\d{9}$/.test(phone.trim())) { setError('请输入 11 位手机号'); return; }
    setError('');
    sendSmsCode(phone.trim())
      .then((r) => { setResendIn(r.resendAfterSeconds); void Taro.showToast({ title: '验证码已发送', icon: 'none' }); })
      .catch((e: unknown) => setError(reasonOf(e)));
  };

  const pick = (m: Method) => { setMethod(m); setError(''); };

  return (
    <View className='card login__panel'>
      <View className='login__tabs' {...a11y({ label: '登录方式' })}>
        {methods.map((m) => (
          <View key={m} className={`login__tab${m === method ? ' login__tab--on' : ''}`} data-method={m}
            {...a11y({ role: 'radio', checked: m === method, onActivate: () => pick(m) })} onClick={() => pick(m)}>
            <Text>{LABELS[m]}</Text>
          </View>
        ))}
      </View>

      {method === 'sms' ? (
        <View className='login__form' data-form='sms'>
          <Field label='手机号' name='phone' type='number' maxlength={11} value={phone} onInput={setPhone} placeholder='11 位手机号' />
          <Field label='短信验证码' name='smsCode' type='number' maxlength={6} value={smsCode} onInput={setSmsCode} placeholder='6 位数字' />
          <ActionButton variant='default' block disabled={resendIn > 0} onClick={sendCode}>
            {resendIn > 0 ? `${resendIn} 秒后可重新获取` : '获取验证码'}
          </ActionButton>
          <ActionButton variant='primary' block disabled={busy} onClick={() => {
            if (!/^\d{6}$/.test(smsCode.trim())) { setError('验证码为 6 位数字'); return; }
            run(() => smsLogin(phone.trim(), smsCode.trim()));
          }}>登录</ActionButton>
          <Text className='muted login__public'>未注册的手机号验证后即创建账号；在小程序中绑定过该手机号的，登录后为同一账号。</Text>
        </View>
      ) : null}

      {method === 'wechat' ? (
        <View className='login__form' data-form='wechat'>
          <Text className='muted login__public'>打开微信扫码页面，用手机微信扫描二维码并确认，即可登录与小程序相同的账号。</Text>
          <ActionButton variant='primary' block disabled={busy} onClick={() => {
            setError('');
            wechatQrUrl().then((url) => { window.location.href = url; }).catch((e: unknown) => setError(reasonOf(e)));
          }}>打开微信扫码</ActionButton>
        </View>
      ) : null}

      {method === 'staff' ? (
        <View className='login__form' data-form='staff'>
          {step === 1 ? (
            <>
              <Field label='登录账号' name='account' value={account} onInput={setAccount} maxlength={32} placeholder='工作人员账号' />
              <Field label='密码' name='password' password value={password} onInput={setPassword} maxlength={128} placeholder='密码' />
              <ActionButton variant='primary' block onClick={() => {
                if (!account.trim() || !password) { setError('请输入登录账号和密码'); return; }
                setError('');
                setStep(2);
              }}>下一步</ActionButton>
            </>
          ) : (
            <>
              <Text className='muted login__public'>请输入身份验证器中「食品小作坊服务平台」的 6 位动态验证码。</Text>
              <Field label='动态验证码' name='totp' type='number' maxlength={6} value={totp} onInput={setTotp} placeholder='6 位数字' />
              <ActionButton variant='primary' block disabled={busy} onClick={() => {
                if (!/^\d{6}$/.test(totp.trim())) { setError('动态验证码为 6 位数字'); return; }
                run(() => staffLogin(account.trim(), password, totp.trim()).catch((e: unknown) => { setTotp(''); throw e; }));
              }}>登录</ActionButton>
              <ActionButton variant='default' block onClick={() => { setStep(1); setTotp(''); setError(''); }}>返回修改账号或密码</ActionButton>
            </>
          )}
        </View>
      ) : null}

      {error ? <Text className='login__error' data-error {...a11y({ role: 'alert' })}>{error}</Text> : null}
    </View>
  );
}
