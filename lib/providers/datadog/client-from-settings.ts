import type { HttpClientOptions } from '@/lib/shared/http';
import { readSettings } from '@/lib/storage/items';
import { createDatadogClient } from './client';
import { apiBaseUrl } from './sites';

/** A client for the stored settings (`http` for a save's budget); the keys never leave the background. */
export async function clientFromSettings(http: HttpClientOptions = {}) {
  const settings = await readSettings('datadog');
  if (!settings.apiKey || !settings.appKey) {
    throw new Error('Add your Datadog API and application keys in the extension settings first.');
  }
  return createDatadogClient({
    baseUrl: apiBaseUrl(settings),
    apiKey: settings.apiKey,
    appKey: settings.appKey,
    ...http,
  });
}
