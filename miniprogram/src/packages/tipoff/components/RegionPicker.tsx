import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import ActionButton from '@/components/ActionButton';
import { a11y } from '@/utils/a11y';
import { tipoffApi, type Region } from '../lib/api';

export interface RegionPickerProps {
  value: string;
  valueName: string;
  onChange: (code: string, fullName: string) => void;
}

/** Province → city → county → township from the server (GB/T 2260); a county is precise enough. */
export default function RegionPicker({ value, valueName, onChange }: RegionPickerProps) {
  const [open, setOpen] = useState(!value);
  const [path, setPath] = useState<Region[]>([]);
  const [options, setOptions] = useState<Region[] | null>(null);
  const parent = path[path.length - 1];

  useEffect(() => {
    if (!open) return;
    let live = true;
    setOptions(null);
    tipoffApi.regions(parent?.code).then((l) => live && setOptions(l)).catch(() => live && setOptions([]));
    return () => { live = false; };
  }, [open, parent?.code]);

  const names = (list: Region[]) => list.map((r) => r.name).join('');
  const finish = (list: Region[]) => {
    onChange(list[list.length - 1].code, names(list));
    setOpen(false);
  };
  const choose = (r: Region) => {
    const next = [...path, r];
    if (r.hasChildren) setPath(next);
    else finish(next);
  };
  const up = () => setPath(path.slice(0, -1));

  if (!open) {
    return (
      <View className='tp-picked'>
        <Text className='tp-picked__text'>{valueName || value}</Text>
        <ActionButton onClick={() => { setPath([]); setOpen(true); }} label='重新选择所在区域'>重选</ActionButton>
      </View>
    );
  }
  return (
    <View className='tp-region' data-name='region'>
      <Text className='tp-hint'>{path.length ? `已选：${names(path)}` : '请选择省份'}</Text>
      {path.length ? <Text className='tp-link' onClick={up} {...a11y({ role: 'button', onActivate: up })}>返回上一级</Text> : null}
      {parent && parent.code.length === 6 ? (
        <ActionButton variant='primary' onClick={() => finish(path)}>就选{parent.name}（不细分到乡镇街道）</ActionButton>
      ) : null}
      {options === null ? <Text className='tp-hint'>加载中…</Text> : null}
      <View className='tp-chips'>
        {(options ?? []).map((r) => (
          <Text key={r.code} className='tp-chip' data-code={r.code} onClick={() => choose(r)} {...a11y({ role: 'button', onActivate: () => choose(r) })}>
            {r.name}
          </Text>
        ))}
      </View>
    </View>
  );
}
