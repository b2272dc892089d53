import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import ListRow from '@/components/ListRow';
import Page from '@/components/Page';
import PagedList from '@/components/PagedList';
import { CREDIT_ROUTES } from '@/constants/credit';
import { usePagedList } from '@/hooks/usePagedList';
import { a11y } from '@/utils/a11y';
import { beijingDate } from '@/utils/time';
import { drawsApi, type DrawRow } from '../lib/draws';
import '../lib/credit.scss';
import './draws.scss';

/** 双随机抽查公示: every draw task, newest first; each opens its commitment, seed and drawn list. */
export default function DrawList() {
  const list = usePagedList<DrawRow>((p) => drawsApi.list({ page: p }));

  return (
    <Page className='draws'>
      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 1 })}>双随机抽查公示</Text>
        <Text className='muted draws__lead'>随机抽取检查对象、随机选派执法人员，抽查结果向社会公开。抽取前先公布随机种子的哈希值，抽取后公开种子，任何人都可以复算核验名单。</Text>
      </View>

      <Text className='muted' {...a11y({ role: 'status' })}>{list.state.status === 'loading' && !list.items.length ? '正在加载…' : list.state.status === 'ready' ? `共 ${list.total} 项抽查任务` : ''}</Text>

      <PagedList list={list} loading={null} empty={{ title: '暂无双随机抽查任务', description: '监管部门发布抽查任务后会在这里公示。' }}>
        {(items) => (
          <View className='list'>
            {items.map((d) => {
              const open = () => void Taro.navigateTo({ url: `${CREDIT_ROUTES.drawDetail}?id=${d.id}` });
              return (
                <ListRow key={d.id} onOpen={open} className='draws__row' data-id={d.id}>
                  <Text className='draws__title'>{d.title}</Text>
                  <Text className='list-row__desc'>{d.region?.name ?? ''} · 抽取 {d.sharePercent}% · {d.periodStart} 至 {d.periodEnd}</Text>
                  <Text className='list-row__desc'>{d.statusLabel}{d.drawnAt ? `（${beijingDate(d.drawnAt)} 抽中 ${d.count ?? 0} 户）` : ''}</Text>
                </ListRow>
              );
            })}
          </View>
        )}
      </PagedList>
    </Page>
  );
}
