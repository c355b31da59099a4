import { createDatadogClient } from '@/lib/datadog/client';
import { apiBaseUrl } from '@/lib/datadog/sites';
import { readSettings } from '@/lib/settings/storage';

/** A client for the stored settings; the keys never leave the background. */
export async function clientFromSettings() {
  const settings = await readSettings();
  if (!settings.apiKey || !settings.appKey) {
    throw new Error('Add your Datadog API and application keys in the extension settings first.');
  }
  return createDatadogClient({
    baseUrl: apiBaseUrl(settings),
    apiKey: settings.apiKey,
    appKey: settings.appKey,
  });
}
