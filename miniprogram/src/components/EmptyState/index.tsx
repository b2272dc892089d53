import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import ActionButton from '@/components/ActionButton';
import type { PageProblem } from '@/hooks/pageProblem';
import { redirectToLogin } from '@/services/navigation';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import './index.scss';

export type EmptyStatus = 'loading' | 'empty' | 'error' | 'forbidden' | 'missing';

export interface EmptyAction {
  text: string;
  onClick: () => void;
  variant?: 'primary' | 'default';
}

export interface EmptyStateProps {
  /** What kind of nothing: still loading, an empty list, a failure, no permission, not found. */
  status?: EmptyStatus;
  /** A failed load as `problemOf` describes it: sets status, title and description. */
  problem?: PageProblem;
  title?: string;
  description?: ReactNode;
  /** Buttons under the text (NutUI Empty's `actions`). */
  actions?: EmptyAction[];
  /** For errors: adds a 重试 button. */
  onRetry?: () => void;
  /** Inside a card or list: no card of its own, smaller picture. */
  inline?: boolean;
  className?: string;
}

const TITLES: Record<EmptyStatus, string> = {
  loading: '正在加载…',
  empty: '暂无内容',
  error: '加载失败',
  forbidden: '无权查看',
  missing: '内容不存在',
};

/**
 * The one "nothing to show" block of the app, shaped like NutUI's Empty (status, picture, title,
 * description, actions). The pictures are drawn in CSS (no image files or URLs). Loading and empty
 * lists are announced politely; failures, no permission and not found as alerts.
 */
export default function EmptyState({ status: given, problem, title, description, actions = [], onRetry, inline, className }: EmptyStateProps) {
  const status: EmptyStatus = problem?.status ?? given ?? 'empty';
  const heading = title ?? problem?.title ?? TITLES[status];
  const text = description ?? problem?.message;
  const buttons: EmptyAction[] = [...actions];
  if (problem?.login) buttons.unshift({ text: '登录', onClick: () => redirectToLogin(), variant: 'primary' });
  if (onRetry && status === 'error') buttons.unshift({ text: '重试', onClick: onRetry, variant: 'primary' });
  const urgent = status === 'error' || status === 'forbidden' || status === 'missing';
  return (
    <View className={cx('empty-state', inline ? 'empty-state--inline' : 'card', `empty-state--${status}`, className)} data-status={status}>
      <View className={cx('empty-state__image', `empty-state__image--${status}`)} {...a11y({ hidden: true })}>
        <View className='empty-state__shape' />
      </View>
      <Text className='empty-state__title' {...a11y({ role: urgent ? 'alert' : 'status' })}>{heading}</Text>
      {text ? <Text className='empty-state__description'>{text}</Text> : null}
      {buttons.length ? (
        <View className='empty-state__actions'>
          {buttons.map((b) => (
            <ActionButton key={b.text} variant={b.variant ?? 'default'} onClick={b.onClick}>{b.text}</ActionButton>
          ))}
        </View>
      ) : null}
    </View>
  );
}
