import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { HERITAGE_KINDS, PROGRAM_KINDS, PROGRAM_KIND_LABELS, type ProgramKind } from '@shared/domain/programs';
import ActionButton from '@/components/ActionButton';
import ListRow from '@/components/ListRow';
import Page from '@/components/Page';
import PagedList from '@/components/PagedList';
import RegionPicker from '@/components/RegionPicker';
import { CREDIT_ROUTES } from '@/constants/credit';
import { usePagedList } from '@/hooks/usePagedList';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDate } from '@/utils/time';
import { programsApi, type Award } from '../lib/programsApi';
import { PROGRAM_ROUTES } from '../lib/programRoutes';
import '../lib/programs.scss';

/** 获评名单: workshops holding a badge, by region (region picker) and kind; ?programId= for one program. */
export default function AwardsList() {
  const { params } = useRouter();
  const programId = params.programId && /^[a-f0-9]{24}$/.test(params.programId) ? params.programId : undefined;
  const [kind, setKind] = useState<ProgramKind | ''>('');
  const [region, setRegion] = useState<{ code: string; name: string }>({ code: '', name: '' });
  const [picking, setPicking] = useState(false);
  const list = usePagedList<Award>(
    (page) => programsApi.awards({ page, region: region.code || undefined, kind: programId ? undefined : kind || undefined, programId }),
    { deps: [kind, region.code, programId], pullDownRefresh: true },
  );
  const chip = (key: string, label: string, on: boolean, pick: () => void) => (
    <Text key={key} className={cx('chip', on && 'chip--on')} data-chip={key} onClick={pick} {...a11y({ role: 'radio', checked: on, onActivate: pick })}>{label}</Text>
  );
  const open = (a: Award) => void Taro.navigateTo({
    url: HERITAGE_KINDS.includes(a.program.kind) && a.story ? `${PROGRAM_ROUTES.story}?id=${a.id}` : `${CREDIT_ROUTES.workshop}?id=${a.workshop.id}`,
  });

  return (
    <Page className='program-awards'>
      <View className='card'>
        <Text className='pg-meta'>地区：{region.name || '全部地区'}</Text>
        <View className='pg-actions'>
          <ActionButton onClick={() => setPicking(!picking)}>{picking ? '收起' : '选择地区'}</ActionButton>
          {region.code ? <ActionButton onClick={() => { setRegion({ code: '', name: '' }); setPicking(false); }}>全部地区</ActionButton> : null}
        </View>
        {picking ? <RegionPicker value={region.code} valueName={region.name} onChange={(code, name) => { setRegion({ code, name }); setPicking(false); }} /> : null}
      </View>
      {programId ? (
        <Text className='pg-meta'>仅显示该项目的获评作坊</Text>
      ) : (
        <View className='chips' {...a11y({ label: '称号类别' })}>
          {chip('all', '全部', kind === '', () => setKind(''))}
          {PROGRAM_KINDS.map((k) => chip(k, PROGRAM_KIND_LABELS[k], kind === k, () => setKind(k)))}
        </View>
      )}
      <PagedList
        list={list}
        empty={{ title: '暂无获评作坊', description: region.code || kind ? '换个地区或类别看看' : '称号授予后会显示在这里' }}
        end={<Text className='muted'>已显示全部</Text>}
      >
        {(items) => (
          <View className='list card'>
            {items.map((a) => (
              <ListRow key={a.id} data-award={a.id} onOpen={() => open(a)}>
                <Text className='pg-row__title'>{a.workshop.name}</Text>
                <Text className='tag tag--award'>{a.badge}</Text>
                <Text className='list-row__desc'>{a.workshop.region.name}</Text>
                <Text className='list-row__desc'>{a.issuer} · {beijingDate(a.grantedAt)} 授予，有效期至 {beijingDate(a.validUntil)}</Text>
              </ListRow>
            ))}
          </View>
        )}
      </PagedList>
    </Page>
  );
}
