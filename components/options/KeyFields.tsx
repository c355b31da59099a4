import { useState } from 'preact/hooks';
import type { FieldErrors } from '@/components/shared/errors';
import { TextField } from '@/components/shared/TextField';
import type { PublicSettings } from '@/lib/messages/protocol';
import { keyPlaceholder, type SettingsField, type SettingsFormValues } from './settings-form';

type Props = {
  values: SettingsFormValues;
  hints: Pick<PublicSettings, 'apiKeyHint' | 'appKeyHint'>;
  errors: FieldErrors<SettingsField>;
  onChange: (field: 'apiKey' | 'appKey', value: string) => void;
  onBlur: (field: 'apiKey' | 'appKey') => void;
};

/**
 * The two keys. Stored keys never come back to the page, so the fields start empty and the
 * placeholder shows which key is saved. One "Show keys" checkbox reveals both, for checking a paste.
 */
export function KeyFields({ values, hints, errors, onChange, onBlur }: Props) {
  const [shown, setShown] = useState(false);
  const type = shown ? 'text' : 'password';
  return (
    <>
      <TextField
        label="API key"
        type={type}
        mono
        autoComplete="off"
        value={values.apiKey}
        placeholder={keyPlaceholder(hints.apiKeyHint)}
        error={errors.apiKey}
        onInput={(value) => onChange('apiKey', value)}
        onBlur={() => onBlur('apiKey')}
      />
      <TextField
        label="Application key"
        type={type}
        mono
        autoComplete="off"
        value={values.appKey}
        placeholder={keyPlaceholder(hints.appKeyHint)}
        error={errors.appKey}
        onInput={(value) => onChange('appKey', value)}
        onBlur={() => onBlur('appKey')}
      />
      <label class="checkbox">
        <input type="checkbox" checked={shown} onChange={(event) => setShown(event.currentTarget.checked)} />
        Show keys
      </label>
    </>
  );
}
