import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { creditApi, type Region } from '@/services/credit';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';

export interface RegionChipsProps {
  /** The admin's own region: offered first, then the regions directly under it. */
  root: { code: string; name: string };
  value: string;
  onChange: (code: string, name: string) => void;
  label: string;
  /** Leave the root out (e.g. an admin account must go strictly below). */
  withoutRoot?: boolean;
}

/** One region of mine: my own or one directly under it, as chips (no region outside mine is offered). */
export default function RegionChips({ root, value, onChange, label, withoutRoot }: RegionChipsProps) {
  const [children, setChildren] = useState<Region[]>([]);
  useEffect(() => {
    let live = true;
    creditApi.regions(root.code).then((l) => live && setChildren(l ?? [])).catch(() => undefined);
    return () => { live = false; };
  }, [root.code]);
  const options = [...(withoutRoot ? [] : [{ code: root.code, name: `${root.name}（本级）` }]), ...children.map((c) => ({ code: c.code, name: c.name }))];
  return (
    <View className='chips' role='radiogroup' aria-label={label}>
      {options.map((r) => {
        const on = r.code === value;
        const pick = () => onChange(r.code, r.name);
        return (
          <Text key={r.code} className={cx('chip', on && 'chip--on')} data-code={r.code} onClick={pick}
            {...a11y({ role: 'radio', checked: on, label: r.name, onActivate: pick })}>{r.name}</Text>
        );
      })}
    </View>
  );
}
