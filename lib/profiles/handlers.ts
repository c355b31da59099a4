import type { Handlers } from '@/lib/background/router';
import { PROVIDERS, type ProviderId } from '@/lib/providers/registry';
import { readStoredProfiles, writeProfiles } from '@/lib/storage/items';
import { applyProfileChange } from './edit';
import type { PROFILE_MESSAGES, ProfilesList } from './protocol';
import { servingProfileNames } from './serving';

/** Names and bindings only: the options page never gets a profile's settings through this. */
async function profilesList(provider: ProviderId): Promise<ProfilesList> {
  const { defaultId, profiles } = await readStoredProfiles(provider);
  return { defaultId, profiles: profiles.map(({ id, name, bindings }) => ({ id, name, bindings })) };
}

/** The background's answers to the profile messages (lib/profiles/protocol.ts). */
export function profileHandlers(): Handlers<keyof typeof PROFILE_MESSAGES> {
  return {
    'serving-profile': ({ provider, detectedId, profileId }) =>
      servingProfileNames(provider, detectedId, profileId),
    'list-profiles': ({ provider }) => profilesList(provider),
    'change-profiles': async ({ provider, change }) => {
      const changed = applyProfileChange(
        await readStoredProfiles(provider),
        change,
        PROVIDERS[provider],
        () => crypto.randomUUID(),
      );
      await writeProfiles(provider, changed);
      return profilesList(provider);
    },
  };
}
