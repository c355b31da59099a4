import type { PageContext } from '@/lib/providers/datadog/context';
import type { SaveInput } from '@/lib/providers/datadog/job';
import type { CreateSnapshotRequest, UpdateSnapshotAttributes } from '@/lib/providers/datadog/schemas';
import type { SegmentLookup } from '@/lib/providers/datadog/segments';
import { parseSdkVersion, segmentDurationLimitMs } from './sdk-versions';

/**
 * THE mapping from what was captured on the page to Datadog snapshot requests; saves and
 * re-points both go through here so they can never disagree.
 *
 * Choices (Datadog documents neither precisely, see shared/reference/datadog-api.md):
 * - `event_id` is the view id: every RUM view is itself an event whose id is the view id, and
 *   the view is the event the capture belongs to.
 * - `start` is "offset in ms from the start of the session": capture moment − session `created`
 *   (from the SDK's session store). When Datadog lists the view's replay segments, the offset is
 *   clamped into what was recorded ([first segment start, last segment recorded-until] − session start), so
 *   the snapshot always lands on replay that exists. Without segments the capture moment is used
 *   as is, and a note says the replay was not confirmed.
 */

/** Segment lookup outcome, plus the case where asking Datadog failed. */
export type ReplayLookup = SegmentLookup | { status: 'failed'; reason: string };

export interface StartPlacement {
  /** Offset in ms from the session start, a non-negative integer. */
  start: number;
  /** `segment`: placed on the view's ingested replay; `capture-moment`: replay not confirmed. */
  startSource: 'segment' | 'capture-moment';
  /** Sentences for the person about how `start` was chosen. */
  notes: string[];
}

/**
 * How long after its first record the page's SDK uploads a segment at the latest (30 s in v4, 5 s
 * from v5: sdk-versions.ts). A segment starting at `start` therefore holds every record up to
 * `start + limit`, or up to its last record if later: a quiet page after a short burst of changes
 * is still fully recorded up to that point. (A segment can be flushed earlier, on a view change or
 * the page being hidden; neither changes the page the person is looking at.)
 */
export function segmentLimitFor(context: Pick<PageContext, 'sdkVersion'>): number {
  return segmentDurationLimitMs(parseSdkVersion(context.sdkVersion));
}

function recordedUntil(segment: { start: number; end: number }, limitMs: number): number {
  return Math.max(segment.end, segment.start + limitMs);
}

function seconds(ms: number): string {
  return `${(Math.abs(ms) / 1000).toFixed(1)} s`;
}

/** rum-sdk.md: a Datadog session ends after 4 h at the latest. */
const MAX_SESSION_MS = 4 * 60 * 60 * 1000;
/** `created` is the page's clock, the capture moment the extension's: allow them to differ a little. */
const CLOCK_SKEW_MS = 2 * 60 * 1000;

/**
 * Why `sessionStart` cannot place a snapshot taken at `capturedAt`, or null when it can. The start
 * comes from the page (its session store), so a start in the future or longer ago than a session
 * can last is refused instead of becoming a `start` offset of years.
 */
export function sessionStartProblem(sessionStart: number | null, capturedAt: number): string | null {
  if (sessionStart === null) {
    return (
      'The session start time is unknown (the Datadog session store could not be read on the page), ' +
      'so the snapshot cannot be placed in the replay.'
    );
  }
  if (sessionStart > capturedAt + CLOCK_SKEW_MS) {
    return 'The page’s Datadog session store says the session starts after the capture moment, so the snapshot cannot be placed in the replay.';
  }
  if (sessionStart < capturedAt - MAX_SESSION_MS - CLOCK_SKEW_MS) {
    return 'The page’s Datadog session store says the session started more than 4 hours before the capture moment (longer than a Datadog session lasts), so the snapshot cannot be placed in the replay.';
  }
  return null;
}

