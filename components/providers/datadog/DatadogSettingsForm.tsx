import { useRef, useState } from 'preact/hooks';
import { type FieldErrors, hasErrors } from '@/components/shared/errors';
import { SettingsActions } from '@/components/shared/SettingsActions';
import { TextField } from '@/components/shared/TextField';
import { useSettingsActions } from '@/components/shared/useSettingsActions';
import { request } from '@/lib/messages/client';
import type {
  DatadogPublicSettings as PublicSettings,
  DatadogSettingsInput as SettingsInput,
} from '@/lib/providers/datadog/protocol';
import { type SiteId, SiteIdSchema } from '@/lib/providers/datadog/settings';
import { ApiUrlWarning } from './ApiUrlWarning';
import { KeyFields } from './KeyFields';
import { SiteField } from './SiteField';
import {
  foreignApiUrl,
  type SettingsField,
  type SettingsFormValues,
  toSettingsInput,
  validateSettings,
} from './settings-form';

type Props = { settings: PublicSettings; onSaved: (settings: PublicSettings) => void };

/** `?site=` from the popup: the site the page's SDK reports to, if it is one Datadog has. */
function siteSuggestedByPage(): SiteId | null {
  const parsed = SiteIdSchema.safeParse(new URLSearchParams(location.search).get('site'));
  return parsed.success ? parsed.data : null;
}

export function DatadogSettingsForm({ settings, onSaved }: Props) {
  const form = useRef<HTMLFormElement>(null);
  const [suggestedSite] = useState(siteSuggestedByPage);
  const [values, setValues] = useState<SettingsFormValues>({
    site: suggestedSite ?? settings.site,
    apiKey: '',
    appKey: '',
    apiUrl: settings.apiUrl,
  });
  const [errors, setErrors] = useState<FieldErrors<SettingsField>>({});

  const checkField = (field: SettingsField, next: SettingsFormValues) =>
    setErrors((previous) => ({ ...previous, [field]: validateSettings(next)[field] }));

  const change = <F extends SettingsField>(field: F, value: SettingsFormValues[F]) => {
    const next = { ...values, [field]: value };
    setValues(next);
    // Clear a shown error as soon as it is fixed; new errors wait for blur or a button.
    if (errors[field]) checkField(field, next);
  };

  const { busy, feedback, act } = useSettingsActions<SettingsInput, SettingsField>(
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
    act('save', async (input, hostAccess) => {
      const granted = await hostAccess;
      // Saved even without access: the keys are right, only the host is out of reach for now.
      const saved = await request('datadog:save-settings', input);
      onSaved(saved);
      setValues((current) => ({ ...current, apiKey: '', appKey: '' }));
      return { kind: 'saved', unreachableHost: granted ? null : (foreignApiUrl(input.apiUrl)?.host ?? null) };
    });
  };

  const onTest = () =>
    act('test', async (input, hostAccess) => {
      // Without access the background reports a network problem, which is then the truth.
      await hostAccess;
      return { kind: 'connection', result: await request('datadog:test-connection', input) };
    });

  return (
    <form ref={form} class="settings-form" noValidate onSubmit={onSubmit}>
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
        onBlur={(field) => checkField(field, values)}
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
        onBlur={() => checkField('apiUrl', values)}
      />
      <ApiUrlWarning apiUrl={values.apiUrl} />
      <SettingsActions busy={busy} feedback={feedback} onTest={onTest} />
    </form>
  );
}
