import type { HttpClientOptions } from '@/lib/shared/http';
import { readSettings } from '@/lib/storage/items';
import { createPosthogClient } from './client';
import { isPosthogConfigured, type PosthogSettings } from './settings';

/** A client for these settings (`http` for a save's budget); the key never leaves the background. */
export function posthogClientFor(settings: PosthogSettings, http: HttpClientOptions = {}) {
  return createPosthogClient({
    baseUrl: settings.apiUrl,
    apiKey: settings.apiKey,
    projectId: settings.projectId,
    ...http,
  });
}

/** A client for the stored settings, or a sentence saying what is missing. */
export async function clientFromSettings(http: HttpClientOptions = {}) {
  const settings = await readSettings('posthog');
  if (!isPosthogConfigured(settings)) {
    throw new Error('Add your PostHog personal API key and project ID in the extension settings first.');
  }
  return posthogClientFor(settings, http);
}
