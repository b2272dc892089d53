import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { CATEGORIES, type CategoryCode } from '@shared/domain/categories';
import { COURSE_CATEGORIES, COURSE_CATEGORY_LABELS } from '@shared/domain/training';
import ActionButton from '@/components/ActionButton';
import Field from '@/components/Field';
import Page from '@/components/Page';
import { uploadEach, uploadFile } from '@/services/upload';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import DeskGate from '../../components/DeskGate';
import Errors from '../../components/Errors';
import QuizEditor from '../../components/QuizEditor';
import { emptyQuizForm, quizBody } from '../../lib/quiz';
import { trainingApi } from '../../lib/api';
import { courseBody, emptyCourseForm, type CourseForm } from '../../lib/forms';
import { pickFiles } from '@/services/pickFiles';
import { TRAINING_ROUTES } from '../../lib/routes';
import '../../lib/training.scss';

const MAX_MATERIALS = 20;

/** 新建课程: title, category, hours, description, the food categories it suits, materials (files). */
export default function CourseFormPage() {
  return <DeskGate><Form /></DeskGate>;
}

function Form() {
  const [f, setF] = useState<CourseForm>(emptyCourseForm);
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [quiz, setQuiz] = useState(emptyQuizForm);
  const set = (p: Partial<CourseForm>) => setF((x) => ({ ...x, ...p }));
  const targets = f.targetCategories ?? [];
  const materials = f.materials ?? [];
  const toggleTarget = (c: CategoryCode) => set({ targetCategories: targets.includes(c) ? targets.filter((x) => x !== c) : [...targets, c] });
  const addMaterials = async () => {
    const picked = await pickFiles(MAX_MATERIALS - materials.length);
    const stored = await uploadEach(picked, async (p) => ({ id: (await uploadFile('training', p.path, p.name)).id, name: p.name }));
    if (stored.length) setF((x) => ({ ...x, materials: [...(x.materials ?? []), ...stored] }));
  };
  const removeMaterial = (id: string) => set({ materials: materials.filter((m) => m.id !== id) });
  const save = async () => {
    const { body, errors: found } = courseBody(f);
    const q = quizBody(quiz);
    setErrors([...found, ...q.errors]);
    if (!body || q.errors.length) return;
    setBusy(true);
    try {
      const c = await trainingApi.createCourse(q.quiz ? { ...body, quiz: q.quiz } : body);
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
        <Text className='tr-label'>适合的食品类别（不选为全部）</Text>
        <View className='chips' data-testid='target-categories'>
          {CATEGORIES.map((c) => {
            const on = targets.includes(c.code);
            const pick = () => toggleTarget(c.code);
            return <Text key={c.code} className={cx('chip', on && 'chip--on')} data-chip={c.code} onClick={pick} {...a11y({ role: 'checkbox', checked: on, onActivate: pick })}>{c.name}</Text>;
          })}
        </View>
        <Text className='tr-label'>课程资料（PDF 或图片，最多 {MAX_MATERIALS} 个）</Text>
        {materials.length ? (
          <View className='list' data-testid='materials'>
            {materials.map((m) => (
              <View key={m.id} className='list-row'>
                <View className='list-row__main'><Text className='list-row__desc'>{m.name}</Text></View>
                <ActionButton label={`删除资料${m.name}`} onClick={() => removeMaterial(m.id)}>删除</ActionButton>
              </View>
            ))}
          </View>
        ) : null}
        {materials.length < MAX_MATERIALS ? <ActionButton onClick={() => void addMaterials()}>上传资料</ActionButton> : null}
        <QuizEditor value={quiz} onChange={setQuiz} />
        <Errors errors={errors} />
        <ActionButton variant='primary' block disabled={busy} onClick={() => void save()}>保存课程</ActionButton>
      </View>
    </Page>
  );
}
