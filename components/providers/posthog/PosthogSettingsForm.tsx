import { useRef } from 'preact/hooks';
import { SettingsActions } from '@/components/shared/SettingsActions';
import { TextField } from '@/components/shared/TextField';
import { useCheckedFields } from '@/components/shared/useCheckedFields';
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

type Props = {
  settings: PosthogPublicSettings;
  /** The profile these settings belong to (lib/profiles/). */
  profileId: string;
  onSaved: (settings: PosthogPublicSettings) => void;
};

/** Where PostHog is, which project, and the personal API key, with Save and Test connection. */
export function PosthogSettingsForm({ settings, profileId, onSaved }: Props) {
  const form = useRef<HTMLFormElement>(null);
  const { values, setValues, errors, setErrors, check, change } = useCheckedFields<
    PosthogFormValues,
    PosthogSettingsField
  >({ apiUrl: settings.apiUrl, projectId: settings.projectId, apiKey: '' }, (next) => {
    const outcome = toSettingsInput(next);
    return outcome.ok ? {} : outcome.errors;
  });

  const { busy, feedback, save, test } = useSettingsActions<PosthogSettingsInput, PosthogSettingsField>(
    form,
    () => {
      const outcome = toSettingsInput(values);
      return outcome.ok ? { ...outcome, host: selfHostedUrl(outcome.input.apiUrl) } : outcome;
    },
    setErrors,
  );

  const onSubmit = (event: Event) => {
    event.preventDefault();
    save(async (input) => {
      const saved = await request('posthog:save-settings', { ...input, profileId });
      onSaved(saved);
      setValues({ apiUrl: saved.apiUrl, projectId: saved.projectId, apiKey: '' });
    });
  };

  const onTest = () =>
    test(async (input) => {
      const result = await request('posthog:test-connection', { ...input, profileId });
      // The test may find the key's only project: offer it in the field, saved with the next Save.
      const foundProject = result.ok ? result.projectId : undefined;
      if (foundProject)
        setValues((current) => (current.projectId ? current : { ...current, projectId: foundProject }));
      return result;
    });

  return (
    <form ref={form} class="settings-form" noValidate onSubmit={onSubmit}>
      {settings.needsFixing === null ? null : <p class="notice problem">{settings.needsFixing}</p>}
      <PosthogUrlField
        value={values.apiUrl}
        error={errors.apiUrl}
        onInput={(value) => change('apiUrl', value)}
        onBlur={() => check('apiUrl')}
      />
      <SelfHostedWarning apiUrl={values.apiUrl} />
      <TextField
        label="Project ID"
        mono
        value={values.projectId}
        help="The number in your PostHog project’s address, like 12345 in /project/12345. Left empty, it is found from the page you save from."
        error={errors.projectId}
        onInput={(value) => change('projectId', value)}
        onBlur={() => check('projectId')}
      />
      <ApiKeyField
        value={values.apiKey}
        hint={settings.apiKeyHint}
        error={errors.apiKey}
        onInput={(value) => change('apiKey', value)}
        onBlur={() => check('apiKey')}
      />
      <SettingsActions busy={busy} feedback={feedback} onTest={onTest} />
    </form>
  );
}
