import { openSettings } from '@/components/popup/target-tab';
import type { AsyncState } from '@/components/shared/useAsync';
import type { PosthogPublicSettings } from '@/lib/providers/posthog/protocol';
import type { ProjectLookup } from './useProjectLookup';

/** True when a save can call PostHog: a personal API key and a project are set. */
export function posthogConfigured(settings: PosthogPublicSettings): boolean {
  return settings.apiKeyHint !== null && settings.projectId !== '';
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
}: {
  state: AsyncState<PosthogPublicSettings>;
  lookup: ProjectLookup;
}) {
  if (state.status === 'error') {
    return (
      <p class="notice problem" role="alert">
        {state.message}
      </p>
    );
  }
  const settings = 'value' in state ? state.value : undefined;
  return (
    <>
      {settings && !posthogConfigured(settings) ? (
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
      {settings && !settings.apiUrlIsCloud ? (
        <p class="notice warning small">
          Your key is sent to <span class="mono">{settings.apiUrl}</span>, which is not PostHog Cloud
        </p>
      ) : null}
    </>
  );
}
