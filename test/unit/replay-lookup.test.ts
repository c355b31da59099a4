import { describe, expect, test } from 'vitest';
import type { SegmentsQuery } from '@/lib/providers/datadog/client';
import { lookupForPlacement } from '@/lib/providers/datadog/replay-lookup';
import { pageContext, SESSION_ID, sandboxSegment, VIEW_ID } from './fixtures';

const T = 1_795_610_600_000;
/** A long view: one segment every 5 s for 1,000 segments (v7 flushes at most every 5 s). */
const SEGMENTS = Array.from({ length: 1_000 }, (_, i) =>
  sandboxSegment(T + i * 5_000, T + i * 5_000 + 4_000, i),
);

/** Answers like the sandbox: with `ts`, only the segments ending at or after it. */
function viewClient() {
  const queries: SegmentsQuery[] = [];
  return {
    queries,
    client: {
      getSegments: async (query: SegmentsQuery) => {
        queries.push(query);
        const { ts } = query;
        return { data: { segments: SEGMENTS.filter((s) => ts === undefined || s.end >= ts) } };
      },
    },
  };
}

const v7 = (capturedAt: number) =>
  pageContext({ sessionId: SESSION_ID, viewId: VIEW_ID, capturedAt, sdkVersion: '7.16.2' });

describe('lookupForPlacement', () => {
  test('a segment holds the capture moment: one request, bounded to the segments near it', async () => {
    const { client, queries } = viewClient();
    const capturedAt = T + 998 * 5_000 + 1_000;
    const lookup = await lookupForPlacement(client, v7(capturedAt));
    expect(queries).toEqual([
      { sessionId: SESSION_ID, viewId: VIEW_ID, ts: capturedAt - 5_000, paging: undefined },
    ]);
    expect(lookup.status === 'recognised' && lookup.segments.length).toBe(3);
  });

  test('the moment is before the view’s recording, its first segment listed: one request, start clamped to it', async () => {
    const { client, queries } = viewClient();
    const lookup = await lookupForPlacement(client, v7(T - 60_000));
    expect(queries.map((query) => query.ts)).toEqual([T - 65_000]);
    expect(lookup.status === 'recognised' && lookup.segments[0]?.start).toBe(T);
  });

  test('the moment is in a quiet gap after a listed segment: one request, nothing to clamp', async () => {
    const gap = [sandboxSegment(T, T + 1_000, 0), sandboxSegment(T + 8_000, T + 9_000, 1)];
    const queries: SegmentsQuery[] = [];
    const client = {
      getSegments: async (query: SegmentsQuery) => {
        queries.push(query);
        return { data: { segments: gap.filter((s) => query.ts === undefined || s.end >= query.ts) } };
      },
    };
    // Recorded until T + 5 s (the segment limit), then nothing until T + 8 s.
    await lookupForPlacement(client, v7(T + 6_000));
    expect(queries.map((query) => query.ts)).toEqual([T + 1_000]);
  });

  test('the moment is in a gap whose earlier segment the list left out: the whole list, for the first moment', async () => {
    const { client, queries } = viewClient();
    // Segments end at T + i·5 s + 4 s; ts = capturedAt − 5 s keeps only those starting after the moment.
    const gapped = {
      ...client,
      getSegments: async (query: SegmentsQuery) => {
        const answer = await client.getSegments(query);
        return {
          data: {
            segments: answer.data.segments.filter((s) => query.ts === undefined || s.start > T + 500_000),
          },
        };
      },
    };
    await lookupForPlacement(gapped, v7(T + 500_000 - 1));
    expect(queries.map((query) => query.ts)).toEqual([T + 500_000 - 1 - 5_000, undefined]);
  });

  test('the moment is after what Datadog has ingested: the whole list, so start is clamped to its last moment', async () => {
    const { client, queries } = viewClient();
    const lookup = await lookupForPlacement(client, v7(T + 1_000 * 5_000 + 60_000));
    expect(queries).toHaveLength(2);
    expect(queries[1]?.ts).toBeUndefined();
    expect(lookup.status === 'recognised' && lookup.segments.at(-1)?.start).toBe(T + 999 * 5_000);
  });
});
