import { Text, View } from '@tarojs/components';
import { go } from '@/services/navigation';
import { a11y } from '@/utils/a11y';
import './index.scss';

export interface ServiceEntry {
  key: string;
  title: string;
  desc: string;
  /** One character shown in the badge; decorative, the title names the entry. */
  glyph: string;
  url: string;
  tone: 'blue' | 'teal' | 'amber' | 'red' | 'violet' | 'slate';
}

export default function ServiceGrid({ entries }: { entries: ServiceEntry[] }) {
  return (
    <View className='service-grid'>
      {entries.map((e) => {
        const open = () => go(e.url);
        return (
          <View
            key={e.key}
            className='service-grid__item'
            onClick={open}
            {...a11y({ role: 'link', onActivate: open })}
          >
            <View className={`service-grid__glyph service-grid__glyph--${e.tone}`} {...a11y({ hidden: true })}>
              <Text>{e.glyph}</Text>
            </View>
            <Text className='service-grid__title'>{e.title}</Text>
            <Text className='service-grid__desc'>{e.desc}</Text>
          </View>
        );
      })}
    </View>
  );
}
