import type { A11yOptions, A11yProps } from './a11y.types';

const INTERACTIVE = new Set(['button', 'switch', 'checkbox', 'radio', 'link']);

/** H5: standard ARIA on real HTML elements, plus keyboard activation for div-based buttons. */
export function a11y({ label, role, checked, hidden, level, onActivate }: A11yOptions): A11yProps {
  const props: A11yProps = {};
  if (label) props['aria-label'] = label;
  if (role) props.role = role;
  if (checked !== undefined) props['aria-checked'] = checked ? 'true' : 'false';
  if (hidden) props['aria-hidden'] = 'true';
  if (role === 'heading') props['aria-level'] = String(level ?? 2);
  if (role && INTERACTIVE.has(role)) {
    props.tabIndex = 0;
    if (onActivate) {
      props.onKeyDown = (e: { key?: string; preventDefault?: () => void }) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault?.();
          onActivate();
        }
      };
    }
  }
  return props;
}
