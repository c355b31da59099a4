import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createJobRunner, type JobRunner, RESUME_ALARM } from '@/lib/jobs/runner';
import { createProviderBackgrounds } from '@/lib/providers/background';
import { readJob, readRecentSaves, writeJob, writeSettings } from '@/lib/storage/items';
import {
  CAPTURED_AT,
  grantAllHostAccess,
  SESSION_START,
  sandboxSegment,
  saveJob,
  unusedProviderCore,
} from './fixtures';

/** Datadog as the worker sees it: the view's replay covers the capture moment; creates succeed. */
function datadog() {
  const created: unknown[] = [];
  const fetch = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    if ((init?.method ?? 'GET') === 'GET' && url.pathname.endsWith('/heatmap/snapshots')) {
      return Response.json({ data: [] });
    }
    if (url.pathname.endsWith('/segments')) {
      return Response.json({
        data: { segments: [sandboxSegment(SESSION_START + 1_000, CAPTURED_AT + 2_000)] },
      });
    }
    const body = JSON.parse(String(init?.body));
    created.push(body);
    return Response.json(
      { data: { id: 'snap-1', type: 'snapshots', attributes: body.data.attributes } },
      { status: 201 },
    );
  });
  return { fetch, created };
}

async function jobState(id: string) {
  return (await readJob(id))?.state;
}

/** The job runner as the background wires it: each job run by its provider's background half. */
function backgroundRunner(): JobRunner {
  const providers = createProviderBackgrounds(
    unusedProviderCore({ startJob: (job) => runner.startJob(job) }),
  );
  const runner = createJobRunner({
    runJob: (job, deps) => providers[job.provider].runJob(job, deps),
    resultLink: (job) => providers[job.provider].resultLink(job),
  });
  return runner;
}

/** Generous: these wait on real timers, and CI machines are busy. */
const WAIT = { timeout: 5_000 };

let runner: JobRunner;

