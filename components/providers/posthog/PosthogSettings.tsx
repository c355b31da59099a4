import { SettingsSection } from '@/components/options/SettingsSection';
import { request } from '@/lib/messages/client';
import { PosthogSettingsForm } from './PosthogSettingsForm';

/** PostHog's fieldset on the options page, for each of its profiles. */
export function PosthogSettings() {
  return (
    <SettingsSection
      provider="posthog"
      load={(profileId) => request('posthog:get-settings', { profileId })}
      render={(settings, onSaved, profileId) => (
        <PosthogSettingsForm settings={settings} profileId={profileId} onSaved={onSaved} />
      )}
    />
  );
}
