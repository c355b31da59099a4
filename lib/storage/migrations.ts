/**
 * How stored data moved between versions. Each migration takes what an older extension wrote
 * (unknown: never trusted) and returns the new shape, keeping every key and every pending save.
 * A value already in the new shape is returned as is, so a migration never damages data that a
 * newer version wrote without its version mark.
 */

import { firstProfiles } from '@/lib/profiles/profile';
import { isRecord } from '@/lib/shared/is-record';

/** v1 (0.1): one Datadog-only object `{site, apiKey, appKey, apiUrl}`. v2: one entry per provider. */
export function settingsV1ToV2(stored: unknown): unknown {
  if (!isRecord(stored) || 'datadog' in stored) return stored;
  return { datadog: stored };
}

/**
 * v2: one settings object per provider. v3: per provider, named profiles and a default
 * (lib/profiles/profile.ts); each provider's v2 settings become its one profile, “Default”.
 */
export function settingsV2ToV3(stored: unknown): unknown {
  if (!isRecord(stored)) return stored;
  return Object.fromEntries(
    Object.entries(stored).map(([provider, entry]) => [
      provider,
      isRecord(entry) && 'profiles' in entry ? entry : firstProfiles(entry),
    ]),
  );
}

/**
 * v3 → v4: a Datadog profile says how it signs in (`credential` in its settings schema)
 * and may name a custom app URL; every profile stored before signed in with its keys.
 */
export function settingsV3ToV4(stored: unknown): unknown {
  const datadog = isRecord(stored) ? stored.datadog : undefined;
  if (!isRecord(stored) || !isRecord(datadog) || !Array.isArray(datadog.profiles)) return stored;
  const withCredential = (settings: unknown) =>
    isRecord(settings) && !('credential' in settings)
      ? { ...settings, credential: { kind: 'keys' }, appUrl: settings.appUrl ?? '' }
      : settings;
  const managed = isRecord(datadog.managedSettings) ? datadog.managedSettings : undefined;
  return {
    ...stored,
    datadog: {
      ...datadog,
      profiles: datadog.profiles.map((profile: unknown) =>
        isRecord(profile) ? { ...profile, settings: withCredential(profile.settings) } : profile,
      ),
      ...(managed
        ? {
            managedSettings: Object.fromEntries(
              Object.entries(managed).map(([id, settings]) => [id, withCredential(settings)]),
            ),
          }
        : {}),
    },
  };
}

const V1_JOB_STATES: Record<string, string> = {
  'waiting-for-replay': 'waiting',
  creating: 'sending',
  done: 'done',
  failed: 'failed',
};

/** v1 jobs were all Datadog saves, with Datadog-named states and no label. */
export function jobV1ToV2(stored: unknown): unknown {
  if (!isRecord(stored) || 'provider' in stored) return stored;
  const input = isRecord(stored.input) ? stored.input : {};
  const state =
    typeof stored.state === 'string' ? (V1_JOB_STATES[stored.state] ?? stored.state) : stored.state;
  return {
    ...stored,
    provider: 'datadog',
    label: `“${String(input.snapshotName ?? '')}” · ${String(input.viewName ?? '')}`,
    state,
  };
}

/**
 * v2 PostHog capture jobs held one picture's size (`capture`); v3 holds one per width the page was
 * pictured at (`captures`), in the order they are uploaded.
 */
export function jobV2ToV3(stored: unknown): unknown {
  if (!isRecord(stored) || stored.provider !== 'posthog' || !('capture' in stored)) return stored;
  const { capture, ...rest } = stored;
  return capture === undefined ? rest : { ...rest, captures: [capture] };
}
