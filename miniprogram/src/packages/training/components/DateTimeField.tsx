import { Picker, Text, View } from '@tarojs/components';

/** A date and a time (Beijing) picked with the platform pickers. */
export default function DateTimeField({ label, date, time, onDate, onTime, name }: {
  label: string; date: string; time: string; onDate: (v: string) => void; onTime: (v: string) => void; name: string;
}) {
  return (
    <View data-name={name}>
      <Text className='tr-label'>{label} *</Text>
      <View className='tr-actions'>
        <Picker mode='date' value={date} onChange={(e) => onDate(String(e.detail.value))}>
          <View className='tr-picker' aria-label={`${label}日期`}><Text>{date || '选择日期'}</Text><Text className='muted'>›</Text></View>
        </Picker>
        <Picker mode='time' value={time} onChange={(e) => onTime(String(e.detail.value))}>
          <View className='tr-picker' aria-label={`${label}时间`}><Text>{time || '选择时间'}</Text><Text className='muted'>›</Text></View>
        </Picker>
      </View>
    </View>
  );
}
