import { describe, expect, test } from 'vitest';
import { activeTime } from '@/lib/jobs/job';
import { createDatadogClient } from '@/lib/providers/datadog/client';
import { runDatadogJob } from '@/lib/providers/datadog/save-job';
import type { SegmentsTsReading } from '../../sandbox/api/segments';
import type { Sandbox } from '../../sandbox/server';
import { pageContext, saveJob } from '../unit/fixtures';
import { api, IDS, uploadSegment, useSandbox } from './helpers';

const SEGMENTS = `/api/v2/rum/replay/sessions/${IDS.session}/views/${IDS.view}/segments`;

interface SegmentsBody {
  data: {
    segments: { start: number; end: number; index_in_view: number; records: unknown[] }[];
    paging?: string;
  };
}

async function getSegments(sandbox: Sandbox, query = '') {
  const res = await api(sandbox, `${SEGMENTS}${query}`);
  return { status: res.status, body: res.json as SegmentsBody, json: res.json };
}

/** Three segments of one view, uploaded out of order. */
async function uploadThree(sandbox: Sandbox) {
  for (const [index, start] of [
    [1, 2000],
    [0, 1000],
    [2, 3000],
  ] as const) {
    expect((await uploadSegment(sandbox, { index, start, end: start + 500 })).status).toBe(202);
  }
}

test('returns the view segments with metadata and records, sorted by index_in_view', async () => {
  const sandbox = await useSandbox();
  await uploadThree(sandbox);
  const { status, body } = await getSegments(sandbox);
  expect(status).toBe(200);
  expect(body.data.segments.map((s) => s.index_in_view)).toEqual([0, 1, 2]);
  expect(body.data.paging).toBeUndefined();
  expect(body.data.segments[0]).toMatchObject({
    start: 1000,
    end: 1500,
    has_full_snapshot: true,
    records_count: 3,
    creation_reason: 'init',
    source: 'browser',
    application: { id: IDS.application },
    session: { id: IDS.session },
    view: { id: IDS.view },
  });
  expect(body.data.segments[0]?.records).toHaveLength(3);
});

test('unknown session or view → 200 with an empty list', async () => {
  const sandbox = await useSandbox();
  const res = await api(sandbox, '/api/v2/rum/replay/sessions/nope/views/nope/segments');
  expect([res.status, res.json]).toEqual([200, { data: { segments: [] } }]);
});

test('ts keeps only segments ending at or after it (the default reading)', async () => {
  const sandbox = await useSandbox();
  await uploadThree(sandbox);
  const { body } = await getSegments(sandbox, '?ts=2500&source=event_platform');
  expect(body.data.segments.map((s) => s.start)).toEqual([2000, 3000]);
});

test.each([
  ['ignored', 2500, [1000, 2000, 3000]],
  ['ingested-until', 2500, []],
  ['ingested-until', 'now', [1000, 2000, 3000]],
] as const)('ts read as %s (ts %s)', async (segmentsTs, ts, starts) => {
  const sandbox = await useSandbox({ segmentsTs });
  await uploadThree(sandbox);
  const { body } = await getSegments(sandbox, `?ts=${ts === 'now' ? Date.now() + 1000 : ts}`);
  expect(body.data.segments.map((s) => s.start)).toEqual(starts);
});

test('max_list_size cuts the list (at least one segment) and paging walks the rest', async () => {
  const sandbox = await useSandbox();
  await uploadThree(sandbox);
  const first = await getSegments(sandbox, '?max_list_size=1');
  expect(first.body.data.segments.map((s) => s.index_in_view)).toEqual([0]);
  const token = first.body.data.paging ?? '';
  expect(token).not.toBe('');
  const second = await getSegments(sandbox, `?max_list_size=1&paging=${encodeURIComponent(token)}`);
  expect(second.body.data.segments.map((s) => s.index_in_view)).toEqual([1]);
  const rest = await getSegments(sandbox, `?paging=${encodeURIComponent(second.body.data.paging ?? '')}`);
  expect(rest.body.data.segments.map((s) => s.index_in_view)).toEqual([2]);
  expect(rest.body.data.paging).toBeUndefined();
  const roomy = await getSegments(sandbox, '?max_list_size=1000000');
  expect(roomy.body.data.segments).toHaveLength(3);
});

