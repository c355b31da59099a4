import { z } from 'zod/mini';

/**
 * What differs between majors of the Datadog browser RUM SDK, in one place, read from the
 * published bundles (../shared/reference/rum-sdk.md and the builds in node_modules):
 * - a replay segment is flushed at most 30 s after its first record in v4, 5 s from v5 on;
 * - `defaultPrivacyLevel` defaults to `mask-user-input` in v4 and v7, `mask` in v5 and v6;
 *   `mask-unless-allowlisted` exists from v6;
 * - `startSessionReplayRecording({force: true})` (recording a session not sampled for replay)
 *   exists from 5.21.0; v4 records only sessions sampled for replay, and only once the page calls
 *   `startSessionReplayRecording()`;
 * - Datadog's heatmaps need ≥ 4.40 for click maps and ≥ 4.50 for scroll maps.
 */

export const PRIVACY_LEVELS = ['allow', 'mask', 'mask-user-input', 'mask-unless-allowlisted'] as const;
export const PrivacyLevelSchema = z.enum(PRIVACY_LEVELS);
export type PrivacyLevel = z.infer<typeof PrivacyLevelSchema>;

export interface SdkVersion {
  major: number;
  minor: number;
  patch: number;
}

/** `MAJOR.MINOR.PATCH`, optionally with a pre-release or build suffix, as the SDK's `version` says. */
const VERSION = /^(\d{1,3})\.(\d{1,4})\.(\d{1,4})(?:[-+][0-9A-Za-z.-]{0,40})?$/;

export function parseSdkVersion(version: string | null): SdkVersion | null {
  const match = version === null ? null : VERSION.exec(version);
  if (!match) return null;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

/** A `MAJOR.MINOR` from which an SDK has a feature; the popup names it when telling people to upgrade. */
export interface SdkRelease {
  major: number;
  minor: number;
}

/** `startSessionReplayRecording({force: true})` records a session not sampled for replay. */
export const FORCED_REPLAY_SINCE: SdkRelease = { major: 5, minor: 21 };
/** Datadog's click maps. */
export const CLICK_MAPS_SINCE: SdkRelease = { major: 4, minor: 40 };
/** Datadog's scroll maps. */
export const SCROLL_MAPS_SINCE: SdkRelease = { major: 4, minor: 50 };
/** `mask-unless-allowlisted`: older majors apply their default instead. */
const MASK_UNLESS_ALLOWLISTED_SINCE: SdkRelease = { major: 6, minor: 0 };

export function releaseText(release: SdkRelease): string {
  return `${release.major}.${release.minor}`;
}

function atLeast(version: SdkVersion, release: SdkRelease): boolean {
  return version.major > release.major || (version.major === release.major && version.minor >= release.minor);
}

/** The longest any supported major holds a segment: used when the version is unknown. */
const LONGEST_SEGMENT_DURATION_MS = 30_000;

/** How long after its first record a segment is at the latest uploaded, for this SDK. */
export function segmentDurationLimitMs(version: SdkVersion | null): number {
  if (version === null || version.major <= 4) return LONGEST_SEGMENT_DURATION_MS;
  return 5_000;
}

/** The privacy level the SDK applies when `init` did not set one. */
export function defaultPrivacyLevel(version: SdkVersion | null): PrivacyLevel {
  if (version !== null && (version.major === 5 || version.major === 6)) return 'mask';
  return 'mask-user-input';
}

/**
 * Whether this SDK knows `level`: the SDK replaces a level it does not know by its default (an
 * unknown version is taken to know every level, as a newer SDK would).
 */
export function knowsPrivacyLevel(version: SdkVersion | null, level: PrivacyLevel): boolean {
  return (
    level !== 'mask-unless-allowlisted' || version === null || atLeast(version, MASK_UNLESS_ALLOWLISTED_SINCE)
  );
}

/** Whether `startSessionReplayRecording({force: true})` records a session not sampled for replay. */
export function canForceReplay(version: SdkVersion | null): boolean {
  return version === null || atLeast(version, FORCED_REPLAY_SINCE);
}

/**
 * What Datadog's heatmaps can show for data from this SDK: `too-old` below 4.40 (no click maps),
 * `no-scroll-maps` below 4.50. An unknown version is not refused: the SDK may be a newer one.
 */
export function heatmapSupport(version: SdkVersion | null): 'full' | 'no-scroll-maps' | 'too-old' {
  if (version === null || atLeast(version, SCROLL_MAPS_SINCE)) return 'full';
  return atLeast(version, CLICK_MAPS_SINCE) ? 'no-scroll-maps' : 'too-old';
}
