import { z } from 'zod/mini';

/**
 * A profile: one named connection to a provider (that provider's settings, keys included) and the
 * detected ids it serves (Datadog application ids, PostHog project tokens). The core knows the
 * envelope only; `settings` is checked by the provider's own schema when read (checkStoredSettings).
 */
export const ProfileNameSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, 'Give the profile a name'),
    z.maxLength(60, 'A profile name is at most 60 characters'),
  );

export const ProfileIdSchema = z.string().check(z.minLength(1), z.maxLength(100));

/**
 * The profile a page's request is for (spread into provider messages): chosen in the popup or
 * edited in the options page; absent, the binding rule (popup) or the default (options) picks.
 */
export const ProfileChoice = { profileId: z.optional(ProfileIdSchema) };

export const StoredProfileSchema = z.object({
  id: ProfileIdSchema,
  name: ProfileNameSchema,
  bindings: z.array(z.string().check(z.maxLength(200))).check(z.maxLength(200)),
  /** The provider's settings as stored: `unknown` until the provider's schema checks them. */
  settings: z.unknown(),
});
export type StoredProfile = z.infer<typeof StoredProfileSchema>;

/** One provider's profiles in `local:settings` (v3), and which one serves pages bound to none. */
export const StoredProviderProfilesSchema = z.object({
  defaultId: ProfileIdSchema,
  profiles: z.array(StoredProfileSchema).check(z.minLength(1)),
  /** What the person entered for managed profiles (lib/profiles/managed.ts), by profile id. */
  managedSettings: z.optional(z.record(z.string(), z.unknown())),
});
export type StoredProviderProfiles = z.infer<typeof StoredProviderProfilesSchema>;

/** The id of the profile the v2 → v3 migration makes, and of the implicit one on a fresh install. */
export const FIRST_PROFILE_ID = 'default';
export const FIRST_PROFILE_NAME = 'Default';

/** A fresh install, or a provider never configured: one empty profile, the default. */
export function firstProfiles(settings: unknown): StoredProviderProfiles {
  return {
    defaultId: FIRST_PROFILE_ID,
    profiles: [{ id: FIRST_PROFILE_ID, name: FIRST_PROFILE_NAME, bindings: [], settings }],
  };
}

/** Why a profile serves a page: bound to the page's application or project, or the default. */
export type ProfileReason = 'bound' | 'default' | 'chosen';

interface Bindable {
  id: string;
  bindings: readonly string[];
}

/**
 * THE binding rule: the profile bound to the detected id (application id, project token), else the
 * provider's default (else the first, if the default id is stale).
 */
export function resolveProfile<T extends Bindable>(
  profiles: readonly T[],
  defaultId: string,
  detectedId: string | null,
): { profile: T; reason: ProfileReason } {
  const bound = detectedId === null ? undefined : profiles.find((p) => p.bindings.includes(detectedId));
  if (bound) return { profile: bound, reason: 'bound' };
  const fallback = profiles.find((p) => p.id === defaultId) ?? profiles[0];
  if (!fallback) throw new Error('A provider always has at least one profile.');
  return { profile: fallback, reason: 'default' };
}

/**
 * Splits what the person typed (commas or lines) into ids, each checked by the provider's binding
 * schema. Returns the ids or the sentence naming the first that fails.
 */
export function parseBindings(
  text: string,
  bindingSchema: z.ZodMiniType<string>,
): { ok: true; ids: string[] } | { ok: false; message: string } {
  const ids = [
    ...new Set(
      text
        .split(/[\n,]/)
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    ),
  ];
  for (const id of ids) {
    const parsed = bindingSchema.safeParse(id);
    if (!parsed.success)
      return { ok: false, message: parsed.error.issues[0]?.message ?? `${id} is not valid` };
  }
  return { ok: true, ids };
}

/** A sentence when one id is bound to two profiles (a page must map to exactly one), else null. */
export function bindingConflict(profiles: readonly (Bindable & { name: string })[]): string | null {
  const owner = new Map<string, string>();
  for (const profile of profiles) {
    for (const id of profile.bindings) {
      const other = owner.get(id);
      if (other !== undefined && other !== profile.name) {
        return `${id} is already bound to the profile “${other}”: an id can serve one profile only.`;
      }
      owner.set(id, profile.name);
    }
  }
  return null;
}
