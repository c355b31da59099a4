import { describe, expect, test } from 'vitest';
import { activeTime } from '@/lib/jobs/job';
import { createDatadogClient, DatadogApiError } from '@/lib/providers/datadog/client';
import { type DatadogJob, DatadogJobSchema } from '@/lib/providers/datadog/job';
import { DATADOG_SAVE_BUDGET_MS, runDatadogJob, type SaveJobDeps } from '@/lib/providers/datadog/save-job';
import type { CreateSnapshotRequest, Snapshot } from '@/lib/providers/datadog/schemas';
import { CAPTURED_AT, pageContext, SESSION_START, sandboxSegment, saveJob } from './fixtures';

const CAPTURE_OFFSET = CAPTURED_AT - SESSION_START;

type SegmentsAnswer = unknown | Error;

/** Deps with a fake clock that sleeping advances, a scripted segments API and a recording create. */
function harness(
  segmentAnswers: SegmentsAnswer[],
  create?: (body: CreateSnapshotRequest) => Promise<unknown>,
  existing: { snapshots?: Snapshot[]; claimed?: string[] } = {},
) {
  const clock = { now: CAPTURED_AT + 100 };
  const sleeps: number[] = [];
  const updates: DatadogJob[] = [];
  const created: CreateSnapshotRequest[] = [];
  let lastAnswer: SegmentsAnswer = { data: { segments: [] } };
  const listed: unknown[] = [];
  const deleted: string[] = [];
  const deps: SaveJobDeps = {
    claimedSnapshotIds: async () => new Set(existing.claimed ?? []),
    twinRunning: async () => false,
    client: {
      listSnapshots: async (query) => {
        listed.push(query);
        return existing.snapshots ?? [];
      },
      getSegments: async () => {
        const answer = segmentAnswers.length > 0 ? segmentAnswers.shift() : lastAnswer;
        lastAnswer = answer;
        if (answer instanceof Error) throw answer;
        return answer;
      },
      deleteSnapshot: async (id) => {
        deleted.push(id);
      },
      createSnapshot: async (body) => {
        created.push(body);
        if (create) return (await create(body)) as never;
        return {
          id: 'snap-9',
          type: 'snapshots',
          attributes: { snapshot_name: body.data.attributes.snapshot_name },
        };
      },
    },
    now: () => clock.now,
    time: activeTime({}, { monotonic: () => clock.now }),
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.now += ms;
    },
    update: async (job) => {
      updates.push(job as unknown as DatadogJob);
    },
  };
  return { deps, sleeps, updates, created, listed, deleted };
}

const empty = { data: { segments: [] } };
const coveringCapture = { data: { segments: [sandboxSegment(CAPTURED_AT - 4000, CAPTURED_AT + 500)] } };
const endingEarly = { data: { segments: [sandboxSegment(CAPTURED_AT - 9000, CAPTURED_AT - 3000)] } };
const notFound = () => new DatadogApiError('not-found', 'Datadog found no replay segments (404).', 404);

const WAITING = 'Waiting for Datadog to ingest the replay up to the capture moment';
const V7_DELAY = 'the page’s SDK 7.16.2 uploads replay up to 5 s after recording it';

