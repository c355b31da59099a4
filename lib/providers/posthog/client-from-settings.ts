import {
  guardedFetch,
  type HostAccessCheck,
  HostAccessError,
  hostAccessProblem,
} from '@/lib/shared/host-access';
import type { HttpClientOptions } from '@/lib/shared/http';
import { type CheckedProfile, readProfile } from '@/lib/storage/items';
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

/** What a client needs besides the profile: a save's budget, the host check, a project not yet known. */
interface ClientOptions {
  /** The project may be missing (finding it is what the client is for). */
  projectOptional?: boolean;
  http?: HttpClientOptions;
  hasAccess?: HostAccessCheck;
}

/**
 * A profile already read, and a client for its settings; the key never leaves the background.
 * Refused with a sentence saying what to do when the stored settings need fixing, the key (or,
 * unless `projectOptional`, the project) is missing, or the host may not be reached.
 */
export async function posthogClientForProfile(
  { settings, problem }: CheckedProfile<'posthog'>,
  { projectOptional = false, http = {}, hasAccess }: ClientOptions = {},
): Promise<{ settings: PosthogSettings; client: PosthogClient }> {
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

/** A client for a profile's stored settings (the default profile's when omitted): key and project set. */
export async function clientFromSettings(
  http: HttpClientOptions = {},
  profileId?: string,
): Promise<PosthogClient> {
  return (await posthogClientForProfile(await readProfile('posthog', profileId), { http })).client;
}
