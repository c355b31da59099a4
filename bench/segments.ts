import { createDatadogClient } from '../lib/providers/datadog/client';
import { lookupForPlacement, placesLikeWholeView } from '../lib/providers/datadog/replay-lookup';
import type { SeedSegments } from '../sandbox/seed-segments';
import type { Sandbox } from '../sandbox/server';
import type { Figure } from './stats';

/**
 * Figure 5: the segment lookup a save makes for its capture moment (`lookupForPlacement`, through
 * the real client), in views of 10, 1,000 and 10,000 segments the sandbox synthesises. Counts the
 * requests and the response bytes. Goal: ≤ 2 requests whatever the count, and bytes bounded: the
 * 10,000-segment view may cost at most twice the 10-segment one.
 */

export const SEGMENT_COUNTS = [10, 1_000, 10_000] as const;
const MAX_REQUESTS = 2;
/** One segment every 5 s, as an SDK from v5 flushes; the save is made with such an SDK. */
const SEED_SPACING_MS = 5_000;
const BENCH_SDK_VERSION = '7.16.2';
const BOUNDED_BYTES_FACTOR = 2;

interface Traffic {
  requests: number;
  bytes: number;
}

async function seed(sandbox: Sandbox, body: SeedSegments): Promise<void> {
  const response = await fetch(`${sandbox.url}/_admin/seed-segments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`Seeding ${body.count} segments failed: ${response.status}`);
}

async function lookUp(sandbox: Sandbox, count: number): Promise<Traffic> {
  const ids = { sessionId: `bench-session-${count}`, viewId: `bench-view-${count}` };
  await seed(sandbox, {
    applicationId: 'bench-app',
    ...ids,
    count,
    start: Date.now() - count * SEED_SPACING_MS,
    spacingMs: SEED_SPACING_MS,
  });
  const traffic = { requests: 0, bytes: 0 };
  const counting: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    traffic.requests += 1;
    traffic.bytes += (await response.clone().arrayBuffer()).byteLength;
    return response;
  };
  const client = createDatadogClient({
    baseUrl: sandbox.url,
    apiKey: sandbox.apiKey,
    appKey: sandbox.appKey,
    fetch: counting,
  });
  // The person saves the moment they look at: inside the view's latest segment.
  const capturedAt = Date.now() - SEED_SPACING_MS / 2;
  const lookup = await lookupForPlacement(client, { ...ids, capturedAt, sdkVersion: BENCH_SDK_VERSION });
  // Few bytes only count if the answer still places the snapshot as the whole list would.
  if (!placesLikeWholeView(lookup, { capturedAt, sdkVersion: BENCH_SDK_VERSION })) {
    throw new Error(`The lookup in ${count} segments cannot place the snapshot as the whole list would`);
  }
  return traffic;
}

export async function measureSegmentLookup(sandbox: Sandbox): Promise<Figure[]> {
  const traffic = new Map<number, Traffic>();
  for (const count of SEGMENT_COUNTS) traffic.set(count, await lookUp(sandbox, count));
  const smallest = traffic.get(SEGMENT_COUNTS[0]) as Traffic;
  return SEGMENT_COUNTS.flatMap((count): Figure[] => {
    const { requests, bytes } = traffic.get(count) as Traffic;
    return [
      {
        name: `segment lookup, ${count} segments: requests`,
        baseline: { label: '—', value: null },
        value: requests,
        unit: 'requests',
        goal: MAX_REQUESTS,
        goalLabel: `≤ ${MAX_REQUESTS} requests`,
        samples: { value: [requests], baseline: [] },
      },
      {
        name: `segment lookup, ${count} segments: response bytes`,
        baseline: { label: `${SEGMENT_COUNTS[0]} segments`, value: smallest.bytes },
        value: bytes,
        unit: 'B',
        goal: BOUNDED_BYTES_FACTOR,
        goalLabel: `bounded (≤ ${BOUNDED_BYTES_FACTOR}×)`,
        samples: { value: [bytes], baseline: [smallest.bytes] },
      },
    ];
  });
}