beforeEach(async () => {
  fakeBrowser.reset();
  grantAllHostAccess();
  runner = backgroundRunner();
  await writeSettings('datadog', {
    site: 'datadoghq.eu',
    credential: { kind: 'keys' as const },
    appUrl: '',
    apiKey: 'k',
    appKey: 'a',
    apiUrl: 'http://127.0.0.1:9',
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('resumePendingJobs (a new worker after the old one was stopped mid-save)', () => {
  it('finishes each stored pending save exactly once and leaves finished ones alone', async () => {
    const { fetch, created } = datadog();
    vi.stubGlobal('fetch', fetch);
    await writeJob(saveJob({ id: 'pending', createdAt: Date.now() }));
    await writeJob(saveJob({ id: 'interrupted', state: 'sending', createdAt: Date.now() }));
    await writeJob(saveJob({ id: 'finished', state: 'done', createdAt: Date.now() }));

    await Promise.all([runner.resumePendingJobs(), runner.resumePendingJobs()]);
    await vi.waitFor(async () => expect(await jobState('pending')).toBe('done'));
    await vi.waitFor(async () => expect(await jobState('interrupted')).toBe('done'));

    expect(created).toHaveLength(2);
    const pending = await readJob('pending');
    expect(pending?.provider === 'datadog' && pending.result?.snapshotId).toBe('snap-1');
    expect(await jobState('finished')).toBe('done');
    // Only the saves that ended here are recent saves: one ended before is not listed again.
    expect((await readRecentSaves()).map((save) => save.jobId).sort()).toEqual(['interrupted', 'pending']);
  });

  it('forgets finished saves after a day', async () => {
    vi.stubGlobal('fetch', datadog().fetch);
    await writeJob(saveJob({ id: 'old', state: 'failed', createdAt: Date.now() - 2 * 86_400_000 }));
    await runner.resumePendingJobs();
    expect(await readJob('old')).toBeNull();
  });
});

describe('startJob: saving again what failed after its create was sent (the popup\'s "Try again")', () => {
  /** Datadog stored the first create, but its answer never came back (the snapshot exists). */
  function datadogHolding(snapshot: { id: string; attributes: Record<string, unknown> }) {
    const { fetch, created } = datadog();
    const listed: string[] = [];
    const withList = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(String(input));
      if (url.pathname.endsWith('/heatmap/snapshots') && (init?.method ?? 'GET') === 'GET') {
        listed.push(url.search);
        return Response.json({ data: [{ type: 'snapshots', ...snapshot }] });
      }
      return fetch(input, init);
    });
    return { fetch: withList, created, listed };
  }

  it('takes over the failed save: adopts the snapshot Datadog already has, creates nothing, drops the failed one', async () => {
    const failed = saveJob({
      id: 'failed',
      state: 'failed',
      sentAt: Date.now() - 1_000,
      error: 'lost answer',
    });
    const { fetch, created, listed } = datadogHolding({
      id: 'snap-stored',
      attributes: {
        snapshot_name: failed.input.snapshotName,
        session_id: failed.context.sessionId,
        view_id: failed.context.viewId,
        created_at: new Date().toISOString(),
        start: 64_000,
      },
    });
    vi.stubGlobal('fetch', fetch);
    await writeJob(failed);

    const again = await runner.startJob(saveJob({ id: 'again', createdAt: Date.now() }));
    expect(again.sentAt).toBe(failed.sentAt);
    await vi.waitFor(async () => expect(await jobState('again')).toBe('done'));

    expect(created).toEqual([]);
    // Once to find it, once more for copies of it.
    expect(listed).toHaveLength(2);
    const job = await readJob('again');
    expect(job?.provider === 'datadog' && job.result?.snapshotId).toBe('snap-stored');
    expect(await readJob('failed')).toBeNull();
  });

  it('a different input is a new save: nothing carried over', async () => {
    vi.stubGlobal('fetch', datadog().fetch);
    await writeJob(saveJob({ id: 'failed', state: 'failed', sentAt: Date.now() - 1_000 }));
    const other = saveJob({ id: 'other', createdAt: Date.now() });
    const again = await runner.startJob({
      ...other,
      input: { ...other.input, snapshotName: 'Another name' },
    });
    expect(again.sentAt).toBeUndefined();
    expect(await readJob('failed')).not.toBeNull();
  });
});

describe('outcomes storage refused to record', () => {
  it('are still answered, written at the next resume, and never make the save run twice', async () => {
    const { fetch, created } = datadog();
    vi.stubGlobal('fetch', fetch);
    const set = fakeBrowser.storage.local.set.bind(fakeBrowser.storage.local);
    let storageFull = true;
    vi.spyOn(fakeBrowser.storage.local, 'set').mockImplementation(async (items) => {
      const finished = Object.values(items).some(
        (value) => (value as { state?: string } | null)?.state === 'done',
      );
      if (storageFull && finished) throw new Error('QUOTA_BYTES quota exceeded');
      return set(items);
    });

    const job = await runner.startJob(saveJob({ id: 'full', createdAt: Date.now() }));
    await vi.waitFor(async () => expect((await runner.getJob(job.id)).state).toBe('done'), WAIT);
    // Storage still holds the save as sending, with the time its create was sent.
    expect(await readJob('full')).toMatchObject({ state: 'sending', sentAt: expect.any(Number) });

    storageFull = false;
    await runner.resumePendingJobs();
    await vi.waitFor(async () => expect(await jobState('full')).toBe('done'), WAIT);
    expect(created).toHaveLength(1);
    // Listed in the recent saves at the first try, and not again when the final write is retried.
    expect((await readRecentSaves()).map((save) => save.jobId)).toEqual(['full']);
  });
});

describe('paused saves (a long rate-limit reset)', () => {
  it('wait for their moment, set the resume alarm to it, then go on with a fresh budget', async () => {
    const { fetch, created } = datadog();
    vi.stubGlobal('fetch', fetch);
    const resumeAt = Date.now() + 3_600_000;
    await writeJob(
      saveJob({ id: 'paused', state: 'sending', resumeAt, spentMs: 59_000, createdAt: Date.now() }),
    );
    await runner.resumePendingJobs();
    expect(created).toEqual([]);
    expect((await fakeBrowser.alarms.get(RESUME_ALARM))?.scheduledTime).toBe(resumeAt);

    let clock = Date.now() + 3_600_001;
    const { datadog: background } = createProviderBackgrounds(unusedProviderCore());
    const due = createJobRunner(background, () => clock++);
    await due.resumePendingJobs();
    await vi.waitFor(async () => expect(await jobState('paused')).toBe('done'), WAIT);
    expect(created).toHaveLength(1);
    expect((await readJob('paused'))?.resumeAt).toBeUndefined();
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(RESUME_ALARM)).toBeUndefined(), WAIT);
  });

  it('a running save keeps a watchdog alarm, so a worker stopped mid-save resumes it by itself', async () => {
    vi.stubGlobal('fetch', () => new Promise(() => undefined));
    await runner.startJob(saveJob({ id: 'hanging', createdAt: Date.now() }));
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(RESUME_ALARM)).toBeDefined(), WAIT);
  });
});
