import { useRef, useState } from 'preact/hooks';
import type { FieldErrors } from '@/components/shared/errors';
import { SettingsActions } from '@/components/shared/SettingsActions';
import { TextField } from '@/components/shared/TextField';
import { useSettingsActions } from '@/components/shared/useSettingsActions';
import { request } from '@/lib/messages/client';
import type { PosthogPublicSettings, PosthogSettingsInput } from '@/lib/providers/posthog/protocol';
import { ApiKeyField } from './ApiKeyField';
import { PosthogUrlField } from './PosthogUrlField';
import { SelfHostedWarning } from './SelfHostedWarning';
import {
  type PosthogFormValues,
  type PosthogSettingsField,
  selfHostedUrl,
  toSettingsInput,
} from './settings-form';

type Props = { settings: PosthogPublicSettings; onSaved: (settings: PosthogPublicSettings) => void };

/** Where PostHog is, which project, and the personal API key, with Save and Test connection. */
export function PosthogSettingsForm({ settings, onSaved }: Props) {
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<PosthogFormValues>({
    apiUrl: settings.apiUrl,
    projectId: settings.projectId,
    apiKey: '',
  });
  const [errors, setErrors] = useState<FieldErrors<PosthogSettingsField>>({});

  const errorsOf = (next: PosthogFormValues) => {
    const outcome = toSettingsInput(next);
    return outcome.ok ? {} : outcome.errors;
  };
  const checkField = (field: PosthogSettingsField, next: PosthogFormValues) =>
    setErrors((previous) => ({ ...previous, [field]: errorsOf(next)[field] }));

  const change = (field: PosthogSettingsField) => (value: string) => {
    const next = { ...values, [field]: value };
    setValues(next);
    // Clear a shown error as soon as it is fixed; new errors wait for blur or a button.
    if (errors[field]) checkField(field, next);
  };

  const { busy, feedback, act } = useSettingsActions<PosthogSettingsInput, PosthogSettingsField>(
    form,
    () => {
      const outcome = toSettingsInput(values);
      return outcome.ok ? { ...outcome, host: selfHostedUrl(outcome.input.apiUrl) } : outcome;
    },
    setErrors,
  );

  const onSubmit = (event: Event) => {
    event.preventDefault();
    act('save', async (input, hostAccess) => {
      const granted = await hostAccess;
      // Saved even without access: the settings are right, only the host is out of reach for now.
      const saved = await request('posthog:save-settings', input);
      onSaved(saved);
      setValues({ apiUrl: saved.apiUrl, projectId: saved.projectId, apiKey: '' });
      return { kind: 'saved', unreachableHost: granted ? null : (selfHostedUrl(input.apiUrl)?.host ?? null) };
    });
  };

  const onTest = () =>
    act('test', async (input, hostAccess) => {
      // Without access the background reports a network problem, which is then the truth.
      await hostAccess;
      const result = await request('posthog:test-connection', input);
      // The test may find the key's only project: offer it in the field, saved with the next Save.
      const foundProject = result.ok ? result.projectId : undefined;
      if (foundProject)
        setValues((current) => (current.projectId ? current : { ...current, projectId: foundProject }));
      return { kind: 'connection', result };
    });

  return (
    <form ref={form} class="settings-form" noValidate onSubmit={onSubmit}>
      <PosthogUrlField
        value={values.apiUrl}
        error={errors.apiUrl}
        onInput={change('apiUrl')}
        onBlur={() => checkField('apiUrl', values)}
      />
      <SelfHostedWarning apiUrl={values.apiUrl} />
      <TextField
        label="Project ID"
        mono
        value={values.projectId}
        help="The number in your PostHog project’s address, like 12345 in /project/12345. Left empty, it is found from the page you save from."
        error={errors.projectId}
        onInput={change('projectId')}
        onBlur={() => checkField('projectId', values)}
      />
      <ApiKeyField
        value={values.apiKey}
        hint={settings.apiKeyHint}
        error={errors.apiKey}
        onInput={change('apiKey')}
        onBlur={() => checkField('apiKey', values)}
      />
      <SettingsActions busy={busy} feedback={feedback} onTest={onTest} />
    </form>
  );
}
