import { useState } from 'preact/hooks';
import type { FieldErrors } from '@/components/shared/errors';
import { keyPlaceholder } from '@/components/shared/key-placeholder';
import { TextField } from '@/components/shared/TextField';
import type { DatadogPublicSettings as PublicSettings } from '@/lib/providers/datadog/protocol';
import type { SettingsField, SettingsFormValues } from './settings-form';

type Props = {
  values: SettingsFormValues;
  hints: Pick<PublicSettings, 'apiKeyHint' | 'appKeyHint'>;
  errors: FieldErrors<SettingsField>;
  onChange: (field: 'apiKey' | 'appKey', value: string) => void;
  onBlur: (field: 'apiKey' | 'appKey') => void;
};

const KEYS = [
  { field: 'apiKey', label: 'API key', hint: 'apiKeyHint' },
  { field: 'appKey', label: 'Application key', hint: 'appKeyHint' },
] as const;

/**
 * The two keys. Stored keys never come back to the page, so the fields start empty and the
 * placeholder shows which key is saved. One "Show keys" checkbox reveals both, for checking a paste.
 */
export function KeyFields({ values, hints, errors, onChange, onBlur }: Props) {
  const [shown, setShown] = useState(false);
  const type = shown ? 'text' : 'password';
  return (
    <>
      {KEYS.map(({ field, label, hint }) => (
        <TextField
          key={field}
          label={label}
          type={type}
          mono
          autoComplete="off"
          value={values[field]}
          placeholder={keyPlaceholder(hints[hint])}
          error={errors[field]}
          onInput={(value) => onChange(field, value)}
          onBlur={() => onBlur(field)}
        />
      ))}
      <label class="checkbox">
        <input type="checkbox" checked={shown} onChange={(event) => setShown(event.currentTarget.checked)} />
        Show keys
      </label>
    </>
  );
}