describe('runDatadogJob', () => {
  test('waits until the replay covers the capture moment, then creates', async () => {
    // The second look's empty bounded list makes the one unbounded fallback (replay-lookup.ts), empty too.
    const { deps, sleeps, updates, created } = harness([notFound(), empty, empty, coveringCapture]);
    const job = await runDatadogJob(saveJob(), deps);

    expect(sleeps).toEqual([500, 1000]);
    expect(created).toHaveLength(1);
    expect(created[0]?.data.attributes.start).toBe(CAPTURE_OFFSET);
    expect(job).toMatchObject({
      state: 'done',
      attempts: 1,
      progress: 'Saved "Checkout, promo banner" in Datadog.',
      result: {
        snapshotId: 'snap-9',
        snapshotName: 'Checkout, promo banner',
        start: CAPTURE_OFFSET,
        startSource: 'segment',
        notes: [],
      },
    });
    expect(updates.map((update) => [update.state, update.progress])).toEqual([
      ['waiting', `${WAITING}: ${V7_DELAY} (attempt 1, 0 s)…`],
      ['waiting', `${WAITING}: ${V7_DELAY} (attempt 2, 1 s)…`],
      ['sending', 'Saving the snapshot in Datadog…'],
      ['done', 'Saved "Checkout, promo banner" in Datadog.'],
    ]);
    for (const update of updates) expect(DatadogJobSchema.safeParse(update).success).toBe(true);
  });

  test('budget exhausted: creates on the replay ingested so far, with notes', async () => {
    const { deps, sleeps, updates, created } = harness([endingEarly]);
    const job = await runDatadogJob(saveJob(), deps);

    // Delays double to 4 s; the last wait would end past the 20 s budget counted from job creation.
    expect(sleeps).toEqual([500, 1000, 2000, 4000, 4000, 4000, 4000]);
    expect(updates.filter((update) => update.state === 'waiting')).toHaveLength(7);
    expect(created[0]?.data.attributes.start).toBe(CAPTURE_OFFSET - 3000);
    expect(job.state).toBe('done');
    expect(job.result?.startSource).toBe('segment');
    expect(job.result?.notes).toEqual([
      'Datadog had not ingested the replay up to the capture moment after 20 s of waiting.',
      "Datadog's replay of this view ends 3.0 s before the capture moment; the snapshot points at the last recorded moment.",
    ]);
  });

  test('a v4 page: waits as long as v4 holds a segment (30 s) plus ingestion, and says why', async () => {
    const longBefore = { data: { segments: [sandboxSegment(CAPTURED_AT - 40_000, CAPTURED_AT - 35_000)] } };
    const { deps, sleeps, updates, created } = harness([longBefore]);
    const job = await runDatadogJob(saveJob({ context: pageContext({ sdkVersion: '4.50.1' }) }), deps);
    // 45 s in all: the v7 budget (20 s) would have given up before v4 uploads the segment.
    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThan(40_000);
    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(45_000);
    expect(updates[0]?.progress).toBe(
      `${WAITING}: the page’s SDK 4.50.1 uploads replay up to 30 s after recording it (attempt 1, 0 s)…`,
    );
    expect(job.result?.notes[0]).toBe(
      'Datadog had not ingested the replay up to the capture moment after 45 s of waiting.',
    );
    expect(created).toHaveLength(1);
  });

  test('a v4 page: a segment that began 20 s before the capture covers it, no wait past it', async () => {
    const v4Segment = { data: { segments: [sandboxSegment(CAPTURED_AT - 20_000, CAPTURED_AT - 19_000)] } };
    const { deps, sleeps, created, updates } = harness([v4Segment]);
    const job = await runDatadogJob(saveJob({ context: pageContext({ sdkVersion: '4.50.1' }) }), deps);
    expect(sleeps).toEqual([]);
    // The replay was there at the first look: no wait was written.
    expect(updates.map((update) => update.state)).toEqual(['sending', 'done']);
    expect(created[0]?.data.attributes.start).toBe(CAPTURE_OFFSET);
    expect(job.result?.notes).toEqual([]);
  });

  test('nothing ingested within the budget: creates from the capture moment', async () => {
    const { deps, created } = harness([notFound()], undefined);
    deps.waitBudgetMs = 2000;
    const job = await runDatadogJob(saveJob(), deps);
    expect(created[0]?.data.attributes.start).toBe(CAPTURE_OFFSET);
    expect(job.result?.startSource).toBe('capture-moment');
    expect(job.result?.notes).toHaveLength(2);
    expect(job.result?.notes[0]).toBe(
      'Datadog had not ingested the replay up to the capture moment after 2 s of waiting.',
    );
  });

  test('unrecognised segments shape: stops waiting at once and creates from the capture moment', async () => {
    const { deps, sleeps, created } = harness([{ unexpected: true }]);
    const job = await runDatadogJob(saveJob(), deps);
    expect(sleeps).toEqual([]);
    expect(created[0]?.data.attributes.start).toBe(CAPTURE_OFFSET);
    expect(job.result?.startSource).toBe('capture-moment');
    expect(job.result?.notes[0]).toContain('does not recognise');
  });

  test('a failing replay check does not block the save; the note says why', async () => {
    const auth = new DatadogApiError('auth', 'Datadog refused the API or application key (403).', 403);
    const { deps, created } = harness([auth]);
    const job = await runDatadogJob(saveJob(), deps);
    expect(created).toHaveLength(1);
    expect(job.result?.notes[0]).toContain(
      'The replay could not be checked (Datadog refused the API or application key (403).)',
    );
  });

  test('an API error on create → failed with its sentence; the job keeps what is needed to retry', async () => {
    const error = new DatadogApiError(
      'bad-request',
      'Datadog rejected the request: view_name is required',
      400,
    );
    const { deps, updates } = harness([coveringCapture], async () => {
      throw error;
    });
    const original = saveJob();
    const job = await runDatadogJob(original, deps);
    expect(job).toMatchObject({
      state: 'failed',
      error: 'Datadog rejected the request: view_name is required',
      progress: 'Datadog rejected the request: view_name is required',
      provider: 'datadog',
      label: original.label,
      context: original.context,
      input: original.input,
    });
    expect(job.result).toBeUndefined();
    expect(updates.at(-1)).toEqual(job);
    expect(DatadogJobSchema.safeParse(job).success).toBe(true);
  });

  test('a retried failed job runs again and clears the old error', async () => {
    const { deps } = harness([coveringCapture]);
    const job = await runDatadogJob(saveJob({ state: 'failed', error: 'old', attempts: 1 }), deps);
    expect(job.state).toBe('done');
    expect(job.error).toBeUndefined();
    expect(job.attempts).toBe(2);
  });

  test('unknown session start fails at once, before any waiting', async () => {
    const { deps, sleeps, created } = harness([]);
    const job = await runDatadogJob(saveJob({ context: pageContext({ sessionStart: null }) }), deps);
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/^The session start time is unknown/);
    expect(sleeps).toEqual([]);
    expect(created).toEqual([]);
  });

  test('a job resumed after its budget still looks once before creating', async () => {
    const { deps, sleeps, created } = harness([empty]);
    let monotonic = 0;
    deps.time = activeTime({ spentMs: 60_000 }, { monotonic: () => monotonic++ });
    const job = await runDatadogJob(saveJob(), deps);
    expect(sleeps).toEqual([]);
    expect(created).toHaveLength(1);
    expect(job.result?.notes[0]).toBe(
      'Datadog had not ingested the replay up to the capture moment after 20 s of waiting.',
    );
  });

  test('the wait budget runs on the monotonic clock: a wall clock set back an hour does not stretch it', async () => {
    const { deps, sleeps, created } = harness([]);
    const wallClock = deps.now;
    deps.now = () => wallClock() - 3_600_000;
    const sleep = deps.sleep;
    deps.sleep = async (ms) => {
      if (sleeps.length > 50) throw new Error('polled without end');
      await sleep(ms);
    };
    const job = await runDatadogJob(saveJob(), deps);
    expect(job.state).toBe('done');
    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(20_000);
    expect(sleeps.length).toBeLessThan(10);
    expect(created).toHaveLength(1);
  });

  test('a long rate-limit reset pauses the save until then instead of failing it or retrying early', async () => {
    const { deps, created } = harness([coveringCapture], async () => {
      throw new DatadogApiError(
        'rate-limited',
        'Datadog is rate-limiting these requests (429).',
        429,
        3_600_000,
      );
    });
    const job = await runDatadogJob(saveJob(), deps);
    expect(job).toMatchObject({ state: 'sending', resumeAt: deps.now() + 3_600_000 });
    expect(job.progress).toMatch(/^Datadog asks us to wait 3600 s\. The save goes on by itself at /);
    expect(created).toHaveLength(1);
  });

  test('idempotent: a job with a result is returned unchanged, nothing is called', async () => {
    const { deps, updates, created } = harness([]);
    const done = saveJob({
      state: 'done',
      result: { snapshotId: 's', snapshotName: 'n', start: 1, startSource: 'segment', notes: [] },
    });
    expect(await runDatadogJob(done, deps)).toBe(done);
    expect(updates).toEqual([]);
    expect(created).toEqual([]);
  });

  test('a storage failure after creating does not turn the save into a failure', async () => {
    const { deps } = harness([coveringCapture]);
    const update = deps.update;
    deps.update = async (job) => {
      if (job.state === 'done') throw new Error('storage full');
      await update(job);
    };
    const job = await runDatadogJob(saveJob(), deps);
    expect(job.state).toBe('done');
    expect(job.result?.snapshotId).toBe('snap-9');
  });

  test('a first run lists snapshots only after creating (for copies), and records when the create was sent before sending it', async () => {
    const { deps, updates, listed, created } = harness([coveringCapture]);
    let listedBeforeCreate = -1;
    const list = deps.client.listSnapshots;
    deps.client.listSnapshots = async (query) => {
      if (created.length === 0) listedBeforeCreate = listed.length;
      return list(query);
    };
    await runDatadogJob(saveJob(), deps);
    expect(listedBeforeCreate).toBe(-1);
    expect(listed).toHaveLength(1);
    const sending = updates.find((update) => update.state === 'sending');
    expect(sending?.sentAt).toBeTypeOf('number');
  });

  describe('a job whose create may have reached Datadog (sentAt set, no result)', () => {
    const sentAt = CAPTURED_AT + 1_000;
    const made = (overrides: Partial<Snapshot['attributes']> = {}, id = 'snap-earlier'): Snapshot => ({
      id,
      type: 'snapshots',
      attributes: {
        snapshot_name: 'Checkout, promo banner',
        session_id: pageContext().sessionId,
        view_id: pageContext().viewId,
        created_at: new Date(sentAt + 300).toISOString(),
        start: 64_000,
        ...overrides,
      },
    });

    test('adopts the snapshot it made instead of creating a second', async () => {
      const { deps, created, listed } = harness([coveringCapture], undefined, { snapshots: [made()] });
      const job = await runDatadogJob(saveJob({ state: 'sending', sentAt }), deps);
      expect(created).toEqual([]);
      // Once to find it, once more for copies of it.
      expect(listed).toEqual([
        { viewName: '/products/?', applicationId: pageContext().applicationId, deviceType: 'desktop' },
        { viewName: '/products/?', applicationId: pageContext().applicationId, deviceType: 'desktop' },
      ]);
      expect(job).toMatchObject({ state: 'done', result: { snapshotId: 'snap-earlier', start: 64_000 } });
      expect(DatadogJobSchema.safeParse(job).success).toBe(true);
    });

    test('a copy the browser made by resending the create (a dropped connection) is removed, the save kept once', async () => {
      const { deps, created, deleted } = harness([coveringCapture], async (body) => {
        const copy = made({ snapshot_name: body.data.attributes.snapshot_name }, 'snap-copy');
        const kept = made({ snapshot_name: body.data.attributes.snapshot_name }, 'snap-kept');
        existing.push(copy, kept);
        return kept;
      });
      const existing: Snapshot[] = [];
      deps.client.listSnapshots = async () => existing;
      const job = await runDatadogJob(saveJob({ createdAt: CAPTURED_AT }), deps);
      expect(created).toHaveLength(1);
      expect(deleted).toEqual(['snap-copy']);
      expect(job.result?.snapshotId).toBe('snap-kept');
      expect(job.result?.notes.at(-1)).toMatch(/^Datadog held 2 copies of this save/);
    });

    test('no copy is removed while a twin save (same request) is running: the other one may be its own', async () => {
      const { deps, deleted } = harness([coveringCapture], undefined, { snapshots: [made({}, 'snap-twin')] });
      deps.twinRunning = async () => true;
      await runDatadogJob(saveJob({ createdAt: CAPTURED_AT }), deps);
      expect(deleted).toEqual([]);
    });

    test.each([
      ['another name', made({ snapshot_name: 'Something else' })],
      ['another session', made({ session_id: 'ffffffff-2222-4333-8444-555555555555' })],
      ['made long before the send', made({ created_at: new Date(sentAt - 10 * 60_000).toISOString() })],
    ])('creates when Datadog only has a snapshot with %s', async (_, snapshot) => {
      const { deps, created } = harness([coveringCapture], undefined, { snapshots: [snapshot] });
      const job = await runDatadogJob(saveJob({ state: 'sending', sentAt }), deps);
      expect(created).toHaveLength(1);
      expect(job.result?.snapshotId).toBe('snap-9');
    });

    test('never adopts a snapshot another save holds', async () => {
      const { deps, created } = harness([coveringCapture], undefined, {
        snapshots: [made()],
        claimed: ['snap-earlier'],
      });
      await runDatadogJob(saveJob({ state: 'sending', sentAt }), deps);
      expect(created).toHaveLength(1);
    });
  });

  test('a 5xx on the create after Datadog stored it: looks, adopts, sends nothing more', async () => {
    const stored: Snapshot = {
      id: 'snap-stored',
      type: 'snapshots',
      attributes: {
        snapshot_name: 'Checkout, promo banner',
        session_id: pageContext().sessionId,
        view_id: pageContext().viewId,
        created_at: new Date(CAPTURED_AT + 500).toISOString(),
      },
    };
    let stores = 0;
    const { deps, created } = harness(
      [coveringCapture],
      async () => {
        stores++;
        throw new DatadogApiError('server', 'Datadog had a server error (503).', 503);
      },
      { snapshots: [stored] },
    );
    const job = await runDatadogJob(saveJob(), deps);
    expect(created).toHaveLength(1);
    expect(stores).toBe(1);
    expect(job).toMatchObject({ state: 'done', result: { snapshotId: 'snap-stored' } });
  });

  test('a 400 on the create is final: no lookup, no second create', async () => {
    const { deps, created, listed } = harness([coveringCapture], async () => {
      throw new DatadogApiError('bad-request', 'Datadog rejected the request.', 400);
    });
    const job = await runDatadogJob(saveJob(), deps);
    expect(created).toHaveLength(1);
    expect(listed).toEqual([]);
    expect(job.state).toBe('failed');
  });
});

