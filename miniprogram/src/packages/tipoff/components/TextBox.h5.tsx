// H5: a native <textarea>. Taro's H5 Textarea is a web component whose inner textarea gets no
// accessible name (and useHtmlComponents has no textarea), so the portal renders the element itself.
export interface TextBoxProps { label: string; value: string; maxlength: number; placeholder?: string; name?: string; onInput: (v: string) => void }

export default function TextBox({ label, value, maxlength, placeholder, name, onInput }: TextBoxProps) {
  return (
    <textarea className='tp-textarea' aria-label={label} data-name={name} value={value} maxLength={maxlength} placeholder={placeholder} rows={5}
      onChange={(e) => onInput(e.target.value)} />
  );
}
