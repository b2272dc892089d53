import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { CATEGORIES, type CategoryCode } from '@shared/domain/categories';
import { PROGRAM_KIND_LABELS } from '@shared/domain/programs';
import { RISK_GRADES, RISK_GRADE_INFO, type RiskGrade } from '@shared/domain/risk';
import ActionButton from '@/components/ActionButton';
import GradeBadge from '@/components/GradeBadge';
import ListRow from '@/components/ListRow';
import Page from '@/components/Page';
import PagedList from '@/components/PagedList';
import { CREDIT_ROUTES, takePendingSearch } from '@/constants/credit';
import { usePagedList } from '@/hooks/usePagedList';
import { certificateText, creditApi, type Region, type SearchSort, type WorkshopSummary } from '@/services/credit';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDate } from '@/utils/time';
import RegionFilter from './RegionFilter';
import './index.scss';

const SORTS: Array<{ key: SearchSort; label: string }> = [
  { key: 'relevance', label: '相关度' },
  { key: 'name', label: '名称' },
  { key: 'inspected', label: '最近检查' },
];

interface Filters {
  q: string;
  region: Region[]; // the chosen chain, province → county; the last one filters
  category: CategoryCode | null;
  grade: RiskGrade | null;
  /** 荣誉称号 (a program's badge). */
  badge: string | null;
  sort: SearchSort;
}
/** The badges programs give (their kinds' names; a program may name its own, searchable by name). */
const BADGES = Object.values(PROGRAM_KIND_LABELS);
const EMPTY: Filters = { q: '', region: [], category: null, grade: null, badge: null, sort: 'relevance' };

type Panel = 'region' | 'category' | 'grade' | 'badge' | null;

