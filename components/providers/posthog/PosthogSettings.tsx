import { SettingsSection } from '@/components/options/SettingsSection';
import { request } from '@/lib/messages/client';
import { PosthogSettingsForm } from './PosthogSettingsForm';

/** PostHog's fieldset on the options page. */
export function PosthogSettings() {
  return (
    <SettingsSection
      legend="PostHog"
      load={() => request('posthog:get-settings', {})}
      render={(settings, onSaved) => <PosthogSettingsForm settings={settings} onSaved={onSaved} />}
    />
  );
}
