import { useRef, useState } from 'preact/hooks';
import { hasErrors } from '@/components/shared/errors';
import { SettingsActions } from '@/components/shared/SettingsActions';
import { TextField } from '@/components/shared/TextField';
import { useCheckedFields } from '@/components/shared/useCheckedFields';
import { useSettingsActions } from '@/components/shared/useSettingsActions';
import { request } from '@/lib/messages/client';
import type {
  DatadogPublicSettings as PublicSettings,
  DatadogSettingsInput as SettingsInput,
} from '@/lib/providers/datadog/protocol';
import { type SiteId, SiteIdSchema } from '@/lib/providers/datadog/settings';
import { ApiUrlWarning } from './ApiUrlWarning';
import { KeyFields } from './KeyFields';
import { SignInFields } from './SignInFields';
import { SiteField } from './SiteField';
import {
  foreignApiUrl,
  type SettingsField,
  type SettingsFormValues,
  toSettingsInput,
  validateSettings,
} from './settings-form';

type Props = {
  settings: PublicSettings;
  /** The profile these settings belong to (lib/profiles/). */
  profileId: string;
  onSaved: (settings: PublicSettings) => void;
};

/** `?site=` from the popup: the site the page's SDK reports to, if it is one Datadog has. */
function siteSuggestedByPage(): SiteId | null {
  const parsed = SiteIdSchema.safeParse(new URLSearchParams(location.search).get('site'));
  return parsed.success ? parsed.data : null;
}

export function DatadogSettingsForm({ settings, profileId, onSaved }: Props) {
  const form = useRef<HTMLFormElement>(null);
  const [suggestedSite] = useState(siteSuggestedByPage);
  const { values, setValues, errors, setErrors, check, change } = useCheckedFields<
    SettingsFormValues,
    SettingsField
  >(
    { site: suggestedSite ?? settings.site, apiKey: '', appKey: '', apiUrl: settings.apiUrl },
    validateSettings,
  );

  const { busy, feedback, save, test } = useSettingsActions<SettingsInput, SettingsField>(
    form,
    () => {
      const found = validateSettings(values);
      return hasErrors(found)
        ? { ok: false, errors: found }
        : { ok: true, input: toSettingsInput(values), host: foreignApiUrl(values.apiUrl) };
    },
    setErrors,
  );

  const onSubmit = (event: Event) => {
    event.preventDefault();
    save(async (input) => {
      onSaved(await request('datadog:save-settings', { ...input, profileId }));
      setValues((current) => ({ ...current, apiKey: '', appKey: '' }));
    });
  };

  const onTest = () => test((input) => request('datadog:test-connection', { ...input, profileId }));

  return (
    <form ref={form} class="settings-form" noValidate onSubmit={onSubmit}>
      {settings.needsFixing === null ? null : <p class="notice problem">{settings.needsFixing}</p>}
      <SignInFields settings={settings} profileId={profileId} onChanged={onSaved} />
      <SiteField
        value={values.site}
        onChange={(site) => change('site', site)}
        help={
          suggestedSite && suggestedSite !== settings.site
            ? `Preselected from the page’s Datadog SDK (${suggestedSite}); Save to keep it.`
            : undefined
        }
      />
      <KeyFields
        values={values}
        hints={settings}
        errors={errors}
        onChange={change}
        onBlur={(field) => check(field)}
      />
      <TextField
        label="API URL"
        type="url"
        mono
        value={values.apiUrl}
        placeholder={`https://api.${values.site}`}
        help={`Leave empty to use https://api.${values.site}. Set it for a proxy or the local sandbox.`}
        error={errors.apiUrl}
        onInput={(value) => change('apiUrl', value)}
        onBlur={() => check('apiUrl')}
      />
      <ApiUrlWarning apiUrl={values.apiUrl} />
      <SettingsActions busy={busy} feedback={feedback} onTest={onTest} />
    </form>
  );
}
