import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import { fetchMeta } from '@/services/auth';
import { creditApi, type Region } from '@/services/credit';
import { a11y } from '@/utils/a11y';
import './index.scss';

export interface RegionPickerProps {
  value: string;
  valueName: string;
  onChange: (code: string, fullName: string) => void;
}

/**
 * Province → city → county → township from the server's GB/T 2260 data (townships are not in the
 * app's bundle). A county is precise enough when the township is not listed.
 */
/** The deployment's own province (or city), asked once per app run: the picker opens there. */
let home: Promise<Region[]> | null = null;
const homePath = () => (home ??= fetchMeta()
  .then((m) => (m.homeRegion ? [{ code: m.homeRegion.code, name: m.homeRegion.name, hasChildren: true } as Region] : []))
  .catch(() => { home = null; return []; }));

export default function RegionPicker({ value, valueName, onChange }: RegionPickerProps) {
  const [open, setOpen] = useState(!value);
  const [path, setPath] = useState<Region[] | null>(null);
  const [options, setOptions] = useState<Region[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  // Opened fresh: start at the deployment's province (返回上一级 reaches the others).
  useEffect(() => {
    if (!open || path !== null) return;
    let live = true;
    void homePath().then((p) => live && setPath(p));
    return () => { live = false; };
  }, [open, path]);
  const parent = path?.[path.length - 1];

  useEffect(() => {
    if (!open || path === null) return;
    let live = true;
    setOptions(null);
    setFailed(false);
    creditApi.regions(parent?.code).then((l) => live && setOptions(l ?? [])).catch(() => live && setFailed(true));
    return () => { live = false; };
  }, [open, path === null, parent?.code, attempt]);

  const names = (list: Region[]) => list.map((r) => r.name).join('');
  const finish = (list: Region[]) => {
    onChange(list[list.length - 1].code, names(list));
    setOpen(false);
  };
  const choose = (r: Region) => {
    const next = [...(path ?? []), r];
    if (r.hasChildren) setPath(next);
    else finish(next);
  };
  const up = () => setPath((path ?? []).slice(0, -1));
  const keep = () => setOpen(false);

  if (!open) {
    return (
      <View className='region-picker region-picker--closed'>
        <Text className='region-picker__value'>{valueName || value}</Text>
        <ActionButton onClick={() => { setPath(null); setOpen(true); }} label='重新选择所在区域'>重新选择</ActionButton>
      </View>
    );
  }
  return (
    <View className='region-picker' id='f-region' data-name='region'>
      <View className='region-picker__crumbs'>
        <Text className='muted'>{path?.length ? `已选：${names(path)}` : '请选择省份'}</Text>
        {path?.length ? <Text className='region-picker__link' onClick={up} {...a11y({ role: 'button', onActivate: up })}>返回上一级</Text> : null}
      </View>
      {parent && parent.code.length === 6 ? (
        <ActionButton variant='primary' onClick={() => finish(path ?? [])}>就选{parent.name}（不细分到乡镇街道）</ActionButton>
      ) : null}
      {options === null && !failed ? <Text className='muted'>加载中…</Text> : null}
      {failed ? <EmptyState status='error' title='地区加载失败' description='网络不稳定或服务暂时不可用。' onRetry={() => setAttempt((n) => n + 1)} inline /> : null}
      <View className='chips'>
        {(options ?? []).map((r) => (
          <Text key={r.code} className='chip' data-code={r.code} onClick={() => choose(r)} {...a11y({ role: 'button', onActivate: () => choose(r) })}>
            {r.name}
          </Text>
        ))}
      </View>
      {value ? <Text className='region-picker__link' onClick={keep} {...a11y({ role: 'button', onActivate: keep })}>取消，保留“{valueName || value}”</Text> : null}
    </View>
  );
}
