import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

type Props = {
  label: string;
  value: string;
  onInput: (value: string) => void;
  onBlur?: () => void;
  error?: string | undefined;
  help?: ComponentChildren;
  type?: 'text' | 'password' | 'url';
  placeholder?: string;
  autoComplete?: string;
  /** Ids and keys read better in a monospace font. */
  mono?: boolean;
  /** The id of a `<datalist>` of suggestions. */
  list?: string;
};

/**
 * A labelled input with its help text and error tied to it by aria-describedby, so assistive
 * technology reads them with the field; aria-invalid marks it when the error shows.
 */
export function TextField({
  label,
  value,
  onInput,
  onBlur,
  error,
  help,
  type = 'text',
  placeholder,
  autoComplete,
  mono,
  list,
}: Props) {
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = [help ? helpId : null, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        type={type}
        class={mono ? 'mono' : undefined}
        value={value}
        placeholder={placeholder}
        autoComplete={autoComplete}
        list={list}
        spellcheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        onInput={(event) => onInput(event.currentTarget.value)}
        onBlur={onBlur}
      />
      {help ? (
        <p id={helpId} class="help">
          {help}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} class="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
