import type { ProviderId } from '@/lib/providers/registry';
import { type CheckedProfile, readProfiles } from '@/lib/storage/items';
import { type ProfileReason, resolveProfile } from './profile';
import type { ServingProfile } from './protocol';

/**
 * The profile that serves a page: the one the person chose in the popup (`chosenId`), else the
 * binding rule (resolveProfile) on the id the provider detected. A chosen profile that no longer
 * exists is refused with a sentence rather than replaced by another's keys.
 */
export async function servingProfile<P extends ProviderId>(
  provider: P,
  detectedId: string | null,
  chosenId?: string,
): Promise<{ profile: CheckedProfile<P>; reason: ProfileReason }> {
  const { defaultId, profiles } = await readProfiles(provider);
  if (chosenId === undefined) return resolveProfile(profiles, defaultId, detectedId);
  const chosen = profiles.find((profile) => profile.id === chosenId);
  if (!chosen) throw new Error('The profile chosen in the popup has been deleted; pick another.');
  return { profile: chosen, reason: 'chosen' };
}

/** What the popup shows: the serving profile's name and why, and the names to switch to (no keys). */
export async function servingProfileNames(
  provider: ProviderId,
  detectedId: string | null,
  chosenId?: string,
): Promise<ServingProfile> {
  const { profiles } = await readProfiles(provider);
  const { profile, reason } = await servingProfile(provider, detectedId, chosenId);
  return {
    profiles: profiles.map(({ id, name }) => ({ id, name })),
    serving: { id: profile.id, name: profile.name, reason },
  };
}
