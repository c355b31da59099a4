import type { ComponentChildren } from 'preact';
import { useAsync } from '@/components/shared/useAsync';
import { PROVIDERS, type ProviderId } from '@/lib/providers/registry';
import { ProfileManager } from './ProfileManager';

type Props<T> = {
  provider: ProviderId;
  /** One profile's settings, as pages may see them. */
  load: (profileId: string) => Promise<T>;
  render: (settings: T, onSaved: (settings: T) => void, profileId: string) => ComponentChildren;
};

/**
 * One provider's settings on the options page, in a fieldset named after it: its profiles
 * (ProfileManager), then the form of the profile being edited.
 */
export function SettingsSection<T>({ provider, load, render }: Props<T>) {
  return (
    <fieldset class="provider-settings">
      <legend>{PROVIDERS[provider].label}</legend>
      <ProfileManager provider={provider}>
        {(profileId) => (
          <ProfileSettings
            key={profileId}
            load={() => load(profileId)}
            render={(s, onSaved) => render(s, onSaved, profileId)}
          />
        )}
      </ProfileManager>
    </fieldset>
  );
}

/**
 * A profile's form appears once its stored settings are known, so it never shows defaults that
 * a Save would write over the real values.
 */
function ProfileSettings<T>({
  load,
  render,
}: {
  load: () => Promise<T>;
  render: (settings: T, onSaved: (settings: T) => void) => ComponentChildren;
}) {
  const settings = useAsync(load);
  const { state } = settings;
  return state.status === 'ok' ? (
    render(state.value, settings.set)
  ) : state.status === 'error' ? (
    <section class="notice problem">
      <p role="alert">{state.message}</p>
      <button type="button" onClick={settings.reload}>
        Try again
      </button>
    </section>
  ) : (
    <p class="muted" aria-busy="true">
      Loading settings…
    </p>
  );
}
