// Plain DOM stand-ins for @tarojs/components in jsdom. Real rendering is covered by the browser tests;
// these keep props that matter to behaviour and accessibility (className, aria-*, role, data-*, events).
import { createElement, type ReactNode } from 'react';

type Props = Record<string, unknown> & { children?: ReactNode };

const OMIT = new Set(['hoverClass', 'hoverStartTime', 'hoverStayTime', 'hoverStopPropagation', 'catchMove', 'animation']);

function domProps(props: Props): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(props)) if (!OMIT.has(k)) out[k] = v;
  return out;
}

const as = (tag: string, displayName: string) => {
  const C = (props: Props) => createElement(tag, domProps(props));
  C.displayName = displayName;
  return C;
};

export const View = as('div', 'View');
export const Text = as('span', 'Text');
export const ScrollView = as('div', 'ScrollView');
export const Block = ({ children }: Props) => children ?? null;

export function Button({ children, disabled, ...rest }: Props) {
  return createElement('button', { type: 'button', disabled: !!disabled, ...domProps(rest) }, children);
}

export function Image({ src, mode: _mode, ...rest }: Props) {
  return createElement('img', { src, ...domProps(rest) });
}

export function Navigator({ url, children, ...rest }: Props) {
  return createElement('a', { href: url as string, ...domProps(rest) }, children);
}

/** Taro's Input reports `{ detail: { value } }`. */
export function Input({ onInput, onConfirm, confirmType: _c, placeholderClass: _p, password, ...rest }: Props) {
  return createElement('input', {
    type: password ? 'password' : 'text',
    ...domProps(rest),
    onChange: (e: { target: { value: string } }) =>
      (onInput as ((e: unknown) => void) | undefined)?.({ detail: { value: e.target.value } }),
    onKeyDown: (e: { key: string; currentTarget: { value: string } }) => {
      if (e.key === 'Enter') (onConfirm as ((e: unknown) => void) | undefined)?.({ detail: { value: e.currentTarget.value } });
    },
  });
}

/** Taro's Switch reports `{ detail: { value } }` on change. */
export function Switch({ checked, onChange, ...rest }: Props) {
  return createElement('input', {
    type: 'checkbox',
    role: 'switch',
    checked: !!checked,
    ...domProps(rest),
    onChange: (e: { target: { checked: boolean } }) =>
      (onChange as ((e: unknown) => void) | undefined)?.({ detail: { value: e.target.checked } }),
  });
}

/** Taro's Picker: its children only (the browser tests cover choosing; unit tests fill forms through lib/forms). */
export function Picker({ children }: Props) {
  return createElement('div', null, children);
}
