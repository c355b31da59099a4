import { useAsync } from '@/components/shared/useAsync';
import { request } from '@/lib/messages/client';
import { SettingsForm } from './SettingsForm';

/**
 * The settings page. The form appears once the stored settings are known, so it never shows
 * defaults that a Save would write over the real values.
 */
export function OptionsApp() {
  const settings = useAsync(() => request('get-settings', {}));
  const { state } = settings;
  return (
    <main class="options">
      <h1>Heatmap Snapshots settings</h1>
      <p class="detail">
        The extension calls Datadog’s API with your keys to save heatmap snapshots. Keys stay in this
        browser’s extension storage and are only sent to the API host below.
      </p>
      {state.status === 'ok' ? (
        <SettingsForm settings={state.value} onSaved={settings.set} />
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
      )}
    </main>
  );
}