test.each([
  ['?source=s3', 'query.source'],
  ['?ts=soon', 'ts must be an integer'],
  ['?max_list_size=0', 'max_list_size must be a positive integer'],
  ['?paging=garbage', 'paging is not a valid paging token'],
])('bad query %s → 400 naming the parameter', async (query, message) => {
  const sandbox = await useSandbox();
  const { status, json } = await getSegments(sandbox, query);
  expect(status).toBe(400);
  expect((json as { errors: string[] }).errors[0]).toContain(message.replace('query.', ''));
});

test('a paging token is bound to its view', async () => {
  const sandbox = await useSandbox();
  await uploadThree(sandbox);
  const token = (await getSegments(sandbox, '?max_list_size=1')).body.data.paging ?? '';
  const res = await api(
    sandbox,
    `/api/v2/rum/replay/sessions/${IDS.session}/views/other/segments?paging=${token}`,
  );
  expect(res.status).toBe(400);
});

describe('a save against a sandbox reading ts otherwise', () => {
  /** Saves the moment just recorded through the real client, recording the segments queries it sends. */
  async function saveNow(segmentsTs: SegmentsTsReading) {
    const sandbox = await useSandbox({ segmentsTs });
    const capturedAt = Date.now();
    const sessionStart = capturedAt - 60_000;
    expect(
      (await uploadSegment(sandbox, { index: 0, start: capturedAt - 2_000, end: capturedAt - 500 })).status,
    ).toBe(202);
    const segmentsQueries: (string | null)[] = [];
    const client = createDatadogClient({
      baseUrl: sandbox.url,
      apiKey: sandbox.apiKey,
      appKey: sandbox.appKey,
      fetch: async (input, init) => {
        const url = new URL(String(input));
        if (url.pathname.endsWith('/segments')) segmentsQueries.push(url.searchParams.get('ts'));
        return fetch(input, init);
      },
    });
    const context = pageContext({
      sessionId: IDS.session,
      viewId: IDS.view,
      capturedAt,
      sessionStart,
      sdkVersion: '7.16.2',
    });
    // Waits are counted, not slept: the save's budget runs on this clock.
    const sleeps: number[] = [];
    let slept = 0;
    const job = await runDatadogJob(saveJob({ context, createdAt: capturedAt }), {
      client,
      claimedSnapshotIds: async () => new Set(),
      twinRunning: async () => false,
      now: () => Date.now() + slept,
      time: activeTime({}, { monotonic: () => slept }),
      sleep: async (ms) => {
        sleeps.push(ms);
        slept += ms;
      },
      update: async () => {},
    });
    return { job, sleeps, segmentsQueries, snapshots: sandbox.state().snapshots, capturedAt, sessionStart };
  }

  test('ingested-until: the empty bounded list costs one unbounded request, and the save lands on the replay at once', async () => {
    const save = await saveNow('ingested-until');
    expect(save.segmentsQueries).toEqual([String(save.capturedAt - 5_000), null]);
    expect(save.sleeps).toEqual([]);
    expect(save.job.result).toMatchObject({ startSource: 'segment', notes: [] });
    expect(save.snapshots.map((snapshot) => snapshot.attributes.start)).toEqual([
      save.capturedAt - save.sessionStart,
    ]);
  });

  test('the reading replay-lookup.ts asks by: one bounded request', async () => {
    const save = await saveNow('ending-from');
    expect(save.segmentsQueries).toEqual([String(save.capturedAt - 5_000)]);
    expect(save.snapshots).toHaveLength(1);
  });
});
