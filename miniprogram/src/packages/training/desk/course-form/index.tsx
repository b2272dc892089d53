import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { COURSE_CATEGORIES, COURSE_CATEGORY_LABELS } from '@shared/domain/training';
import ActionButton from '@/components/ActionButton';
import Field from '@/components/Field';
import Page from '@/components/Page';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import DeskGate from '../../components/DeskGate';
import Errors from '../../components/Errors';
import { trainingApi } from '../../lib/api';
import { courseBody, emptyCourseForm, type CourseForm } from '../../lib/forms';
import { TRAINING_ROUTES } from '../../lib/routes';
import '../../lib/training.scss';

/** 新建课程. */
export default function CourseFormPage() {
  return <DeskGate><Form /></DeskGate>;
}

function Form() {
  const [f, setF] = useState<CourseForm>(emptyCourseForm);
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const set = (p: Partial<CourseForm>) => setF((x) => ({ ...x, ...p }));
  const save = async () => {
    const { body, errors: found } = courseBody(f);
    setErrors(found);
    if (!body) return;
    setBusy(true);
    try {
      const c = await trainingApi.createCourse(body);
      void Taro.showToast({ title: '课程已创建', icon: 'success' });
      void Taro.redirectTo({ url: `${TRAINING_ROUTES.deskCourse}?id=${c.id}` });
    } catch {
      // toasted
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page className='training-course-form'>
      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 1 })}>新建课程</Text>
        <Field label='课程名称' name='course.title' required value={f.title} maxlength={60} onInput={(v) => set({ title: v })} />
        <Text className='tr-label'>课程类别 *</Text>
        <View className='chips'>
          {COURSE_CATEGORIES.map((c) => {
            const pick = () => set({ category: c });
            return <Text key={c} className={cx('chip', f.category === c && 'chip--on')} data-chip={c} onClick={pick} {...a11y({ role: 'radio', checked: f.category === c, onActivate: pick })}>{COURSE_CATEGORY_LABELS[c]}</Text>;
          })}
        </View>
        <Field label='学时' name='course.hours' required type='digit' value={f.hours} maxlength={4} hint='0.5 的倍数，最多 40' onInput={(v) => set({ hours: v })} />
        <Field label='课程介绍' name='course.description' required multiline maxlength={2000} value={f.description} onInput={(v) => set({ description: v })} />
        <Errors errors={errors} />
        <ActionButton variant='primary' block disabled={busy} onClick={() => void save()}>保存课程</ActionButton>
      </View>
    </Page>
  );
}
