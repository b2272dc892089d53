import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { HERITAGE_KINDS } from '@shared/domain/programs';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Page from '@/components/Page';
import { ROUTES } from '@/constants/routes';
import { notFound, problemOf } from '@/hooks/pageProblem';
import { usePageData } from '@/hooks/usePageData';
import { redirectToLogin } from '@/services/navigation';
import { useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { beijingToday } from '@/utils/time';
import ProgramEligibleMark from '../components/ProgramEligibleMark';
import ProgramRuleList from '../components/ProgramRuleList';
import { applyState, issuerText, windowText } from '../lib/programFormat';
import { programsApi, type Eligibility } from '../lib/programsApi';
import { PROGRAM_ROUTES } from '../lib/programRoutes';
import '../lib/programs.scss';

function Kv({ k, v }: { k: string; v: string }) {
  return (
    <View className='kv'>
      <Text className='kv__k'>{k}</Text>
      <Text className='kv__v'>{v}</Text>
    </View>
  );
}

/**
 * A program: what it is, who issues it, places, window, materials, the rules in words, notice days, validity,
 * subsidy; for a signed-in owner their eligibility rule by rule and 申报 when eligible and open (else why
 * not); the current 公示.
 */
export default function ProgramDetail() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const { token, user } = useAppState();
  const isOwner = !!token && !!user?.roles.includes('owner');
  const { state, retry } = usePageData(async () => {
    if (!/^[a-f0-9]{24}$/.test(id)) throw notFound();
    const year = Number(beijingToday().slice(0, 4));
    const [p, notice, elig, mine] = await Promise.all([
      programsApi.program(id),
      programsApi.notice(id).catch(() => null),
      // No workshop (404) or another failure: the page shows the program and says why there is no check.
      isOwner ? programsApi.eligibility(id).then((e): Eligibility | 'none' | 'error' => e, (e) => (problemOf(e).status === 'missing' ? 'none' : 'error')) : Promise.resolve(null),
      isOwner ? programsApi.mine().catch(() => []) : Promise.resolve([]),
    ]);
    const application = mine.find((a) => a.program.id === id && a.year === year && a.status !== 'withdrawn') ?? null;
    return { p, notice, elig, application };
  }, { deps: [id, isOwner], onShow: true, pullDownRefresh: true });

  if (state.status === 'loading') return <Page><EmptyState status='loading' /></Page>;
  if (state.status !== 'ready') return <Page><EmptyState problem={state} title={state.status === 'missing' ? '未找到该项目' : undefined} onRetry={retry} /></Page>;
  const { p, notice, elig, application } = state.data;
  const e = elig && typeof elig === 'object' ? elig : null;
  const { canApply, reason } = applyState({
    open: p.open, signedIn: !!token, hasWorkshop: elig !== 'none' && (!isOwner || elig !== null),
    eligible: e ? e.eligible : null, applicationStatus: application?.status ?? null,
  });
  const go = (url: string) => void Taro.navigateTo({ url });

  return (
    <Page className='program-detail'>
      <View className='card pg-head'>
        <Text className='pg-title' {...a11y({ role: 'heading', level: 1 })}>{p.name}</Text>
        <Text className='pg-meta'>{p.kindLabel} · {issuerText(p)}</Text>
        <Text className={p.open ? 'pg-state' : 'pg-state pg-state--muted'}>{p.open ? '正在申报' : '不在申报时间内'}</Text>
        {p.description ? <Text className='pg-desc'>{p.description}</Text> : null}
        <View className='pg-kvs'>
          <Kv k='发布单位' v={`${p.issuer}（${p.levelLabel}）`} />
          <Kv k='适用区域' v={p.region.name} />
          <Kv k='申报时间' v={windowText(p)} />
          <Kv k='名额' v={`每年 ${p.quota.perYear} 个（${p.quota.scopeLabel}）`} />
          <Kv k='评审' v={p.reviewSteps.join(' → ') || '—'} />
          <Kv k='公示期' v={`${p.noticeDays} 个工作日`} />
          <Kv k='称号有效期' v={`${p.validityYears} 年`} />
          {p.subsidy ? <Kv k='补贴' v={p.subsidy.label} /> : null}
          {HERITAGE_KINDS.includes(p.kind) ? <Kv k='展示' v='获评后可编写非遗故事页，在“非遗美食”中展示' /> : null}
        </View>
      </View>

      <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>申报条件</Text>
      <View className='card' data-testid='program-rules'>
        {p.rules.length ? p.rules.map((r) => <Text key={`${r.kind}:${r.summary}`} className='pg-desc'>• {r.summary}</Text>) : <Text className='muted'>无特别条件。</Text>}
      </View>

      <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>申报材料</Text>
      <View className='card'>
        {p.materials.length
          ? p.materials.map((m) => <Text key={m.code} className='pg-desc'>• {m.label}{m.required ? '（必交）' : '（选交）'}</Text>)
          : <Text className='muted'>只需填写申报说明。</Text>}
      </View>

      <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>我的申报</Text>
      <View className='card' data-testid='my-eligibility'>
        {!token ? (
          <>
            <Text className='pg-meta'>登录后查看您的作坊是否符合条件。</Text>
            <ActionButton variant='primary' block onClick={() => redirectToLogin()}>登录</ActionButton>
          </>
        ) : null}
        {token && !isOwner ? <Text className='muted'>作坊业主登录后可申报。</Text> : null}
        {elig === 'none' ? (
          <>
            <Text className='pg-meta'>您名下还没有登记的作坊。</Text>
            <ActionButton block onClick={() => go(ROUTES.registration)}>去办理登记</ActionButton>
          </>
        ) : null}
        {elig === 'error' ? <EmptyState inline status='error' title='未能核对申报条件' description='请稍后重试' onRetry={retry} /> : null}
        {e ? (
          <>
            <Text className='pg-meta'>作坊：{e.workshop.name}</Text>
            <ProgramEligibleMark eligible={e.eligible} />
            <ProgramRuleList rules={e.rules} />
          </>
        ) : null}
        {application ? (
          <Text className='pg-state' data-status={application.status}>本年度申报：{application.statusLabel}</Text>
        ) : null}
        {canApply ? (
          <ActionButton variant='primary' block onClick={() => go(`${PROGRAM_ROUTES.apply}?id=${p.id}`)}>申报</ActionButton>
        ) : token && isOwner && reason && elig !== 'none' ? (
          <Text className='pg-reason' data-testid='apply-reason'>{reason}</Text>
        ) : null}
        {application ? <ActionButton block onClick={() => go(PROGRAM_ROUTES.mine)}>查看我的申报</ActionButton> : null}
      </View>

      <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>公示</Text>
      <View className='card'>
        <Text className='pg-meta'>{notice?.entries.length ? `${notice.entries.length} 家作坊正在公示，公示期内可提出异议。` : '目前没有正在公示的作坊。'}</Text>
        <ActionButton block onClick={() => go(`${PROGRAM_ROUTES.notice}?id=${p.id}`)}>查看公示名单</ActionButton>
        <ActionButton block onClick={() => go(`${PROGRAM_ROUTES.awards}?programId=${p.id}`)}>查看获评作坊</ActionButton>
      </View>
    </Page>
  );
}
