import type { Handlers } from '@/lib/background/router';
import { PROVIDERS, type ProviderId } from '@/lib/providers/registry';
import { readManaged, readMergedProfiles, readStoredProfiles, writeProfiles } from '@/lib/storage/items';
import { applyProfileChange } from './edit';
import type { PROFILE_MESSAGES, ProfilesList } from './protocol';
import { servingProfileNames } from './serving';

/** Names, bindings and what is managed: the options page never gets a profile's settings through this. */
async function profilesList(provider: ProviderId): Promise<ProfilesList> {
  const { defaultId, profiles } = await readMergedProfiles(provider);
  const definition = PROVIDERS[provider];
  const fields: readonly string[] =
    'policyFields' in definition ? definition.policyFields : Object.keys(definition.settingsSchema.shape);
  const managed = (fixed: string[] | null) =>
    fixed === null ? 'no' : fields.every((field) => fixed.includes(field)) ? 'all' : 'some';
  return {
    defaultId,
    profiles: profiles.map(({ id, name, bindings, managedFields }) => ({
      id,
      name,
      bindings,
      managed: managed(managedFields),
    })),
    policyProblem: (await readManaged()).problem,
  };
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
