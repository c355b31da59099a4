import { DatadogApiError, type DatadogClient } from './client';
import type { PageContext } from './context';
import { lookupViewSegments, type SegmentLookup } from './segments';
import { isCaptureMomentCovered, segmentLimitFor } from './snapshot-request';

/**
 * THE reading of the segments endpoint's `ts`, and what a save does should it be wrong.
 *
 * Datadog publishes only "server-side timestamp in milliseconds" for `ts` (the official client's
 * `RumReplaySessionsApi.getSegments`; shared/reference/datadog-api.md). The choice: `ts` keeps the
 * segments whose last record is at or after it. A look near the capture moment asks with
 * `ts` = capture moment − the page's segment limit (a segment holds everything up to its start plus
 * the limit), so it lists the few segments that can hold the moment, however long the view.
 *
 * Should `ts` mean something else, that bounded list can come back empty while the view has replay
 * (a save is offered only for a session the page does not report as unrecorded: DatadogPanel and
 * one-action). Then the lookups ask for the whole list ONCE. If it holds a segment the reading above
 * would have kept, the reading is wrong for this server, and every later look goes to the whole list
 * straight away. A different meaning of `ts` so costs one request, never a save that waits out its
 * budget for replay Datadog already has. A whole list with nothing the reading would keep (nothing
 * ingested yet) proves nothing: later looks stay bounded, and no second fallback is made.
 */

type SegmentsClient = Pick<DatadogClient, 'getSegments'>;
type MomentContext = Pick<PageContext, 'sessionId' | 'viewId' | 'capturedAt' | 'sdkVersion'>;

export interface ReplayLookups {
  /** The segments that can hold the capture moment (a save polls this while Datadog ingests). */
  nearCaptureMoment(): Promise<SegmentLookup>;
  /**
   * Enough of the view's segments to place `start` (snapshot-request.ts): the last look near the
   * moment when it places it as the whole list would (`placesLikeWholeView`), or was the whole
   * list; otherwise the whole list, because `start` is clamped to the view's first or last
   * recorded moment.
   */
  forPlacement(): Promise<SegmentLookup>;
}

/** The segment lookups of one save (or one re-point): the fallback state lives as long as they do. */
export function replayLookups(client: SegmentsClient, context: MomentContext): ReplayLookups {
  const ids = { sessionId: context.sessionId, viewId: context.viewId };
  const ts = context.capturedAt - segmentLimitFor(context);
  const wholeView = () => lookupViewSegments(client, ids);
  let fallbackTried = false;
  let tsMisread = false;
  let last: { lookup: SegmentLookup; isWholeView: boolean } | null = null;

  /** The whole list once, when the bounded one is empty; a failed request leaves the bounded answer. */
  async function fallback(bounded: SegmentLookup): Promise<{ lookup: SegmentLookup; isWholeView: boolean }> {
    fallbackTried = true;
    let whole: SegmentLookup;
    try {
      whole = await wholeView();
    } catch (error) {
      if (error instanceof DatadogApiError) return { lookup: bounded, isWholeView: false };
      throw error;
    }
    tsMisread = whole.status === 'recognised' && whole.segments.some((segment) => segment.end >= ts);
    return { lookup: whole, isWholeView: true };
  }

  async function look(): Promise<{ lookup: SegmentLookup; isWholeView: boolean }> {
    if (tsMisread) return { lookup: await wholeView(), isWholeView: true };
    const bounded = await lookupViewSegments(client, ids, ts);
    if (bounded.status === 'recognised' && bounded.segments.length === 0 && !fallbackTried) {
      return fallback(bounded);
    }
    return { lookup: bounded, isWholeView: false };
  }

  return {
    async nearCaptureMoment() {
      last = await look();
      return last.lookup;
    },
    async forPlacement() {
      const near = last ?? (await look());
      const placed =
        near.isWholeView ||
        near.lookup.status === 'unrecognised' ||
        placesLikeWholeView(near.lookup, context);
      return placed ? near.lookup : wholeView();
    },
  };
}

/** One placement lookup on its own (a re-point, the bench). */
export function lookupForPlacement(client: SegmentsClient, context: MomentContext): Promise<SegmentLookup> {
  return replayLookups(client, context).forPlacement();
}

/**
 * True when the segments listed around the capture moment place `start` exactly as the view's whole
 * list would, whatever `ts` kept: replay is recorded past the moment (so nothing is clamped to the
 * last moment), and a listed segment starts at or before it, or the view's first segment
 * (`index_in_view` 0) is listed (so nothing is clamped to the first moment, or to the same one).
 * A moment in a quiet gap between segments needs no second, unbounded request.
 */
export function placesLikeWholeView(
  lookup: SegmentLookup,
  context: Pick<PageContext, 'capturedAt' | 'sdkVersion'>,
): boolean {
  if (lookup.status !== 'recognised' || !isCaptureMomentCovered(lookup, context)) return false;
  return lookup.segments.some((segment) => segment.start <= context.capturedAt || segment.indexInView === 0);
}
