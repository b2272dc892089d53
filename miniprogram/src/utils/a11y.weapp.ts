import type { A11yOptions, A11yProps } from './a11y.types';

/** WeChat: aria-role instead of role (config/plugins/a11y-attrs.js lets these reach WXML). */
export function a11y({ label, role, checked, hidden }: A11yOptions): A11yProps {
  const props: A11yProps = {};
  if (label) props['aria-label'] = label;
  if (role) props['aria-role'] = role;
  if (checked !== undefined) props['aria-checked'] = checked ? 'true' : 'false';
  if (hidden) props['aria-hidden'] = 'true';
  return props;
}
