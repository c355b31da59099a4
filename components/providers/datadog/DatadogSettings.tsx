import { SettingsSection } from '@/components/options/SettingsSection';
import { request } from '@/lib/messages/client';
import { DatadogSettingsForm } from './DatadogSettingsForm';

/** Datadog's fieldset on the options page, for each of its profiles. */
export function DatadogSettings() {
  return (
    <SettingsSection
      provider="datadog"
      load={(profileId) => request('datadog:get-settings', { profileId })}
      render={(settings, onSaved, profileId) => (
        <DatadogSettingsForm settings={settings} profileId={profileId} onSaved={onSaved} />
      )}
    />
  );
}
