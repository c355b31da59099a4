import { openSettings } from '@/components/popup/target-tab';
import type { AsyncState } from '@/components/shared/useAsync';
import type { PosthogInstance } from '@/lib/providers/posthog/context';
import { suggestApiUrl } from '@/lib/providers/posthog/hosts';
import type { PosthogPublicSettings } from '@/lib/providers/posthog/protocol';
import type { ProjectLookup } from './useProjectLookup';

/** True when a save can call PostHog: a key and a project are set and the stored settings need no fixing. */
export function posthogConfigured(settings: PosthogPublicSettings): boolean {
  return settings.apiKeyHint !== null && settings.projectId !== '' && settings.needsFixing === null;
}

function lookupText(lookup: ProjectLookup): string {
  if (lookup.status === 'looking') return 'Looking for this page’s project in PostHog…';
  return lookup.status === 'done' ? lookup.message : '';
}

/**
 * What the popup must say about PostHog's settings before anyone tries to save. The project
 * lookup's sentence has its own live region, present throughout, so both "looking" and the answer
 * are announced, also when the answer makes the notice itself go away.
 */
export function SettingsNotice({
  state,
  lookup,
  instance,
}: {
  state: AsyncState<PosthogPublicSettings>;
  lookup: ProjectLookup;
  instance: PosthogInstance | null;
}) {
  if (state.status === 'error') {
    return (
      <p class="notice problem" role="alert">
        {state.message}
      </p>
    );
  }
  const settings = 'value' in state ? state.value : undefined;
  // The page's posthog-js names its region (api_host, or ui_host behind a proxy): keys of one
  // region do not work in the other, the most likely setup mistake.
  const pageCloud = instance ? suggestApiUrl(instance) : null;
  const otherRegion =
    settings && pageCloud?.kind === 'cloud' && settings.apiUrlIsCloud && pageCloud.apiUrl !== settings.apiUrl
      ? pageCloud
      : null;
  return (
    <>
      {settings && settings.needsFixing !== null ? (
        <section class="notice problem">
          <p class="detail">{settings.needsFixing}</p>
          <button type="button" onClick={() => openSettings()}>
            Open settings
          </button>
        </section>
      ) : null}
      {settings && settings.needsFixing === null && !posthogConfigured(settings) ? (
        <section class="notice">
          <p class="title">Add your PostHog personal API key and project</p>
          <p class="detail">
            Saving a heatmap calls PostHog’s API with your personal API key, in one project.
          </p>
          <button type="button" onClick={() => openSettings()}>
            Open settings
          </button>
        </section>
      ) : null}
      <p
        class={
          lookup.status === 'done' && lookup.found
            ? 'project-lookup notice success'
            : 'project-lookup muted small'
        }
        aria-live="polite"
      >
        {lookupText(lookup)}
      </p>
      {otherRegion && settings ? (
        <section class="notice warning">
          <p class="detail">
            This page’s posthog-js reports to <span class="mono">{otherRegion.label}</span>, but the extension
            uses <span class="mono">{settings.apiUrl}</span>. Heatmaps go to the extension’s PostHog.
          </p>
          <button type="button" onClick={() => openSettings()}>
            Change PostHog URL
          </button>
        </section>
      ) : null}
      {settings && !settings.apiUrlIsCloud ? (
        <p class="notice warning small">
          Your key is sent to <span class="mono">{settings.apiUrl}</span>, which is not PostHog Cloud
        </p>
      ) : null}
    </>
  );
}
