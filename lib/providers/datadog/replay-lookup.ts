import type { DatadogClient } from './client';
import type { PageContext } from './context';
import { lookupViewSegments, type SegmentLookup } from './segments';
import { placesLikeWholeView, segmentLimitFor } from './snapshot-request';

type SegmentsClient = Pick<DatadogClient, 'getSegments'>;
type MomentContext = Pick<PageContext, 'sessionId' | 'viewId' | 'capturedAt' | 'sdkVersion'>;

/**
 * The view's segments that can hold the capture moment: those ending at most one segment limit
 * before it (a segment holds everything up to its start plus the limit). A bounded answer however
 * long the view: this is what a save polls while Datadog ingests.
 */
export function lookupNearCaptureMoment(
  client: SegmentsClient,
  context: MomentContext,
): Promise<SegmentLookup> {
  const { sessionId, viewId } = context;
  return lookupViewSegments(client, { sessionId, viewId }, context.capturedAt - segmentLimitFor(context));
}

/**
 * Enough of the view's segments to place `start` (snapshot-request.ts): the ones near the capture
 * moment when they place it as the whole list would (`placesLikeWholeView`); otherwise the whole
 * list, because `start` is clamped to the view's first or last recorded moment. Also the fallback
 * should Datadog's `ts` (its semantics are not published) narrow the list differently.
 */
export async function lookupForPlacement(
  client: SegmentsClient,
  context: MomentContext,
  near?: SegmentLookup,
): Promise<SegmentLookup> {
  const nearby = near ?? (await lookupNearCaptureMoment(client, context));
  if (nearby.status === 'unrecognised' || placesLikeWholeView(nearby, context)) return nearby;
  return lookupViewSegments(client, { sessionId: context.sessionId, viewId: context.viewId });
}
