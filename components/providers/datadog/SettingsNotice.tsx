import { openSettings } from '@/components/popup/target-tab';
import type { AsyncState } from '@/components/shared/useAsync';
import type { DatadogPublicSettings as PublicSettings } from '@/lib/providers/datadog/protocol';

/**
 * True when a save can call Datadog: the profile is signed in, or both keys are set, and the stored
 * settings need no fixing.
 */
export function keysConfigured(settings: PublicSettings): boolean {
  const credentialReady =
    settings.credential === 'sign-in'
      ? settings.signIn.status === 'signed-in'
      : settings.apiKeyHint !== null && settings.appKeyHint !== null;
  return credentialReady && settings.needsFixing === null;
}

/** The popup's line on how the profile signs in: to which app host, or that it must sign in again. */
function SignInLine({ settings, pageSite }: { settings: PublicSettings; pageSite: string | null }) {
  if (settings.credential !== 'sign-in') return null;
  if (settings.signIn.status === 'signed-in') {
    return (
      <p class="notice small" data-testid="datadog-credential">
        Signed in to <span class="mono">{settings.signIn.site}</span> with Datadog
      </p>
    );
  }
  return (
    <section class="notice problem" role="alert">
      <p class="title">
        {settings.signIn.status === 'signed-out' ? 'Signed out: sign in again' : 'Not signed in'}
      </p>
      <p class="detail">This profile signs in with Datadog instead of keys.</p>
      <button type="button" onClick={() => openSettings(pageSite)}>
        Open settings
      </button>
    </section>
  );
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
      <SignInLine settings={settings} pageSite={pageSite} />
      {keysConfigured(settings) ||
      settings.needsFixing !== null ||
      settings.credential === 'sign-in' ? null : (
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
          {settings.credential === 'sign-in' ? 'Requests are' : 'Keys are'} sent to{' '}
          <span class="mono">{settings.apiBase}</span>, which is not a Datadog host
        </p>
      )}
    </>
  );
}
