import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { HERITAGE_KINDS, TEACHING_KINDS } from '@shared/domain/programs';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Page from '@/components/Page';
import { usePageData } from '@/hooks/usePageData';
import { redirectToLogin } from '@/services/navigation';
import { useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDate } from '@/utils/time';
import ProgramAnswerBox from '../components/ProgramAnswerBox';
import { programsApi, type Application, type Award } from '../lib/programsApi';
import { PROGRAM_ROUTES } from '../lib/programRoutes';
import '../lib/programs.scss';

const TONE: Record<Application['status'], string> = {
  submitted: '', under_review: '', in_notice: 'pg-state--warn', awarded: '', rejected: 'pg-state--muted', withdrawn: 'pg-state--muted',
};

/** 我的申报: each application with its status in words, reviewer questions with an answer box, 撤回 with a confirmation; the awards I hold. */
export default function MyPrograms() {
  const { token } = useAppState();
  const { state, retry, reload, setData } = usePageData(async () => {
    const apps = await programsApi.mine();
    // The awards of granted applications; one that cannot be read is left out.
    const ids = [...new Set(apps.map((a) => a.awardId).filter((x): x is string => !!x))];
    const awards = (await Promise.all(ids.map((i) => programsApi.award(i).catch(() => null)))).filter((x): x is Award => !!x);
    return { apps, awards };
  }, { enabled: !!token, onShow: true, pullDownRefresh: true });
  const go = (url: string) => void Taro.navigateTo({ url });

  if (!token) {
    return (
      <Page>
        <EmptyState status='empty' title='登录后查看我的申报' description='申报进度、评审提问和获得的称号都在这里' actions={[{ text: '登录', variant: 'primary', onClick: () => redirectToLogin() }]} />
      </Page>
    );
  }
  if (state.status === 'loading') return <Page><EmptyState status='loading' /></Page>;
  if (state.status !== 'ready') return <Page><EmptyState problem={state} onRetry={retry} /></Page>;
  const { apps, awards } = state.data;
  if (!apps.length) {
    return (
      <Page>
        <EmptyState status='empty' title='还没有申报记录' description='查看适合您作坊的示范单位、非遗等项目' actions={[{ text: '查看项目', variant: 'primary', onClick: () => go(PROGRAM_ROUTES.index) }]} />
      </Page>
    );
  }

  const replace = (a: Application) => setData({ apps: apps.map((x) => (x.id === a.id ? a : x)), awards });
  const withdraw = async (a: Application) => {
    const { confirm } = await Taro.showModal({
      title: '撤回申报',
      content: `确定撤回“${a.program.name}”的申报吗？撤回后本次申报结束，本年度需重新申报。`,
      confirmText: '确定撤回',
      confirmColor: '#b91c1c',
      cancelText: '再想想',
    });
    if (!confirm) return;
    try {
      replace(await programsApi.withdraw(a.id));
      void Taro.showToast({ title: '已撤回', icon: 'success' });
      void reload();
    } catch {
      // toasted
    }
  };

  return (
    <Page className='programs-mine'>
      {awards.length ? (
        <View data-section='awards'>
          <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>我获得的称号</Text>
          {awards.map((aw) => {
            const heritage = HERITAGE_KINDS.includes(aw.program.kind);
            return (
              <View key={aw.id} className='card' data-award={aw.id}>
                <Text className='tag tag--award'>{aw.badge}</Text>
                <Text className='pg-row__title'>{aw.program.name}</Text>
                <Text className='pg-meta'>{aw.workshop.name} · 授予单位：{aw.issuer}</Text>
                <Text className='pg-meta'>{beijingDate(aw.grantedAt)} 授予，有效期至 {beijingDate(aw.validUntil)} · {aw.statusLabel}</Text>
                {heritage ? (
                  <View className='pg-actions'>
                    <ActionButton variant='primary' onClick={() => go(`${PROGRAM_ROUTES.storyEdit}?id=${aw.id}`)}>
                      {TEACHING_KINDS.includes(aw.program.kind) ? '编写非遗故事 · 登记授徒' : '编写非遗故事'}
                    </ActionButton>
                    {aw.story ? <ActionButton onClick={() => go(`${PROGRAM_ROUTES.story}?id=${aw.id}`)}>查看故事页</ActionButton> : null}
                  </View>
                ) : null}
              </View>
            );
          })}
        </View>
      ) : null}

      <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>申报记录</Text>
      {apps.map((a) => (
        <View key={a.id} className='card' data-application={a.id} data-status={a.status}>
          <Text className='pg-row__title'>{a.program.name}</Text>
          <Text className='pg-meta'>{a.workshop.name} · {a.year} 年度 · {beijingDate(a.submittedAt)} 提交</Text>
          <Text className={cx('pg-state', TONE[a.status])} data-testid='application-status'>{a.statusLabel}</Text>
          {a.status === 'in_notice' && a.noticeUntil ? <Text className='pg-meta'>公示期：{a.noticeFrom ?? ''} 至 {a.noticeUntil}，公示无异议后授予称号</Text> : null}
          {a.decisionNote ? <Text className='pg-meta'>评审意见：{a.decisionNote}</Text> : null}
          {a.questions.map((q) => (
            <View key={q.id} className='pg-qa' data-question={q.id}>
              <Text className='pg-meta'>评审提问（{beijingDate(q.askedAt)}）</Text>
              <Text className='pg-desc'>{q.question}</Text>
              {q.answer ? (
                <Text className='pg-meta'>我的答复（{beijingDate(q.answeredAt)}）：{q.answer}</Text>
              ) : a.canAnswer ? (
                <ProgramAnswerBox applicationId={a.id} questionId={q.id} onAnswered={replace} />
              ) : (
                <Text className='muted'>未答复</Text>
              )}
            </View>
          ))}
          <View className='pg-actions'>
            <ActionButton onClick={() => go(`${PROGRAM_ROUTES.detail}?id=${a.program.id}`)}>项目详情</ActionButton>
            {a.status === 'in_notice' ? <ActionButton onClick={() => go(`${PROGRAM_ROUTES.notice}?id=${a.program.id}`)}>公示名单</ActionButton> : null}
            {a.canWithdraw ? <ActionButton variant='danger' onClick={() => void withdraw(a)}>撤回申报</ActionButton> : null}
          </View>
        </View>
      ))}
    </Page>
  );
}
