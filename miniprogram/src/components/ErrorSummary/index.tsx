import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { a11y } from '@/utils/a11y';
import { fieldAnchor } from '@/utils/fieldAnchor';

/** One problem with a form, in people's words; `field` is the field's `name` (its data-name / anchor). */
export interface FormIssue {
  field?: string;
  message: string;
}


/** Scrolls to the field and, on the web, puts the cursor in it. */
export function jumpToField(name: string) {
  const id = fieldAnchor(name);
  void Taro.pageScrollTo({ selector: `#${id}`, duration: 200, offsetTop: -80 } as Taro.pageScrollTo.Option).catch(() => undefined);
  if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') {
    const el = document.getElementById(id) ?? document.querySelector(`[data-name="${name}"]`);
    const input = el?.matches('input,textarea,[tabindex]') ? el : el?.querySelector<HTMLElement>('input,textarea,[tabindex]');
    (input as HTMLElement | null | undefined)?.focus({ preventScroll: false });
    el?.scrollIntoView({ block: 'center' });
  }
}

/**
 * Every problem of the form at the top, each a link to its field. The caller recomputes the list as the
 * person types, so a problem leaves the list as soon as its field is right (GOV.UK's error summary pattern,
 * which 浙里办's forms follow as well).
 */
export default function ErrorSummary({ issues, title }: { issues: FormIssue[]; title?: string }) {
  if (!issues.length) return null;
  return (
    <View className='errors' data-testid='error-summary' {...a11y({ role: 'alert' })}>
      <Text className='errors__item errors__title'>{title ?? `请修改以下 ${issues.length} 处后再继续：`}</Text>
      {issues.map((i) =>
        i.field ? (
          <Text key={i.message} className='errors__item errors__link' onClick={() => jumpToField(i.field!)} {...a11y({ role: 'link', onActivate: () => jumpToField(i.field!) })}>
            {i.message}
          </Text>
        ) : (
          <Text key={i.message} className='errors__item'>{i.message}</Text>
        ),
      )}
    </View>
  );
}
