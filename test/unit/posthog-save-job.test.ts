import { describe, expect, test } from 'vitest';
import { activeTime } from '@/lib/jobs/job';
import { createPosthogClient } from '@/lib/providers/posthog/client';
import { type PosthogJob, PosthogJobSchema, PosthogSaveInputSchema } from '@/lib/providers/posthog/job';
import { type PosthogSaveDeps, runPosthogJob } from '@/lib/providers/posthog/save-job';
import {
  API_KEY,
  API_URL,
  captureJob,
  type FakePosthog,
  fakePosthog,
  HEATMAP_ID,
  jpegBlob,
  jpegBytes,
  PAGE_URL,
  PROJECT_ID,
  posthogInput,
  READ_ONLY_KEY,
  renderJob,
  SHORT_ID,
} from './posthog-fixtures';

/**
 * `runPosthogJob` against the real PostHog client talking to a fake PostHog (posthog-fixtures.ts),
 * with a clock that only sleeping advances, the captured pictures in a map standing in for session
 * storage, and every progress write and request logged in one timeline.
 */

interface HarnessOptions {
  apiKey?: string;
  renderBudgetMs?: number;
  /** Pictures waiting to be uploaded, by job id (any width) or by `jobId@width`. */
  pictures?: Record<string, Blob>;
  /** Which progress writes fail (the storage write of the job). */
  failUpdate?: (job: PosthogJob) => boolean;
  /** Saved heatmaps other jobs hold. */
  claimed?: string[];
}

