import { SettingsSection } from '@/components/options/SettingsSection';
import { request } from '@/lib/messages/client';
import { DatadogSettingsForm } from './DatadogSettingsForm';

/** Datadog's fieldset on the options page. */
export function DatadogSettings() {
  return (
    <SettingsSection
      legend="Datadog"
      load={() => request('datadog:get-settings', {})}
      render={(settings, onSaved) => <DatadogSettingsForm settings={settings} onSaved={onSaved} />}
    />
  );
}
