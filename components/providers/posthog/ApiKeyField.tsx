import { useState } from 'preact/hooks';
import { keyPlaceholder } from '@/components/shared/key-placeholder';
import { TextField } from '@/components/shared/TextField';

type Props = {
  value: string;
  hint: string | null;
  error: string | undefined;
  onInput: (value: string) => void;
  onBlur: () => void;
};

/**
 * The personal API key. The stored key never comes back to the page, so the field starts empty
 * and its placeholder says which key is saved; "Show key" reveals it, for checking a paste.
 */
export function ApiKeyField({ value, hint, error, onInput, onBlur }: Props) {
  const [shown, setShown] = useState(false);
  return (
    <>
      <TextField
        label="Personal API key"
        type={shown ? 'text' : 'password'}
        mono
        autoComplete="off"
        value={value}
        placeholder={keyPlaceholder(hint)}
        error={error}
        onInput={onInput}
        onBlur={onBlur}
      />
      <label class="checkbox">
        <input type="checkbox" checked={shown} onChange={(event) => setShown(event.currentTarget.checked)} />
        Show key
      </label>
    </>
  );
}
