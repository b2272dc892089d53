import { Text, View } from '@tarojs/components';
import ActionButton from '@/components/ActionButton';
import { showError } from '@/services/request';
import { openFile } from '../lib/openFile';

/** A course's materials (PDF or pictures), each opened on tap. */
export default function Materials({ materials }: { materials: { id: string }[] }) {
  if (!materials.length) return null;
  return (
    <>
      <Text className='section-title'>课程资料</Text>
      <View className='list card' data-testid='course-materials'>
        {materials.map((m, i) => (
          <View key={m.id} className='list-row'>
            <View className='list-row__main'><Text className='list-row__desc'>课程资料 {i + 1}</Text></View>
            <ActionButton label={`打开课程资料 ${i + 1}`} onClick={() => void openFile(m.id).catch(showError)}>打开</ActionButton>
          </View>
        ))}
      </View>
    </>
  );
}