function harness(server: FakePosthog, options: HarnessOptions = {}) {
  const clock = { now: 50_000 };
  const sleeps: number[] = [];
  const updates: PosthogJob[] = [];
  const timeline: string[] = [];
  const pictures = new Map(Object.entries(options.pictures ?? {}));
  const forgotten: string[] = [];
  const pictureReads: string[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    clock.now += ms;
  };
  const client = createPosthogClient({
    baseUrl: API_URL,
    apiKey: options.apiKey ?? API_KEY,
    projectId: PROJECT_ID,
    fetch: (async (input: string, init: RequestInit = {}) => {
      const path = new URL(input).pathname.replace(/^\/api\/projects\/\d+\//, '');
      timeline.push(`${init.method ?? 'GET'} ${path}`);
      return server.fetch(input, init);
    }) as typeof fetch,
    sleep,
    now: () => clock.now,
    random: () => 0.5,
  });
  const deps: PosthogSaveDeps = {
    client,
    now: () => clock.now,
    time: activeTime({}, { monotonic: () => clock.now }),
    twinRunning: async () => false,
    sleep,
    update: async (job) => {
      const posthogJob = job as unknown as PosthogJob;
      updates.push(posthogJob);
      timeline.push(`update ${posthogJob.state}${posthogJob.result ? ' +result' : ''}`);
      if (options.failUpdate?.(posthogJob)) throw new Error('QUOTA_BYTES quota exceeded');
    },
    readPicture: async (jobId, width) => {
      pictureReads.push(jobId);
      return pictures.get(`${jobId}@${width}`) ?? pictures.get(jobId) ?? null;
    },
    forgetPictures: async (jobId) => {
      forgotten.push(jobId);
      timeline.push('forget picture');
      pictures.delete(jobId);
    },
    claimedHeatmapIds: async () => new Set(options.claimed ?? []),
    renderBudgetMs: options.renderBudgetMs,
  };
  return { deps, sleeps, updates, timeline, pictures, forgotten, pictureReads };
}

const uploads = (server: FakePosthog) =>
  server.requests.filter((request) => request.method === 'POST' && request.path === 'saved/capture/');
const contentRequests = (server: FakePosthog) =>
  server.requests.filter((request) => request.path.startsWith('heatmap_screenshots/'));

async function bytesOf(value: FormDataEntryValue | null | undefined): Promise<number[]> {
  if (!(value instanceof Blob)) throw new Error(`expected a file, got ${String(value)}`);
  return [...new Uint8Array(await value.arrayBuffer())];
}

/** A capture pictured at 375 and 1280 px: two pictures wait in session storage. */
const twoWidthJob = () =>
  captureJob({
    input: posthogInput({ widths: [375, 1280] }),
    captures: [
      { width: 375, height: 5200, truncated: false },
      { width: 1280, height: 3400, truncated: false },
    ],
  });

describe('runPosthogJob: a tab capture', () => {
  test('uploads the stored picture once at the captured width, records the heatmap, forgets the picture, waits 202 → 200', async () => {
    const server = fakePosthog({ renderingPolls: 2 });
    const picture = jpegBlob([5, 6, 7, 8]);
    const job = captureJob();
    const { deps, sleeps, updates, timeline, pictures, forgotten } = harness(server, {
      pictures: { [job.id]: picture },
    });

    const finished = await runPosthogJob(job, deps);

    // The upload: one multipart request with the stored picture's bytes at the captured width.
    expect(uploads(server)).toHaveLength(1);
    const form = uploads(server)[0]?.form;
    expect(form?.get('url')).toBe(PAGE_URL);
    expect(form?.get('name')).toBe('Account (logged in)');
    expect(form?.has('data_url')).toBe(false);
    expect(form?.getAll('widths')).toEqual(['1280']);
    expect(form?.getAll('images')).toHaveLength(1);
    expect(await bytesOf(form?.get('images'))).toEqual([...jpegBytes([5, 6, 7, 8])]);
    expect(server.writes()).toEqual(['POST saved/capture/']);

    // The wait: by the UUID (not the short id), at the captured width, 202, 202, then the JPEG.
    expect(contentRequests(server).map((request) => request.url.pathname + request.url.search)).toEqual(
      Array(3).fill(`/api/projects/${PROJECT_ID}/heatmap_screenshots/${HEATMAP_ID}/content/?width=1280`),
    );
    expect(sleeps).toEqual([500, 1000]);

    expect(finished).toMatchObject({
      id: job.id,
      state: 'done',
      attempts: 1,
      progress: 'Saved “Account (logged in)” in PostHog.',
      result: {
        id: HEATMAP_ID,
        shortId: SHORT_ID,
        name: 'Account (logged in)',
        width: 1280,
        widths: [1280],
        imageReady: true,
        notes: [],
      },
    });
    expect(finished.error).toBeUndefined();
    expect(forgotten).toEqual([job.id]);
    expect(pictures.size).toBe(0);

    // Progress: `sending` is written before the upload goes out, the result before the picture is forgotten.
    expect(updates[0]).toMatchObject({ state: 'sending', progress: 'Uploading the picture to PostHog…' });
    // Between the upload and the result, one look for copies of it (a resent upload).
    expect(timeline.slice(0, 5)).toEqual([
      'update sending',
      'POST saved/capture/',
      'GET saved/',
      'update sending +result',
      'forget picture',
    ]);
    expect(updates[1]?.result).toMatchObject({ id: HEATMAP_ID, shortId: SHORT_ID, imageReady: false });
    expect(
      updates.some((update) => update.progress.startsWith('PostHog is rendering the screenshot at 1280 px')),
    ).toBe(true);
    expect(updates.at(-1)).toEqual(finished);
    for (const update of updates) expect(PosthogJobSchema.safeParse(update).success).toBe(true);
  });

  test('pictures at several widths go up in one upload, each image with its width, in the order taken', async () => {
    const server = fakePosthog();
    const job = twoWidthJob();
    const { deps, updates } = harness(server, {
      pictures: { [`${job.id}@375`]: jpegBlob([3, 7, 5]), [`${job.id}@1280`]: jpegBlob([1, 2, 8]) },
    });
    const finished = await runPosthogJob(job, deps);
    expect(uploads(server)).toHaveLength(1);
    const form = uploads(server)[0]?.form;
    expect(form?.getAll('widths')).toEqual(['375', '1280']);
    const images = form?.getAll('images') ?? [];
    expect(await Promise.all(images.map(bytesOf))).toEqual([
      [...jpegBytes([3, 7, 5])],
      [...jpegBytes([1, 2, 8])],
    ]);
    expect(updates[0]?.progress).toBe('Uploading the pictures to PostHog…');
    expect(finished).toMatchObject({ state: 'done', result: { width: 375, widths: [375, 1280] } });
  });

  test('one of several pictures gone: failed, asking to save again, nothing uploaded', async () => {
    const server = fakePosthog();
    const job = twoWidthJob();
    const { deps } = harness(server, { pictures: { [`${job.id}@375`]: jpegBlob() } });
    const finished = await runPosthogJob(job, deps);
    expect(finished.state).toBe('failed');
    expect(finished.error).toContain('Save again');
    expect(uploads(server)).toHaveLength(0);
  });

  test('a truncated capture keeps its note once the screenshot is ready', async () => {
    const server = fakePosthog();
    const job = captureJob({ captures: [{ width: 1440, height: 15_000, truncated: true }] });
    const { deps } = harness(server, { pictures: { [job.id]: jpegBlob() } });
    const finished = await runPosthogJob(job, deps);
    expect(uploads(server)[0]?.form?.getAll('widths')).toEqual(['1440']);
    expect(finished.result).toMatchObject({
      width: 1440,
      imageReady: true,
      notes: ['The page is taller than the extension captures; the picture shows its top part.'],
    });
  });

  test('a resumed job that already has its heatmap never uploads again: it only waits for the screenshot', async () => {
    const server = fakePosthog({ renderingPolls: 3 });
    const job = captureJob();
    const first = harness(server, { pictures: { [job.id]: jpegBlob() } });
    await runPosthogJob(job, first.deps);
    // The worker was stopped right after the saved heatmap was recorded: this is what storage holds.
    const stored = first.updates.find((update) => update.result !== undefined);
    expect(stored).toMatchObject({ state: 'sending', result: { id: HEATMAP_ID, imageReady: false } });

    const second = harness(server);
    const resumed = await runPosthogJob(stored as PosthogJob, second.deps);

    expect(uploads(server)).toHaveLength(1);
    expect(server.writes()).toEqual(['POST saved/capture/']);
    expect(second.pictureReads).toEqual([]);
    expect(second.forgotten).toEqual([]);
    expect(second.timeline.every((entry) => !entry.startsWith('POST'))).toBe(true);
    expect(second.updates.every((update) => update.state !== 'waiting')).toBe(true);
    expect(resumed).toMatchObject({
      state: 'done',
      attempts: 2,
      result: { id: HEATMAP_ID, shortId: SHORT_ID, width: 1280, imageReady: true },
    });
  });

  test('a job whose upload may have reached PostHog (worker stopped mid-request) adopts that heatmap instead of uploading again', async () => {
    const server = fakePosthog({ renderingPolls: 1 });
    const job = captureJob();
    const first = harness(server, { pictures: { [job.id]: jpegBlob() } });
    await runPosthogJob(job, first.deps);
    // Storage as the worker left it: the upload was sent, its answer never recorded.
    const stored = first.updates.find((update) => update.state === 'sending' && update.result === undefined);
    expect(stored?.sentAt).toBeTypeOf('number');

    const second = harness(server, { pictures: { [job.id]: jpegBlob() } });
    const resumed = await runPosthogJob(stored as PosthogJob, second.deps);

    expect(uploads(server)).toHaveLength(1);
    // Once to find it, once more for copies of it.
    expect(second.timeline.filter((entry) => entry.startsWith('GET saved/'))).toHaveLength(2);
    expect(resumed).toMatchObject({ state: 'done', result: { id: HEATMAP_ID, imageReady: true } });
  });

  test('a heatmap another job holds is never adopted: the resumed job uploads its own', async () => {
    const server = fakePosthog({ renderingPolls: 1 });
    const job = captureJob();
    const first = harness(server, { pictures: { [job.id]: jpegBlob() } });
    await runPosthogJob(job, first.deps);
    const stored = first.updates.find((update) => update.state === 'sending' && update.result === undefined);

    const second = harness(server, { pictures: { [job.id]: jpegBlob() }, claimed: [HEATMAP_ID] });
    await runPosthogJob(stored as PosthogJob, second.deps);
    expect(uploads(server)).toHaveLength(2);
  });

  test('a first run lists heatmaps only after uploading (for copies): nothing can have been sent before', async () => {
    const server = fakePosthog({ renderingPolls: 1 });
    const job = captureJob();
    const { deps, timeline } = harness(server, { pictures: { [job.id]: jpegBlob() } });
    await runPosthogJob(job, deps);
    const firstList = timeline.findIndex((entry) => entry.startsWith('GET saved/'));
    expect(firstList).toBeGreaterThan(timeline.indexOf('POST saved/capture/'));
    expect(uploads(server)).toHaveLength(1);
  });

  test('the picture is gone (the browser was restarted): failed, asking to save again, nothing uploaded', async () => {
    const server = fakePosthog();
    const { deps, forgotten } = harness(server, { pictures: {} });
    const finished = await runPosthogJob(captureJob(), deps);
    expect(finished.state).toBe('failed');
    expect(finished.error).toBe(
      'The picture of this tab is gone (the browser was closed before it was uploaded). Save again.',
    );
    expect(finished.progress).toBe(finished.error);
    expect(finished.result).toBeUndefined();
    expect(server.requests).toEqual([]);
    expect(forgotten).toEqual([]);
  });

  test.each([
    [
      'a bad key (401)',
      'phx_revoked0123456789',
      'PostHog refused the personal API key (401). Check it in the extension options. PostHog said: Invalid personal API key.',
    ],
    [
      'a key without heatmap:write (403)',
      READ_ONLY_KEY,
      "The personal API key may not do this (403): it needs the scope heatmap:write on this project. Add it to the key in PostHog's settings.",
    ],
  ])(
    '%s on upload: failed with PostHog’s sentence; the picture is kept for a retry',
    async (_, apiKey, sentence) => {
      const server = fakePosthog();
      const job = captureJob();
      const { deps, pictures, forgotten } = harness(server, { apiKey, pictures: { [job.id]: jpegBlob() } });
      const finished = await runPosthogJob(job, deps);
      expect(finished).toMatchObject({ state: 'failed', error: sentence, progress: sentence, attempts: 1 });
      expect(finished.result).toBeUndefined();
      expect(server.requests).toHaveLength(1);
      expect(contentRequests(server)).toEqual([]);
      expect(forgotten).toEqual([]);
      expect(pictures.has(job.id)).toBe(true);
    },
  );

  test('the storage write failing at the end does not turn a saved heatmap into a failure', async () => {
    const server = fakePosthog();
    const job = captureJob();
    const { deps, updates } = harness(server, {
      pictures: { [job.id]: jpegBlob() },
      failUpdate: (update) => update.state === 'done',
    });
    const finished = await runPosthogJob(job, deps);
    expect(finished).toMatchObject({ state: 'done', result: { id: HEATMAP_ID, imageReady: true } });
    expect(finished.error).toBeUndefined();
    expect(updates.at(-1)?.state).toBe('done');
    expect(uploads(server)).toHaveLength(1);
  });
});

describe('runPosthogJob: a PostHog render', () => {
  test('POSTs saved/ with url, name, data_url, widths and type screenshot, then waits 202 → 200', async () => {
    const server = fakePosthog({ renderingPolls: 2 });
    const job = renderJob();
    const { deps, sleeps, updates, pictureReads, forgotten } = harness(server);

    const finished = await runPosthogJob(job, deps);

    expect(server.writes()).toEqual(['POST saved/']);
    expect(server.requests[0]?.headers.get('Content-Type')).toBe('application/json');
    expect(server.requests[0]?.json).toEqual({
      url: 'https://shop.example/pricing',
      name: 'Pricing',
      data_url: 'https://shop.example/pricing',
      widths: [1024, 375],
      type: 'screenshot',
    });
    expect(pictureReads).toEqual([]);
    expect(updates[0]).toMatchObject({ state: 'sending', progress: 'Asking PostHog to render the page…' });
    expect(contentRequests(server).map((request) => request.url.searchParams.get('width'))).toEqual([
      '1024',
      '1024',
      '1024',
    ]);
    expect(sleeps).toEqual([500, 1000]);
    expect(finished).toMatchObject({
      state: 'done',
      progress: 'Saved “Pricing” in PostHog.',
      result: {
        id: HEATMAP_ID,
        shortId: SHORT_ID,
        name: 'Pricing',
        width: 1024,
        widths: [1024, 375],
        imageReady: true,
        notes: [],
      },
    });
    // Forgetting is harmless for a render (there is no picture); what matters is that nothing was read.
    expect(forgotten.every((id) => id === job.id)).toBe(true);
  });

  test('still rendering when the budget ends: done, no image yet, and a note saying so', async () => {
    const server = fakePosthog({ neverRenders: true });
    const { deps, sleeps, updates } = harness(server, { renderBudgetMs: 5_000 });
    const finished = await runPosthogJob(renderJob(), deps);
    expect(finished.state).toBe('done');
    expect(finished.result?.imageReady).toBe(false);
    expect(finished.result?.notes).toEqual([
      'PostHog was still rendering the screenshot after 5 s; it will appear in PostHog when done.',
    ]);
    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBe(5_000);
    expect(
      updates.filter((update) => update.progress.startsWith('PostHog is rendering')).length,
    ).toBeGreaterThan(0);
    expect(server.writes()).toEqual(['POST saved/']);
  });

  test("PostHog's renderer fails: done without an image, its exception explained in a note", async () => {
    const server = fakePosthog({ renderFails: 'Timeout navigating to page\n  after 30000 ms' });
    const { deps, sleeps } = harness(server);
    const finished = await runPosthogJob(renderJob(), deps);
    expect(finished.state).toBe('done');
    expect(finished.error).toBeUndefined();
    expect(finished.result).toMatchObject({ id: HEATMAP_ID, imageReady: false });
    expect(finished.result?.notes).toEqual([
      'PostHog could not render the page: Timeout navigating to page after 30000 ms. Regenerate the heatmap in PostHog to try again.',
    ]);
    expect(sleeps).toEqual([]);
    expect(contentRequests(server)).toHaveLength(1);
  });

  test('a key without heatmap:write: failed with the scope sentence, nothing to wait for', async () => {
    const server = fakePosthog();
    const { deps } = harness(server, { apiKey: READ_ONLY_KEY });
    const finished = await runPosthogJob(renderJob(), deps);
    expect(finished.state).toBe('failed');
    expect(finished.error).toContain('it needs the scope heatmap:write');
    expect(contentRequests(server)).toEqual([]);
  });
});

describe('runPosthogJob: a data URL with PostHog wildcards', () => {
  const wildcard = 'https://shop.example/products/*';

  test('the save input accepts it (the form says "* wildcards are allowed")', () => {
    const input = PosthogSaveInputSchema.safeParse({ ...renderJob().input, dataUrl: wildcard });
    expect(input.success).toBe(true);
  });

  test('a render sends the wildcard data_url and ends done', async () => {
    const server = fakePosthog();
    const { deps } = harness(server);
    const job = renderJob();
    const finished = await runPosthogJob({ ...job, input: { ...job.input, dataUrl: wildcard } }, deps);
    expect(finished.error).toBeUndefined();
    expect(server.requests[0]?.json).toMatchObject({ data_url: wildcard });
    expect(finished.state).toBe('done');
  });

  test('a capture never sends a data_url (an older job may hold one): PostHog keeps the page URL as its data URL', async () => {
    const server = fakePosthog();
    const job = captureJob();
    const { deps } = harness(server, { pictures: { [job.id]: jpegBlob() } });
    const finished = await runPosthogJob({ ...job, input: { ...job.input, dataUrl: wildcard } }, deps);
    expect(finished.error).toBeUndefined();
    expect(uploads(server)[0]?.form?.has('data_url')).toBe(false);
    expect(server.heatmaps[0]?.data_url).toBe(job.input.pageUrl);
    expect(finished.state).toBe('done');
  });
});
