import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';

export interface ActionButtonProps {
  children: ReactNode;
  onClick: () => void;
  variant?: 'primary' | 'default' | 'danger';
  block?: boolean;
  className?: string;
  disabled?: boolean;
  /** Needed when the visible text alone is ambiguous. */
  label?: string;
}

/**
 * A View styled as a button and exposed as one to assistive tech. Not Taro's Button: on H5 that renders
 * a div anyway and both platforms' default button styles (grey, 18px, outline removed on focus) fight
 * the theme; a View keeps the ≥ 48px target and the large-text scale of `.btn`.
 */
export default function ActionButton({ children, onClick, variant = 'default', block, className, disabled, label }: ActionButtonProps) {
  const handle = () => {
    if (!disabled) onClick();
  };
  return (
    <View
      className={cx(
        'btn',
        variant === 'primary' && 'btn--primary',
        variant === 'danger' && 'btn--danger',
        block && 'btn--block',
        disabled && 'btn--disabled',
        className,
      )}
      aria-disabled={disabled ? 'true' : undefined}
      onClick={handle}
      {...a11y({ role: 'button', label, onActivate: handle })}
    >
      {children}
    </View>
  );
}
