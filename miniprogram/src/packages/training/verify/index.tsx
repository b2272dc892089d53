import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Field from '@/components/Field';
import Page from '@/components/Page';
import { problemOf, type PageProblem } from '@/hooks/pageProblem';
import { ApiError } from '@/services/request';
import { a11y } from '@/utils/a11y';
import { beijingDate } from '@/utils/time';
import { trainingApi, type TrainingCertificate } from '../lib/api';
import '../lib/training.scss';
import '@/styles/verify.scss';

type Result = { kind: 'found'; cert: TrainingCertificate } | { kind: 'unknown'; number: string } | { kind: 'error'; problem: PageProblem; number: string } | null;

/** Reached by scanning the QR on a training certificate (the server's trainingVerifyPath); anyone, no login. */
export default function VerifyTrainingCertificate() {
  const { params } = useRouter();
  const [input, setInput] = useState(params.no ? decodeURIComponent(params.no) : '');
  const [result, setResult] = useState<Result>(null);
  const [loading, setLoading] = useState(false);

  const check = async (raw: string) => {
    const no = raw.trim().toUpperCase();
    if (!/^PX\d{10}$/.test(no)) { setResult({ kind: 'unknown', number: raw.trim() }); return; }
    setLoading(true);
    try {
      setResult({ kind: 'found', cert: await trainingApi.verify(no) });
    } catch (e) {
      setResult(e instanceof ApiError && e.status === 404 ? { kind: 'unknown', number: no } : { kind: 'error', problem: problemOf(e), number: no });
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    if (params.no) void check(decodeURIComponent(params.no));
    // Only for the number the page was opened with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [params.no]);

  const cert = result?.kind === 'found' ? result.cert : null;
  const kv = (k: string, v: string) => <View className='verify__kv' key={k}><Text className='verify__k'>{k}</Text><Text className='verify__v'>{v}</Text></View>;
  return (
    <Page className='verify'>
      {loading ? <EmptyState status='loading' title='正在核验…' /> : null}
      {cert && !loading ? (
        <View className='card verify__card'>
          <Text className='verify__status verify__status--valid' data-testid='verify-status' {...a11y({ role: 'status' })}>{cert.statusLabel}</Text>
          <Text className='verify__name' {...a11y({ role: 'heading', level: 1 })}>培训证书</Text>
          {kv('证书编号', cert.number)}
          {kv('参训人员', cert.attendeeName)}
          {kv('作坊', cert.workshop.name)}
          {kv('课程', cert.course.title)}
          {kv('类别', cert.course.categoryLabel)}
          {kv('学时', `${cert.course.hours} 学时`)}
          {kv('主讲', cert.trainerName)}
          {kv('培训日期', beijingDate(cert.sessionDate))}
          {kv('发证日期', beijingDate(cert.issuedAt))}
          <ActionButton block onClick={() => void Taro.navigateTo({ url: `/packages/credit/workshop/index?id=${cert.workshop.id}` })}>查看该作坊信用档案</ActionButton>
        </View>
      ) : null}
      {result?.kind === 'unknown' && !loading ? (
        <View className='card verify__card'>
          <Text className='verify__status verify__status--unknown' {...a11y({ role: 'alert' })}>未找到</Text>
          <Text className='verify__plain'>未找到该培训证书，可能是伪造或编号有误。</Text>
          {result.number ? <Text className='muted'>查询的编号：{result.number}</Text> : null}
        </View>
      ) : null}
      {result?.kind === 'error' && !loading ? <EmptyState problem={result.problem} title={`暂时无法核验：${result.problem.title}`} onRetry={() => void check(result.number)} /> : null}

      <View className='card'>
        <Text className='card__title'>输入培训证书编号核验</Text>
        <Field label='培训证书编号' name='verify.number' value={input} maxlength={12} placeholder='如 PX2026000001' onInput={setInput} />
        <ActionButton variant='primary' block onClick={() => void check(input)}>核验</ActionButton>
      </View>
    </Page>
  );
}