/** 查询 tab: public credit search by name (汉字, 全拼, 首字母), certificate number and filters. */
export default function Search() {
  const [keyword, setKeyword] = useState('');
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [panel, setPanel] = useState<Panel>(null);
  const region = filters.region[filters.region.length - 1]?.code;
  // Only the answer to the latest query reaches the screen (typing fast sends several).
  const list = usePagedList((page) => creditApi.search({
    q: filters.q || undefined,
    region,
    category: filters.category ?? undefined,
    grade: filters.grade ?? undefined,
    badge: filters.badge ?? undefined,
    sort: filters.sort,
    page,
  }), { deps: [filters.q, region, filters.category, filters.grade, filters.badge, filters.sort] });
  const { total, state } = list;

  // A new filter loads page 1 (the list hook follows `filters`); the same one asked again reloads it.
  const apply = (patch: Partial<Filters>) => {
    const next = { ...filters, ...patch };
    if (JSON.stringify(next) === JSON.stringify(filters)) void list.reload();
    else setFilters(next);
  };

  // Other pages (首页, a verify page) can hand over a keyword; a tab page takes no query string.
  useDidShow(() => {
    const q = takePendingSearch();
    if (q !== null) {
      setKeyword(q);
      apply({ q });
    }
  });

  const submit = () => {
    setPanel(null);
    apply({ q: keyword.trim() });
  };
  const clearAll = () => {
    setKeyword('');
    setPanel(null);
    apply(EMPTY);
  };
  const toggle = (p: Panel) => setPanel(panel === p ? null : p);
  const open = (w: WorkshopSummary) => void Taro.navigateTo({ url: `${CREDIT_ROUTES.workshop}?id=${w.id}` });

  const regionName = filters.region.length ? filters.region[filters.region.length - 1].name : '全部';
  const categoryName = filters.category ? CATEGORIES.find((c) => c.code === filters.category)?.name ?? '' : '全部';
  const gradeName = filters.grade ? `${filters.grade}级` : '全部';
  const filtered = filters.q !== '' || filters.region.length > 0 || !!filters.category || !!filters.grade || !!filters.badge;

  return (
    <Page className='search'>
      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 1 })}>查作坊信用</Text>
        <View className='search__bar'>
          <Input
            className='input search__input'
            type='text'
            value={keyword}
            maxlength={50}
            placeholder='名称、首字母或登记证号'
            confirmType='search'
            aria-label='作坊名称、拼音或登记证编号'
            onInput={(e) => setKeyword(e.detail.value)}
            onConfirm={submit}
          />
          <ActionButton variant='primary' className='search__btn' onClick={submit}>
            查询
          </ActionButton>
        </View>
        <Text className='muted search__hint'>支持汉字、全拼或首字母（如 lsf 查螺蛳粉），也可输入登记证编号。</Text>

        <View className='search__filters'>
          <FilterToggle title='地区' value={regionName} open={panel === 'region'} onClick={() => toggle('region')} />
          <FilterToggle title='类别' value={categoryName} open={panel === 'category'} onClick={() => toggle('category')} />
          <FilterToggle title='风险等级' value={gradeName} open={panel === 'grade'} onClick={() => toggle('grade')} />
          <FilterToggle title='荣誉称号' value={filters.badge ?? '全部'} open={panel === 'badge'} onClick={() => toggle('badge')} />
        </View>

        {panel === 'region' ? (
          <RegionFilter value={filters.region} onChange={(region) => apply({ region })} onDone={() => setPanel(null)} />
        ) : null}
        {panel === 'category' ? (
          <ChoiceGroup
            label='按食品类别筛选'
            options={[{ key: '', label: '全部类别' }, ...CATEGORIES.map((c) => ({ key: c.code, label: c.name }))]}
            value={filters.category ?? ''}
            onChange={(k) => { apply({ category: (k || null) as CategoryCode | null }); setPanel(null); }}
          />
        ) : null}
        {panel === 'grade' ? (
          <ChoiceGroup
            label='按风险等级筛选'
            options={[{ key: '', label: '全部等级' }, ...RISK_GRADES.map((g) => ({ key: g, label: RISK_GRADE_INFO[g].label }))]}
            value={filters.grade ?? ''}
            onChange={(k) => { apply({ grade: (k || null) as RiskGrade | null }); setPanel(null); }}
          />
        ) : null}

        {panel === 'badge' ? (
          <ChoiceGroup
            label='按荣誉称号筛选'
            options={[{ key: '', label: '全部' }, ...BADGES.map((b) => ({ key: b, label: b }))]}
            value={filters.badge ?? ''}
            onChange={(k) => { apply({ badge: k || null }); setPanel(null); }}
          />
        ) : null}

        <View className='search__sort'>
          <Text className='search__sort-label' aria-hidden='true'>排序</Text>
          <ChoiceGroup label='排序方式' options={SORTS} value={filters.sort} onChange={(k) => apply({ sort: k as SearchSort })} compact />
        </View>
      </View>

      <View className='list'>
        <ListRow onOpen={() => void Taro.navigateTo({ url: CREDIT_ROUTES.black })}>
          <Text className='search__black-title'>曝光黑作坊</Text>
          <Text className='list-row__desc'>已查实的无证生产点，按地区查看</Text>
        </ListRow>
        <ListRow onOpen={() => void Taro.navigateTo({ url: CREDIT_ROUTES.draws })} data-entry='draws'>
          <Text className='search__draws-title'>双随机抽查公示</Text>
          <Text className='list-row__desc'>抽查名单与随机种子，可自行核验</Text>
        </ListRow>
      </View>

      <View className='search__count-row'>
        <Text className='search__count' data-testid='search-count' {...a11y({ role: 'status' })}>
          {state.status === 'loading' ? '正在查询…' : state.status === 'ready' ? `共 ${total} 家作坊` : ''}
        </Text>
        {filtered ? (
          <Text className='link-btn search__clear' onClick={clearAll} {...a11y({ role: 'button', onActivate: clearAll })}>清除条件</Text>
        ) : null}
      </View>

      <PagedList
        list={list}
        errorTitle='查询失败'
        empty={{
          title: '没有找到相关作坊',
          description: '请检查名称或编号，试试拼音首字母，或减少筛选条件。',
          actions: filtered ? [{ text: '清除全部条件', onClick: clearAll }] : [],
        }}
        loading={(
          <View className='list' aria-hidden='true'>
            {[0, 1, 2].map((i) => (
              <View key={i} className='list-row search__skeleton'>
                <View className='search__skeleton-bar' />
              </View>
            ))}
          </View>
        )}
        end={<Text className='muted search__end'>已显示全部 {total} 家</Text>}
      >
        {(items) => (
          <View className={cx('list', state.status === 'loading' && 'search__list--stale')}>
            {items.map((w) => (
              <ListRow key={w.id} onOpen={() => open(w)} className='search__row' data-id={w.id}>
                <View className='search__row-head'>
                  <Text className='search__name'>{w.name}</Text>
                  <GradeBadge grade={w.riskGrade} />
                </View>
                <Text className='list-row__desc'>
                  {w.region?.name ?? ''} · {(w.categories ?? []).map((c) => c.name).join('、') || '类别未登记'}
                </Text>
                <Text className={cx('list-row__desc', w.certificateStatus !== 'valid' && 'search__cert--bad')}>
                  {certificateText(w)}
                  {w.lastInspectionAt ? ` · 最近检查 ${beijingDate(w.lastInspectionAt)}` : ' · 暂无检查记录'}
                </Text>
              </ListRow>
            ))}
          </View>
        )}
      </PagedList>
    </Page>
  );
}

function FilterToggle({ title, value, open, onClick }: { title: string; value: string; open: boolean; onClick: () => void }) {
  return (
    <View
      className={cx('search__toggle', open && 'search__toggle--open', value !== '全部' && 'search__toggle--set')}
      onClick={onClick}
      aria-expanded={open ? 'true' : 'false'}
      {...a11y({ role: 'button', label: `${title}：${value}`, onActivate: onClick })}
    >
      <Text className='search__toggle-title'>{title}</Text>
      <Text className='search__toggle-value'>{value}</Text>
    </View>
  );
}

export function ChoiceGroup({ label, options, value, onChange, compact }: {
  label: string;
  options: Array<{ key: string; label: string }>;
  value: string;
  onChange: (key: string) => void;
  compact?: boolean;
}) {
  return (
    <View className={cx('choice-group', compact && 'choice-group--compact')} role='radiogroup' aria-label={label}>
      {options.map((o) => (
        <Text
          key={o.key}
          className={cx('chip choice', o.key === value && 'chip--on choice--on')}
          data-key={o.key}
          onClick={() => onChange(o.key)}
          {...a11y({ role: 'radio', checked: o.key === value, onActivate: () => onChange(o.key) })}
        >
          {o.label}
        </Text>
      ))}
    </View>
  );
}
