export interface A11yOptions {
  /** What a screen reader says; required for icon-only controls. */
  label?: string;
  role?: 'button' | 'switch' | 'checkbox' | 'radio' | 'link' | 'img' | 'heading' | 'list' | 'listitem' | 'status' | 'alert';
  /** State of a switch. */
  checked?: boolean;
  /** Heading level (1–6) for role heading. */
  level?: number;
  /** Decorative element: hide from screen readers. */
  hidden?: boolean;
  /** Keyboard activation (Enter/Space) on H5 for elements that are not native buttons. */
  onActivate?: () => void;
}

export type A11yProps = Record<string, unknown>;
