import { describe, expect, test } from 'vitest';
import type { ScreenshotContent } from '@/lib/providers/posthog/client';
import { PosthogApiError } from '@/lib/providers/posthog/errors';
import type { SavedHeatmap } from '@/lib/providers/posthog/schemas';
import { screenshotPollDelay, waitForScreenshot } from '@/lib/providers/posthog/screenshot';

const ID = '0197a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b';
const JPEG = new Blob([new Uint8Array([0xff, 0xd8])], { type: 'image/jpeg' });

function heatmap(overrides: Partial<SavedHeatmap> = {}): SavedHeatmap {
  return {
    id: ID,
    short_id: 'aBc123',
    url: 'https://shop.example/',
    status: 'processing',
    snapshots: [
      { width: 375, has_content: true },
      { width: 1024, has_content: false },
    ],
    ...overrides,
  };
}

type Step = ScreenshotContent | PosthogApiError;

/** A client whose answers are scripted; the clock advances only when the wait sleeps. */
function harness(steps: Step[], budgetMs = 20_000) {
  let now = 5_000;
  const sleeps: number[] = [];
  const progress: string[] = [];
  const widths: number[] = [];
  const client = {
    async getScreenshotContent(_id: string, width: number): Promise<ScreenshotContent> {
      widths.push(width);
      const step = steps.shift() ?? { state: 'rendering', heatmap: heatmap() };
      if (step instanceof PosthogApiError) throw step;
      return step;
    },
  };
  const run = () =>
    waitForScreenshot(
      client,
      { id: ID, width: 1024 },
      {
        sleep: async (ms) => {
          sleeps.push(ms);
          now += ms;
        },
        now: () => now,
        budgetMs,
        onProgress: (sentence) => progress.push(sentence),
      },
    );
  return { run, sleeps, progress, widths };
}

const rendering = (overrides: Partial<SavedHeatmap> = {}): ScreenshotContent => ({
  state: 'rendering',
  heatmap: heatmap(overrides),
});

describe('waitForScreenshot', () => {
  test('polls with 0.5 s doubling to 4 s until the JPEG is there', async () => {
    const { run, sleeps, progress, widths } = harness([
      rendering(),
      rendering(),
      rendering(),
      rendering(),
      rendering(),
      { state: 'ready', image: JPEG },
    ]);
    const outcome = await run();
    expect(outcome).toEqual({ state: 'ready', image: JPEG, message: "PostHog's screenshot is ready." });
    expect(sleeps).toEqual([500, 1000, 2000, 4000, 4000]);
    expect(widths.every((width) => width === 1024)).toBe(true);
    expect(progress[0]).toBe(
      'PostHog is rendering the screenshot at 1024 px (1 of 2 widths done), 0 s so far…',
    );
    expect(progress[4]).toContain('8 s so far');
  });

  test('the budget is measured on the injected clock; the last sleep is cut to the deadline', async () => {
    const { run, sleeps } = harness([], 5_000);
    const outcome = await run();
    expect(outcome.state).toBe('timed-out');
    expect(outcome.message).toBe(
      'PostHog was still rendering the screenshot after 5 s; it will appear in PostHog when done.',
    );
    expect(sleeps).toEqual([500, 1000, 2000, 1500]);
    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBe(5_000);
  });

  test("a failed render stops at once with PostHog's exception, bounded", async () => {
    const { run, sleeps } = harness([
      rendering(),
      rendering({ status: 'failed', exception: `Timeout navigating to page\n${'x'.repeat(5000)}` }),
    ]);
    const outcome = await run();
    expect(outcome.state).toBe('failed');
    expect(
      outcome.message.startsWith('PostHog could not render the page: Timeout navigating to page x'),
    ).toBe(true);
    expect(outcome.message.length).toBeLessThan(400);
    expect(sleeps).toEqual([500]);
  });

  test('a failed render without an exception still explains', async () => {
    const outcome = await harness([rendering({ status: 'failed', exception: null })]).run();
    expect(outcome.message).toBe(
      'PostHog could not render the page. Regenerate the heatmap in PostHog to try again.',
    );
  });

  test.each([
    [
      new PosthogApiError('not-found', 'x', { status: 404 }),
      'PostHog no longer has this heatmap (404): it was deleted.',
    ],
    [new PosthogApiError('bad-request', 'x', { status: 400 }), 'PostHog has no screenshot at 1024 px (400).'],
    [
      new PosthogApiError('scope', 'The key lacks heatmap:read.', { status: 403 }),
      'The key lacks heatmap:read.',
    ],
  ])('a 4xx stops with an explanation', async (error, message) => {
    const { run, sleeps } = harness([error]);
    const outcome = await run();
    expect(outcome).toMatchObject({ state: 'refused', message, error });
    expect(sleeps).toEqual([]);
  });

  test('network and server failures are polled through within the budget', async () => {
    const { run, progress } = harness([
      new PosthogApiError('network', 'Could not reach eu.posthog.com: reset.'),
      new PosthogApiError('server', 'PostHog had a server error (502).', { status: 502 }),
      { state: 'ready', image: JPEG },
    ]);
    expect((await run()).state).toBe('ready');
    expect(progress).toEqual([
      "Checking PostHog's screenshot again (PostHog did not answer)…",
      "Checking PostHog's screenshot again (PostHog is busy)…",
    ]);
  });

  test('when the budget ends on a failure, the sentence says so', async () => {
    const error = new PosthogApiError('network', 'Could not reach eu.posthog.com: reset.');
    const outcome = await harness([error, error, error, error, error, error], 3_000).run();
    expect(outcome.state).toBe('timed-out');
    expect(outcome.message).toContain('The last check failed: Could not reach eu.posthog.com: reset.');
  });

  test('other errors are not swallowed', async () => {
    const client = {
      getScreenshotContent: async (): Promise<ScreenshotContent> => {
        throw new RangeError('bug');
      },
    };
    await expect(
      waitForScreenshot(
        client,
        { id: ID, width: 1024 },
        { sleep: async () => {}, now: () => 0, budgetMs: 1000 },
      ),
    ).rejects.toThrow(RangeError);
  });

  test('poll delays', () => {
    expect([0, 1, 2, 3, 4, 10].map(screenshotPollDelay)).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
  });
});
