// A labelled text input with its error message, GOV.UK style.
import type { InputHTMLAttributes } from 'react';

type Props = {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (value: string) => void;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange'>;

export function Field({ id, label, hint, error, value, onChange, ...rest }: Props) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="error-message" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <input
        id={id}
        name={id}
        value={value}
        onChange={(ev) => onChange(ev.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        {...rest}
      />
    </div>
  );
}
