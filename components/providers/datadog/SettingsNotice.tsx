import { openSettings } from '@/components/popup/target-tab';
import type { AsyncState } from '@/components/shared/useAsync';
import type { DatadogPublicSettings as PublicSettings } from '@/lib/providers/datadog/protocol';

/** True when a save can call Datadog: both keys are set and the stored settings need no fixing. */
export function keysConfigured(settings: PublicSettings): boolean {
  return settings.apiKeyHint !== null && settings.appKeyHint !== null && settings.needsFixing === null;
}

/** What the popup must say about the settings before anyone tries to save. */
export function SettingsNotice({
  state,
  pageSite,
}: {
  state: AsyncState<PublicSettings>;
  pageSite: string | null;
}) {
  if (state.status === 'error') {
    return (
      <p class="notice problem" role="alert">
        {state.message}
      </p>
    );
  }
  if (state.status !== 'ok') return null;
  const settings = state.value;
  return (
    <>
      {settings.needsFixing === null ? null : (
        <section class="notice problem">
          <p class="detail">{settings.needsFixing}</p>
          <button type="button" onClick={() => openSettings(null)}>
            Open settings
          </button>
        </section>
      )}
      {keysConfigured(settings) || settings.needsFixing !== null ? null : (
        <section class="notice">
          <p class="title">Add your Datadog API and application keys</p>
          <p class="detail">Saving a snapshot calls Datadog’s API with both keys.</p>
          <button type="button" onClick={() => openSettings(pageSite)}>
            Open settings
          </button>
        </section>
      )}
      {keysConfigured(settings) && settings.apiBaseIsDatadog && pageSite && pageSite !== settings.site ? (
        <section class="notice warning">
          <p class="detail">
            This page’s Datadog SDK reports to <span class="mono">{pageSite}</span>, but the extension uses{' '}
            <span class="mono">{settings.site}</span>. Snapshots go to the extension’s site.
          </p>
          <button type="button" onClick={() => openSettings(pageSite)}>
            Change site
          </button>
        </section>
      ) : null}
      {settings.apiBaseIsDatadog ? null : (
        <p class="notice warning small">
          Keys are sent to <span class="mono">{settings.apiBase}</span>, which is not a Datadog host
        </p>
      )}
    </>
  );
}
