import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import ActionButton from '@/components/ActionButton';
import { creditApi, type Region } from '@/services/credit';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';

export interface RegionFilterProps {
  /** The chosen chain, province first; empty = 全国. */
  value: Region[];
  onChange: (chain: Region[]) => void;
  onDone: () => void;
}

/**
 * Narrow the search step by step: province → city → county (GB/T 2260 from the server). Each tap
 * filters at once (a city shows all its counties); the picker stops at the county.
 */
export default function RegionFilter({ value, onChange, onDone }: RegionFilterProps) {
  const last = value[value.length - 1];
  const leaf = !!last && (last.level === 'county' || !last.hasChildren);
  const parent = leaf ? value[value.length - 2] : last;
  const [options, setOptions] = useState<Region[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setOptions(null);
    setFailed(false);
    creditApi
      .regions(parent?.code)
      .then((list) => live && setOptions(list.filter((r) => r.level !== 'township')))
      .catch(() => live && setFailed(true));
    return () => { live = false; };
  }, [parent?.code, attempt]);

  const chain = leaf ? value.slice(0, -1) : value;
  const choose = (r: Region) => onChange([...chain, r]);
  const crumbs: Array<{ label: string; to: Region[] }> = [{ label: '全国', to: [] }, ...chain.map((r, i) => ({ label: r.name, to: chain.slice(0, i + 1) }))];

  return (
    <View className='region-filter'>
      <View className='region-filter__crumbs'>
        {crumbs.map((c, i) => {
          const current = i === crumbs.length - 1 && !leaf;
          const go = () => onChange(c.to);
          return (
            <Text
              key={c.label + i}
              className={cx('region-filter__crumb', current && 'region-filter__crumb--current')}
              onClick={go}
              {...a11y({ role: 'button', label: i === 0 ? '全国（不限地区）' : `${c.label}全部`, onActivate: go })}
            >
              {i > 0 ? '› ' : ''}{c.label}
            </Text>
          );
        })}
      </View>
      {options === null && !failed ? <Text className='muted'>正在加载地区…</Text> : null}
      {failed ? (
        <View className='region-filter__error'>
          <Text className='muted'>地区加载失败。</Text>
          <ActionButton onClick={() => setAttempt(attempt + 1)}>重试</ActionButton>
        </View>
      ) : null}
      <View className='choice-group' role='radiogroup' aria-label={parent ? `${parent.name}下辖地区` : '省份'}>
        {(options ?? []).map((r) => (
          <Text
            key={r.code}
            className={cx('chip choice', last?.code === r.code && 'chip--on choice--on')}
            data-code={r.code}
            onClick={() => choose(r)}
            {...a11y({ role: 'radio', checked: last?.code === r.code, onActivate: () => choose(r) })}
          >
            {r.name}
          </Text>
        ))}
      </View>
      <ActionButton block onClick={onDone}>完成</ActionButton>
    </View>
  );
}
