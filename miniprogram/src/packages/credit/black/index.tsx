import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import Page from '@/components/Page';
import PagedList from '@/components/PagedList';
import { ROUTES } from '@/constants/routes';
import { usePagedList } from '@/hooks/usePagedList';
import { creditApi, type BlackWorkshop, type Region } from '@/services/credit';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDate } from '@/utils/time';
import '../lib/credit.scss';
import './index.scss';

/**
 * 曝光黑作坊: confirmed unlicensed production sites, newest first. Only the site's name, area, food
 * and date: no operator, no address, no tipster (the server sends nothing more).
 */
export default function BlackList() {
  const [chain, setChain] = useState<Region[]>([]);
  const [options, setOptions] = useState<Region[]>([]);
  const [picking, setPicking] = useState(false);
  const region = chain[chain.length - 1];
  const list = usePagedList<BlackWorkshop>((p) => creditApi.black({ region: region?.code, page: p }), { deps: [region?.code] });

  // The next level down, to the county.
  useEffect(() => {
    let live = true;
    if (region && (region.level === 'county' || !region.hasChildren)) { setOptions([]); return; }
    creditApi.regions(region?.code).then((list) => live && setOptions(list.filter((r) => r.level !== 'township'))).catch(() => live && setOptions([]));
    return () => { live = false; };
  }, [region?.code]);

  const crumbs = [{ label: '全国', to: [] as Region[] }, ...chain.map((r, i) => ({ label: r.name, to: chain.slice(0, i + 1) }))];
  return (
    <Page className='black'>
      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 1 })}>曝光黑作坊</Text>
        <Text className='muted black__lead'>以下为经监管部门查实的无证生产加工点。请勿购买来历不明的食品；发现线索可以举报，查实有奖。</Text>
        <View className='black__crumbs'>
          {crumbs.map((c, i) => {
            const go = () => setChain(c.to);
            const current = i === crumbs.length - 1;
            return (
              <Text key={c.label + i} className={cx('black__crumb', current && 'black__crumb--current')} onClick={go} {...a11y({ role: 'button', label: i === 0 ? '全国（不限地区）' : `只看${c.label}`, onActivate: go })}>
                {i > 0 ? '› ' : ''}{c.label}
              </Text>
            );
          })}
        </View>
        <ActionButton onClick={() => setPicking(!picking)}>{picking ? '收起地区' : '按地区筛选'}</ActionButton>
        {picking && options.length ? (
          <View className='black__regions'>
            {options.map((r) => {
              const pick = () => setChain([...chain, r]);
              return (
                <Text key={r.code} className='chip black__region' data-code={r.code} onClick={pick} {...a11y({ role: 'button', label: `只看${r.name}`, onActivate: pick })}>
                  {r.name}
                </Text>
              );
            })}
          </View>
        ) : null}
      </View>

      <Text className='black__count' {...a11y({ role: 'status' })}>
        {list.state.status === 'loading' && !list.items.length ? '正在加载…' : list.state.status === 'ready' ? `${region ? region.name : '全国'}共 ${list.total} 处` : ''}
      </Text>

      <PagedList list={list} loading={null} empty={{ title: '该地区暂无曝光的黑作坊', description: '如发现无证生产，欢迎举报。' }}>
        {(items) => (
          <View className='list'>
            {items.map((b) => (
              <View key={b.id} className='list-row black__row' data-id={b.id}>
                <View className='list-row__main'>
                  <Text className='black__name'>{b.name}</Text>
                  <Text className='list-row__desc'>{b.region?.name ?? ''}{b.categories?.length ? ` · ${b.categories.join('、')}` : ''}</Text>
                  <Text className='list-row__desc'>查实日期：{beijingDate(b.confirmedAt)}</Text>
                </View>
                <Text className='tag tag--danger'>无证</Text>
              </View>
            ))}
          </View>
        )}
      </PagedList>

      <ActionButton variant='primary' block className='black__report' onClick={() => void Taro.switchTab({ url: ROUTES.report })}>我要举报黑作坊</ActionButton>
    </Page>
  );
}
