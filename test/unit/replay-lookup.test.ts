import { describe, expect, test } from 'vitest';
import { activeTime } from '@/lib/jobs/job';
import { DatadogApiError, type SegmentsQuery } from '@/lib/providers/datadog/client';
import { lookupForPlacement, replayLookups } from '@/lib/providers/datadog/replay-lookup';
import { runDatadogJob, type SaveJobDeps } from '@/lib/providers/datadog/save-job';
import {
  CAPTURED_AT,
  pageContext,
  SESSION_ID,
  SESSION_START,
  sandboxSegment,
  saveJob,
  VIEW_ID,
} from './fixtures';

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

/**
 * A server that reads `ts` otherwise than replay-lookup.ts does: with `ts` it lists nothing (as a
 * "segments ingested by ts" reading would, for a moment just recorded); without it, `held()`.
 */
function otherTsReading(held: () => ReturnType<typeof sandboxSegment>[]) {
  const queries: (number | undefined)[] = [];
  return {
    queries,
    client: {
      getSegments: async (query: SegmentsQuery) => {
        queries.push(query.ts);
        return { data: { segments: query.ts === undefined ? held() : [] } };
      },
    },
  };
}

/** The capture moment's segment (v7: recorded up to its start + 5 s). */
const holdingMoment = sandboxSegment(CAPTURED_AT - 2_000, CAPTURED_AT + 1_000, 0);
const BOUND = CAPTURED_AT - 5_000;

describe('replayLookups: the one unbounded fallback', () => {
  const context = pageContext({ sdkVersion: '7.16.2' });

  test('bounded list empty, the whole list holds the moment: one extra request, later looks unbounded only', async () => {
    const server = otherTsReading(() => [holdingMoment]);
    const lookups = replayLookups(server.client, context);
    const near = await lookups.nearCaptureMoment();
    expect(server.queries).toEqual([BOUND, undefined]);
    expect(near.status === 'recognised' && near.segments.map((segment) => segment.start)).toEqual([
      CAPTURED_AT - 2_000,
    ]);
    // Placing needs nothing more: the answer was the whole list.
    await lookups.forPlacement();
    expect(server.queries).toEqual([BOUND, undefined]);
    // The reading is shown wrong for this server: no bounded request is wasted again.
    await lookups.nearCaptureMoment();
    expect(server.queries).toEqual([BOUND, undefined, undefined]);
  });

  test('bounded and whole lists both empty (nothing ingested yet): no second fallback, later looks bounded', async () => {
    const server = otherTsReading(() => []);
    const lookups = replayLookups(server.client, context);
    expect(await lookups.nearCaptureMoment()).toEqual({ status: 'recognised', segments: [] });
    await lookups.nearCaptureMoment();
    await lookups.nearCaptureMoment();
    expect(server.queries).toEqual([BOUND, undefined, BOUND, BOUND]);
  });

  test('the whole list holds only segments the reading rightly left out: later looks stay bounded', async () => {
    const early = sandboxSegment(CAPTURED_AT - 30_000, CAPTURED_AT - 20_000, 0);
    const server = otherTsReading(() => [early]);
    const lookups = replayLookups(server.client, context);
    await lookups.nearCaptureMoment();
    await lookups.nearCaptureMoment();
    expect(server.queries).toEqual([BOUND, undefined, BOUND]);
  });

  test('a failed fallback request leaves the bounded answer, and is not tried again', async () => {
    const queries: (number | undefined)[] = [];
    const client = {
      getSegments: async (query: SegmentsQuery) => {
        queries.push(query.ts);
        if (query.ts === undefined)
          throw new DatadogApiError('server', 'Datadog had a server error (500).', 500);
        return { data: { segments: [] } };
      },
    };
    const lookups = replayLookups(client, context);
    expect(await lookups.nearCaptureMoment()).toEqual({ status: 'recognised', segments: [] });
    await lookups.nearCaptureMoment();
    expect(queries).toEqual([BOUND, undefined, BOUND]);
  });

  test('a bounded list with segments makes no fallback', async () => {
    const { client, queries } = viewClient();
    await replayLookups(client, v7(T + 998 * 5_000 + 1_000)).nearCaptureMoment();
    expect(queries).toHaveLength(1);
  });
});

describe('a save against a server that reads ts otherwise', () => {
  function deps(client: { getSegments: (query: SegmentsQuery) => Promise<unknown> }) {
    const clock = { now: CAPTURED_AT + 100 };
    const sleeps: number[] = [];
    const starts: number[] = [];
    const saveDeps: SaveJobDeps = {
      claimedSnapshotIds: async () => new Set(),
      twinRunning: async () => false,
      client: {
        ...client,
        listSnapshots: async () => [],
        deleteSnapshot: async () => undefined,
        createSnapshot: async (body) => {
          starts.push(body.data.attributes.start);
          return { id: 'snap-1', type: 'snapshots', attributes: {} };
        },
      },
      now: () => clock.now,
      time: activeTime({}, { monotonic: () => clock.now }),
      sleep: async (ms) => {
        sleeps.push(ms);
        clock.now += ms;
      },
      update: async () => undefined,
    };
    return { saveDeps, sleeps, starts };
  }

  test('the replay is there: saved on it after one extra request, without waiting', async () => {
    const server = otherTsReading(() => [holdingMoment]);
    const { saveDeps, sleeps, starts } = deps(server.client);
    const job = await runDatadogJob(saveJob(), saveDeps);
    expect(server.queries).toEqual([BOUND, undefined]);
    expect(sleeps).toEqual([]);
    expect(starts).toEqual([CAPTURED_AT - SESSION_START]);
    expect(job.result).toMatchObject({ startSource: 'segment', notes: [] });
  });

  test('the replay arrives later: one fallback at the first look, then it waits as before and places on the whole list', async () => {
    let looks = 0;
    const server = otherTsReading(() => (++looks > 1 ? [holdingMoment] : []));
    const { saveDeps, sleeps, starts } = deps(server.client);
    saveDeps.waitBudgetMs = 2_000;
    const job = await runDatadogJob(saveJob(), saveDeps);
    expect(server.queries).toEqual([BOUND, undefined, BOUND, BOUND, undefined]);
    expect(sleeps).toEqual([500, 1000]);
    expect(starts).toEqual([CAPTURED_AT - SESSION_START]);
    expect(job.result?.startSource).toBe('segment');
  });
});
