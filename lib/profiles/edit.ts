import type { z } from 'zod/mini';
import { bindingConflict, parseBindings, type StoredProviderProfiles } from './profile';
import type { ProfileChange } from './protocol';

/** What an edit needs to know of the provider: fresh settings for a new profile, and its binding rule. */
export interface ProviderForEdits {
  defaultSettings: unknown;
  bindingSchema: z.ZodMiniType<string>;
}

/**
 * One change from the options page applied to a provider's profiles; refused with a sentence
 * (thrown) when it would leave no profile, a blank or repeated name, or an id bound twice.
 */
export function applyProfileChange(
  stored: StoredProviderProfiles,
  change: ProfileChange,
  provider: ProviderForEdits,
  newId: () => string,
): StoredProviderProfiles {
  const { profiles } = stored;
  const exists = (id: string) => {
    if (!profiles.some((profile) => profile.id === id)) throw new Error('This profile no longer exists.');
  };
  const uniqueName = (name: string, id: string | null) => {
    if (profiles.some((profile) => profile.id !== id && profile.name === name)) {
      throw new Error(`There is already a profile named “${name}”.`);
    }
  };
  switch (change.kind) {
    case 'add': {
      uniqueName(change.name, null);
      const profile = { id: newId(), name: change.name, bindings: [], settings: provider.defaultSettings };
      return { ...stored, profiles: [...profiles, profile] };
    }
    case 'rename':
      exists(change.id);
      uniqueName(change.name, change.id);
      return {
        ...stored,
        profiles: profiles.map((p) => (p.id === change.id ? { ...p, name: change.name } : p)),
      };
    case 'delete': {
      exists(change.id);
      if (profiles.length === 1) throw new Error('The last profile cannot be deleted.');
      const rest = profiles.filter((profile) => profile.id !== change.id);
      const defaultId = stored.defaultId === change.id ? (rest[0]?.id ?? stored.defaultId) : stored.defaultId;
      return { defaultId, profiles: rest };
    }
    case 'set-default':
      exists(change.id);
      return { ...stored, defaultId: change.id };
    case 'bindings': {
      exists(change.id);
      const parsed = parseBindings(change.text, provider.bindingSchema);
      if (!parsed.ok) throw new Error(parsed.message);
      const next = profiles.map((p) => (p.id === change.id ? { ...p, bindings: parsed.ids } : p));
      const conflict = bindingConflict(next);
      if (conflict !== null) throw new Error(conflict);
      return { ...stored, profiles: next };
    }
  }
}
