import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { APPLICATION_STATUS_LABELS } from '@shared/domain/programs';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import ListRow from '@/components/ListRow';
import Page from '@/components/Page';
import { ROUTES } from '@/constants/routes';
import { problemOf, type PageProblem } from '@/hooks/pageProblem';
import { usePageData } from '@/hooks/usePageData';
import { redirectToLogin } from '@/services/navigation';
import { useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import ProgramEligibleMark from '../components/ProgramEligibleMark';
import ProgramRuleList from '../components/ProgramRuleList';
import { groupByKind, issuerText, windowText } from '../lib/programFormat';
import { programsApi, type ForMe, type Program } from '../lib/programsApi';
import { PROGRAM_ROUTES } from '../lib/programRoutes';
import '../lib/programs.scss';

/** The owner's part of the page: their programs, or why there are none (no workshop, a failed load). */
type ForMePart = { kind: 'none' } | { kind: 'ready'; data: ForMe } | { kind: 'noWorkshop' } | { kind: 'error'; problem: PageProblem };

/**
 * 非遗与品牌: for a signed-in owner, 适合我的项目 first (each with 符合条件 ✓ / 暂不符合 ✗ and what to do for
 * each failed rule), then every program open now grouped by kind with its issuing level and window.
 */
export default function ProgramsIndex() {
  const { token, user } = useAppState();
  const isOwner = !!token && !!user?.roles.includes('owner');
  const { state, retry } = usePageData(async () => {
    const forMe: Promise<ForMePart> = isOwner
      ? programsApi.forMe().then(
        (data) => ({ kind: 'ready' as const, data }),
        (e) => {
          const p = problemOf(e);
          return p.status === 'missing' ? { kind: 'noWorkshop' as const } : { kind: 'error' as const, problem: p };
        },
      )
      : Promise.resolve({ kind: 'none' as const });
    const [programs, mine] = await Promise.all([programsApi.programs(), forMe]);
    return { programs, mine };
  }, { deps: [isOwner], onShow: true, pullDownRefresh: true });

  const go = (url: string) => void Taro.navigateTo({ url });
  const open = (p: Program) => go(`${PROGRAM_ROUTES.detail}?id=${p.id}`);
  const links = (
    <View className='pg-links'>
      {token ? <ActionButton onClick={() => go(PROGRAM_ROUTES.mine)}>我的申报</ActionButton> : null}
      <ActionButton onClick={() => go(PROGRAM_ROUTES.awards)}>获评名单</ActionButton>
      <ActionButton onClick={() => go(PROGRAM_ROUTES.gallery)}>非遗美食</ActionButton>
    </View>
  );
  if (state.status === 'loading') return <Page className='programs'>{links}<EmptyState status='loading' /></Page>;
  if (state.status !== 'ready') return <Page className='programs'>{links}<EmptyState problem={state} onRetry={retry} /></Page>;
  const { programs, mine } = state.data;
  const openNow = programs.filter((p) => p.open);
  const groups = groupByKind(openNow, (p) => p.kind);

  return (
    <Page className='programs'>
      {links}
      {!token ? (
        <View className='card'>
          <Text className='pg-meta'>作坊业主登录后，可查看适合本作坊的项目和是否符合申报条件。</Text>
          <ActionButton variant='primary' block onClick={() => redirectToLogin(PROGRAM_ROUTES.index)}>登录查看适合我的项目</ActionButton>
        </View>
      ) : null}
      {mine.kind !== 'none' ? (
        <View data-section='for-me'>
          <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>
            适合我的项目{mine.kind === 'ready' ? `（${mine.data.workshop.name}）` : ''}
          </Text>
          {mine.kind === 'noWorkshop' ? (
            <EmptyState status='empty' title='您名下还没有登记的作坊' description='办理食品小作坊登记后，可申报示范单位、非遗等项目' actions={[{ text: '去办理登记', variant: 'primary', onClick: () => go(ROUTES.registration) }]} />
          ) : null}
          {mine.kind === 'error' ? <EmptyState inline problem={mine.problem} title='适合我的项目加载失败' onRetry={retry} /> : null}
          {mine.kind === 'ready' && !mine.data.programs.length ? (
            <EmptyState status='empty' title='暂无适合您作坊的项目' description='本地区正在申报的项目会显示在这里' />
          ) : null}
          {mine.kind === 'ready'
            ? mine.data.programs.map((it) => (
              <View key={it.program.id} className='card' data-program={it.program.id} data-eligible={it.eligible ? '1' : '0'}>
                <ListRow onOpen={() => open(it.program)}>
                  <Text className='pg-row__title'>{it.program.name}</Text>
                  <Text className='pg-meta'>{it.program.kindLabel} · {issuerText(it.program)}</Text>
                  <Text className='pg-meta'>申报时间：{windowText(it.program)}</Text>
                </ListRow>
                <ProgramEligibleMark eligible={it.eligible} />
                {it.applicationStatus ? <Text className='pg-state' data-status={it.applicationStatus}> 本年度：{APPLICATION_STATUS_LABELS[it.applicationStatus]}</Text> : null}
                <ProgramRuleList rules={it.rules} onlyFailed />
              </View>
            ))
            : null}
        </View>
      ) : null}

      <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>正在申报的项目</Text>
      {!groups.length ? <EmptyState status='empty' title='暂无正在申报的项目' description='项目开放申报后会显示在这里；可先看看已获评的作坊和非遗美食' /> : null}
      {groups.map((g) => (
        <View key={g.kind} data-kind={g.kind}>
          <Text className='pg-meta pg-group'>{g.label}</Text>
          <View className='list card'>
            {g.items.map((p) => (
              <ListRow key={p.id} data-open-program={p.id} onOpen={() => open(p)}>
                <Text className='pg-row__title'>{p.name}</Text>
                <Text className='list-row__desc'>{issuerText(p)} · {p.region.name}</Text>
                <Text className='list-row__desc'>申报时间：{windowText(p)} · 每年 {p.quota.perYear} 个名额（{p.quota.scopeLabel}）</Text>
              </ListRow>
            ))}
          </View>
        </View>
      ))}
    </Page>
  );
}
