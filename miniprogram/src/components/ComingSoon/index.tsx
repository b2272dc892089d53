import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import Page from '@/components/Page';
import './index.scss';

export interface ComingSoonProps {
  title: string;
  /** One line on what the service is for. */
  summary: string;
  /** What the finished service will offer. */
  features: string[];
  /** Extra hint, e.g. the statutory time limit or who may use it. */
  note?: string;
  /** Page-specific content shown above the placeholder (e.g. an echo of the query). */
  children?: ReactNode;
}

/** Placeholder for a subpackage whose feature is being built: says plainly what is coming. */
export default function ComingSoon({ title, summary, features, note, children }: ComingSoonProps) {
  return (
    <Page className='coming-soon'>
      {children}
      <View className='card'>
        <View className='coming-soon__head'>
          <Text className='coming-soon__title'>{title}</Text>
          <Text className='coming-soon__badge'>即将开放</Text>
        </View>
        <Text className='coming-soon__summary'>{summary}</Text>
      </View>
      <Text className='section-title'>将提供的服务</Text>
      <View className='list'>
        {features.map((f) => (
          <View key={f} className='list-row coming-soon__feature'>
            <Text className='coming-soon__dot' aria-hidden='true'>
              ●
            </Text>
            <Text>{f}</Text>
          </View>
        ))}
      </View>
      {note ? <Text className='notice'>{note}</Text> : null}
    </Page>
  );
}