describe('a whole save under persistent 429s, with the real client', () => {
  test("every retry wait is bounded by the save's budget: at most a minute in all, then a pause", async () => {
    let clock = CAPTURED_AT + 100;
    const sleeps: number[] = [];
    const sleep = async (ms: number) => {
      sleeps.push(ms);
      clock += ms;
    };
    const time = activeTime({}, { monotonic: () => clock });
    const requests: string[] = [];
    const client = createDatadogClient({
      baseUrl: 'https://api.datadoghq.eu',
      apiKey: 'k',
      appKey: 'a',
      fetch: (async (url: string, init?: RequestInit) => {
        requests.push(`${init?.method} ${new URL(url).pathname}`);
        return Response.json(
          { errors: ['Too many requests'] },
          { status: 429, headers: { 'X-RateLimit-Reset': '20' } },
        );
      }) as typeof fetch,
      sleep,
      now: () => clock,
      random: () => 0.5,
      remainingMs: () => time.remaining(DATADOG_SAVE_BUDGET_MS),
    });
    const job = await runDatadogJob(saveJob(), {
      client,
      claimedSnapshotIds: async () => new Set(),
      twinRunning: async () => false,
      now: () => clock,
      time,
      sleep,
      update: async () => undefined,
    });
    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(DATADOG_SAVE_BUDGET_MS);
    expect(job.state).not.toBe('done');
    expect(job.resumeAt).toBeGreaterThan(clock);
    expect(job.progress).toMatch(/^Datadog asks us to wait 20 s\./);
    expect(requests.filter((request) => request.startsWith('POST'))).not.toHaveLength(0);
  });
});
