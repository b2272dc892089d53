import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { CertificateView } from '@shared/schemas/registration';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Field from '@/components/Field';
import Page from '@/components/Page';
import { problemOf, type PageProblem } from '@/hooks/pageProblem';
import { ApiError, api } from '@/services/request';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDate } from '@/utils/time';

/** Seeded addresses already start with the region; those typed in the form do not. */
const fullAddress = (w: { address: string; regionName: string }) => (w.address.startsWith(w.regionName) ? w.address : `${w.regionName}${w.address}`);
import '@/styles/verify.scss';

type Result = { kind: 'found'; cert: CertificateView } | { kind: 'unknown'; number: string } | { kind: 'error'; problem: PageProblem; number: string } | null;

/** Reached by scanning the QR on a certificate; anyone, no login. */
export default function VerifyCertificate() {
  const { params } = useRouter();
  const [input, setInput] = useState(params.no ?? '');
  const [result, setResult] = useState<Result>(null);
  const [loading, setLoading] = useState(false);

  const check = async (raw: string) => {
    const no = raw.trim().toUpperCase();
    if (!/^[A-Z0-9-]{6,40}$/.test(no)) { setResult({ kind: 'unknown', number: raw.trim() }); return; }
    setLoading(true);
    try {
      setResult({ kind: 'found', cert: await api.get<CertificateView>(`/certificates/${encodeURIComponent(no)}/verify`, undefined, { toast: false, authRedirect: false }) });
    } catch (e) {
      setResult(e instanceof ApiError && e.status === 404 ? { kind: 'unknown', number: no } : { kind: 'error', problem: problemOf(e), number: no });
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    if (params.no) void check(params.no);
    // Only for the number the page was opened with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [params.no]);

  const cert = result?.kind === 'found' ? result.cert : null;
  return (
    <Page className='verify'>
      {loading ? <EmptyState status='loading' title='正在核验…' /> : null}
      {cert ? (
        <View className='card verify__card'>
          <Text className={cx('verify__status', `verify__status--${cert.status}`)} data-testid='verify-status' {...a11y({ role: 'status' })}>{cert.statusLabel}</Text>
          <Text className='verify__name' {...a11y({ role: 'heading', level: 1 })}>{cert.workshop.name}</Text>
          <View className='verify__kv'><Text className='verify__k'>登记证编号</Text><Text className='verify__v'>{cert.number}</Text></View>
          <View className='verify__kv'><Text className='verify__k'>经营者</Text><Text className='verify__v'>{cert.ownerName ?? '—'}</Text></View>
          <View className='verify__kv'><Text className='verify__k'>地址</Text><Text className='verify__v'>{fullAddress(cert.workshop)}</Text></View>
          <View className='verify__kv'><Text className='verify__k'>生产品种</Text><Text className='verify__v'>{(cert.scope ?? []).join('、')}</Text></View>
          <View className='verify__kv'><Text className='verify__k'>食品类别</Text><Text className='verify__v'>{(cert.categories ?? []).join('、')}</Text></View>
          <View className='verify__kv'><Text className='verify__k'>有效期</Text><Text className='verify__v'>{beijingDate(cert.issuedAt)} 至 {beijingDate(cert.expiresAt)}</Text></View>
          <View className='verify__kv'><Text className='verify__k'>发证机关</Text><Text className='verify__v'>{cert.issuer}</Text></View>
          {cert.status !== 'valid' ? <Text className='notice verify__warn'>该登记证当前{cert.statusLabel}，不能作为合法生产的凭证。</Text> : null}
          <ActionButton block onClick={() => void Taro.navigateTo({ url: `/packages/credit/workshop/index?id=${cert.workshop.id}` })}>查看该作坊信用档案</ActionButton>
        </View>
      ) : null}
      {result?.kind === 'unknown' ? (
        <View className='card verify__card'>
          <Text className='verify__status verify__status--unknown' {...a11y({ role: 'alert' })}>未找到</Text>
          <Text className='verify__plain'>未找到该登记证，可能是伪造或编号有误。</Text>
          {result.number ? <Text className='muted'>查询的编号：{result.number}</Text> : null}
          <Text className='muted'>如怀疑是无证生产，可以举报。</Text>
        </View>
      ) : null}
      {result?.kind === 'error' && !loading ? <EmptyState problem={result.problem} title={`暂时无法核验：${result.problem.title}`} onRetry={() => void check(result.number)} /> : null}

      <View className='card'>
        <Text className='card__title'>输入登记证编号核验</Text>
        <Field label='登记证编号' name='verify.number' value={input} maxlength={40} placeholder='如 JY45020320260001' onInput={setInput} />
        <ActionButton variant='primary' block onClick={() => void check(input)}>核验</ActionButton>
      </View>
    </Page>
  );
}
