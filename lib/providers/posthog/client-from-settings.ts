import {
  guardedFetch,
  type HostAccessCheck,
  HostAccessError,
  hostAccessProblem,
} from '@/lib/shared/host-access';
import type { HttpClientOptions } from '@/lib/shared/http';
import { readCheckedSettings } from '@/lib/storage/items';
import { createPosthogClient, type PosthogClient, type PosthogClientOptions } from './client';
import { isPosthogConfigured, type PosthogSettings } from './settings';

/**
 * A client whose every request passes the host gate (lib/shared/host-access.ts): to its base URL
 * only, with the host permission held at that moment.
 */
export function guardedPosthogClient(
  options: PosthogClientOptions,
  hasAccess?: HostAccessCheck,
): PosthogClient {
  return createPosthogClient({
    ...options,
    fetch: guardedFetch(options.baseUrl, 'PostHog', hasAccess, options.fetch),
  });
}

/**
 * The stored settings and a client for them (`http` for a save's budget); the key never leaves
 * the background. Refused with a sentence saying what to do when the stored settings need
 * fixing, the key (or, unless `projectOptional`, the project) is missing, or the host may not be
 * reached.
 */
export async function storedPosthogClient({
  projectOptional = false,
  http = {},
  hasAccess,
  profileId,
}: {
  projectOptional?: boolean;
  http?: HttpClientOptions;
  hasAccess?: HostAccessCheck;
  /** Whose keys (lib/profiles/); the default profile's when omitted. */
  profileId?: string;
} = {}): Promise<{ settings: PosthogSettings; client: PosthogClient }> {
  const { settings, problem } = await readCheckedSettings('posthog', profileId);
  if (problem !== null) throw new Error(problem);
  if (projectOptional ? settings.apiKey === '' : !isPosthogConfigured(settings)) {
    throw new Error('Add your PostHog personal API key and project ID in the extension settings first.');
  }
  const refusal = await hostAccessProblem(settings.apiUrl, 'PostHog', hasAccess);
  if (refusal !== null) throw new HostAccessError(refusal);
  const client = guardedPosthogClient(
    { baseUrl: settings.apiUrl, apiKey: settings.apiKey, projectId: settings.projectId, ...http },
    hasAccess,
  );
  return { settings, client };
}

/** A client for the stored settings (key and project set), or the sentence saying what to do. */
export async function clientFromSettings(
  http: HttpClientOptions = {},
  profileId?: string,
): Promise<PosthogClient> {
  return (await storedPosthogClient({ http, profileId })).client;
}