/** The session start, or an error saying why the snapshot cannot be placed with it. */
export function requireSessionStart(context: PageContext): number {
  const problem = sessionStartProblem(context.sessionStart, context.capturedAt);
  if (problem !== null || context.sessionStart === null) throw new Error(problem ?? '');
  return context.sessionStart;
}

function unconfirmedNote(lookup: ReplayLookup): string {
  const ending = 'so the replay was not confirmed and the snapshot points at the capture moment.';
  if (lookup.status === 'failed') return `The replay could not be checked (${lookup.reason}), ${ending}`;
  if (lookup.status === 'unrecognised') {
    return `Datadog's list of replay segments has a shape this extension does not recognise, ${ending}`;
  }
  return `Datadog has no replay segments for this view yet, ${ending}`;
}

/** Where in the session the snapshot points, and why. */
function placeStart(context: PageContext, lookup: ReplayLookup): StartPlacement {
  const sessionStart = requireSessionStart(context);
  const captureOffset = context.capturedAt - sessionStart;
  const notes: string[] = [];
  let offset = captureOffset;
  let startSource: StartPlacement['startSource'] = 'capture-moment';

  if (lookup.status === 'recognised' && lookup.segments.length > 0) {
    startSource = 'segment';
    const first = Math.min(...lookup.segments.map((segment) => segment.start)) - sessionStart;
    const limit = segmentLimitFor(context);
    const last = Math.max(...lookup.segments.map((segment) => recordedUntil(segment, limit))) - sessionStart;
    if (captureOffset < first) {
      offset = first;
      notes.push(
        `The capture moment is ${seconds(first - captureOffset)} before the view's recorded replay starts; ` +
          'the snapshot points at the first recorded moment.',
      );
    } else if (captureOffset > last) {
      offset = last;
      notes.push(
        `Datadog's replay of this view ends ${seconds(captureOffset - last)} before the capture moment; ` +
          'the snapshot points at the last recorded moment.',
      );
    }
  } else {
    notes.push(unconfirmedNote(lookup));
  }

  if (offset < 0) {
    // Only possible when the page's clock and the session store disagree.
    notes.push('The capture moment is before the session start; the snapshot points at the session start.');
    offset = 0;
  }
  return { start: Math.round(offset), startSource, notes };
}

export function buildCreateRequest(
  context: PageContext,
  input: SaveInput,
  lookup: ReplayLookup,
): StartPlacement & { request: CreateSnapshotRequest } {
  const placement = placeStart(context, lookup);
  const request: CreateSnapshotRequest = {
    data: {
      type: 'snapshots',
      attributes: {
        application_id: context.applicationId,
        device_type: input.deviceType,
        event_id: context.viewId,
        is_device_type_selected_by_user: input.deviceTypeSelectedByUser,
        session_id: context.sessionId,
        view_id: context.viewId,
        snapshot_name: input.snapshotName,
        start: placement.start,
        view_name: input.viewName,
      },
    },
  };
  return { ...placement, request };
}

/** An update re-points an existing snapshot at the moment in `context` (name and view stay). */
export function buildRepointAttributes(
  context: PageContext,
  deviceTypeSelectedByUser: boolean,
  lookup: ReplayLookup,
): StartPlacement & { attributes: UpdateSnapshotAttributes } {
  const placement = placeStart(context, lookup);
  const attributes: UpdateSnapshotAttributes = {
    event_id: context.viewId,
    is_device_type_selected_by_user: deviceTypeSelectedByUser,
    start: placement.start,
    session_id: context.sessionId,
    view_id: context.viewId,
  };
  return { ...placement, attributes };
}

/** True once Datadog has ingested replay up to the capture moment: no need to wait longer. */
export function isCaptureMomentCovered(
  lookup: ReplayLookup,
  context: Pick<PageContext, 'capturedAt' | 'sdkVersion'>,
): boolean {
  const limit = segmentLimitFor(context);
  return (
    lookup.status === 'recognised' &&
    lookup.segments.some((segment) => recordedUntil(segment, limit) >= context.capturedAt)
  );
}
