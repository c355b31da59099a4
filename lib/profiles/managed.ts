import { z } from 'zod/mini';
import { PROVIDERS, type ProviderId, perProvider } from '@/lib/providers/registry';
import { ProfileNameSchema, type StoredProviderProfiles } from './profile';

/**
 * Managed configuration: profiles an organisation sets through `storage.managed` (Chrome enterprise
 * policy, Firefox policies; public/managed-schema.json describes it for Chrome). Its profiles are
 * merged with the person's own, locked in the options page; keys are optional, and a managed
 * profile without them takes keys the person enters (stored locally, see `managedSettings`).
 */

const managedProviderSchema = (id: ProviderId) =>
  z.object({
    profiles: z
      .array(
        z.object({
          name: ProfileNameSchema,
          bindings: z._default(z.array(PROVIDERS[id].bindingSchema).check(z.maxLength(200)), []),
          /** The provider's settings: each field optional; what the policy leaves out, the person fills in. */
          settings: z.optional(z.partial(PROVIDERS[id].settingsSchema as z.ZodMiniObject)),
          default: z._default(z.boolean(), false),
        }),
      )
      .check(z.maxLength(50)),
  });

export const ManagedPolicySchema = z.object(perProvider((id) => z.optional(managedProviderSchema(id))));
export type ManagedPolicy = z.infer<typeof ManagedPolicySchema>;
type ManagedProviderPolicy = NonNullable<ManagedPolicy[ProviderId]>;

/** What the policy says, or why it is ignored (a sentence for the options page). */
export interface ManagedRead {
  policy: ManagedPolicy;
  problem: string | null;
}

/**
 * Reads the policy through `source` (storage.managed in production). No policy is not a problem:
 * Chrome answers `{}` and Firefox throws when none is set. A policy that fails the schema is
 * ignored as a whole, with a sentence, rather than half applied.
 */
export async function readManagedPolicy(source: () => Promise<unknown>): Promise<ManagedRead> {
  let raw: unknown;
  try {
    raw = await source();
  } catch {
    return { policy: {}, problem: null };
  }
  if (raw === undefined || raw === null) return { policy: {}, problem: null };
  const parsed = ManagedPolicySchema.safeParse(raw);
  if (parsed.success) return { policy: parsed.data, problem: null };
  const issue = parsed.error.issues[0];
  const where = issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown shape';
  return {
    policy: {},
    problem: `Your organisation’s settings for this extension could not be read (${where}), so they are ignored. Tell your administrator.`,
  };
}

/** A managed profile's id: stable across policy updates as long as its name stays. */
export const managedProfileId = (name: string) => `managed:${name}`;

export interface MergedProfile {
  id: string;
  name: string;
  bindings: string[];
  settings: unknown;
  /** Set by the organisation: which settings fields it fixed (locked in the options page). */
  managedFields: string[] | null;
}

/**
 * The person's profiles and the organisation's, as one list. A managed profile's settings are the
 * provider's defaults, then what the person entered for it (its keys, when the policy has none),
 * then the policy's fields, which always win. A managed `default: true` is the default; a managed
 * binding wins over a local profile binding the same id (the local one loses that id).
 */
export function mergeManaged(
  stored: StoredProviderProfiles,
  managed: ManagedProviderPolicy | undefined,
  defaults: unknown,
): { defaultId: string; profiles: MergedProfile[] } {
  const own: MergedProfile[] = stored.profiles.map((p) => ({ ...p, managedFields: null }));
  if (!managed || managed.profiles.length === 0) return { defaultId: stored.defaultId, profiles: own };
  const organisation: MergedProfile[] = managed.profiles.map((p) => {
    const id = managedProfileId(p.name);
    const entered = stored.managedSettings?.[id];
    return {
      id,
      name: p.name,
      bindings: p.bindings,
      settings: { ...(defaults as object), ...(isObject(entered) ? entered : {}), ...p.settings },
      managedFields: Object.keys(p.settings ?? {}),
    };
  });
  const managedIds = new Set(organisation.flatMap((p) => p.bindings));
  const managedNames = new Set(organisation.map((p) => p.name));
  const locals = own
    .filter((p) => !managedNames.has(p.name))
    .map((p) => ({ ...p, bindings: p.bindings.filter((id) => !managedIds.has(id)) }));
  const managedDefault = managed.profiles.find((p) => p.default);
  const defaultId = managedDefault ? managedProfileId(managedDefault.name) : stored.defaultId;
  return { defaultId, profiles: [...organisation, ...locals] };
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
