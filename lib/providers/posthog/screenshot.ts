import type { PosthogClient } from '@/lib/providers/posthog/client';
import { PosthogApiError } from '@/lib/providers/posthog/errors';
import type { SavedHeatmap } from '@/lib/providers/posthog/schemas';

/**
 * Waiting for PostHog's screenshot of a saved heatmap: PostHog answers 202 while its headless
 * browser renders, 200 with the JPEG once done. The wait is polled with backoff, bounded by a
 * budget measured on an injected monotonic clock, and ends with a sentence in every case.
 */

export interface WaitForScreenshotOptions {
  sleep: (ms: number) => Promise<void>;
  /** Monotonic ms (not the wall clock, which may jump). */
  now: () => number;
  budgetMs: number;
  onProgress?: (sentence: string) => void;
}

/** How the wait ended; every end carries a sentence for the person. */
export type ScreenshotOutcome =
  | { state: 'ready'; image: Blob; message: string }
  /** PostHog's renderer gave up (`status: failed`). */
  | { state: 'failed'; message: string }
  /** Still rendering when the budget ran out: the heatmap exists, its image comes later. */
  | { state: 'timed-out'; message: string }
  /** PostHog refused to serve it (4xx): deleted, bad width, key or scope. */
  | { state: 'refused'; message: string; error: PosthogApiError };

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 4000;
const MAX_EXCEPTION = 300;

/** 0.5 s, 1 s, 2 s, then every 4 s. */
export function screenshotPollDelay(poll: number): number {
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** poll);
}

function seconds(ms: number): number {
  return Math.max(0, Math.round(ms / 1000));
}

function progressSentence(heatmap: SavedHeatmap | null, width: number, elapsedMs: number): string {
  const snapshots = heatmap?.snapshots ?? [];
  const done = snapshots.filter((snapshot) => snapshot.has_content).length;
  const widths = snapshots.length > 0 ? ` (${done} of ${snapshots.length} widths done)` : '';
  return `PostHog is rendering the screenshot at ${width} px${widths}, ${seconds(elapsedMs)} s so far…`;
}

function failedSentence(heatmap: SavedHeatmap): string {
  const exception = heatmap.exception?.trim().replace(/\s+/g, ' ') ?? '';
  const reason = exception.length > MAX_EXCEPTION ? `${exception.slice(0, MAX_EXCEPTION - 1)}…` : exception;
  return reason.length > 0
    ? `PostHog could not render the page: ${reason}. Regenerate the heatmap in PostHog to try again.`
    : 'PostHog could not render the page. Regenerate the heatmap in PostHog to try again.';
}

function refusedSentence(error: PosthogApiError, width: number): string {
  if (error.kind === 'not-found') return 'PostHog no longer has this heatmap (404): it was deleted.';
  if (error.kind === 'bad-request')
    return `PostHog has no screenshot at ${width} px (${error.details.status}).`;
  return error.message;
}

/** Transient failures (network, server, rate limit) are polled through until the budget ends. */
function isTransient(error: PosthogApiError): boolean {
  return error.kind === 'network' || error.kind === 'server' || error.kind === 'rate-limited';
}

/** Polls the screenshot of saved heatmap `id` at `width` until it is ready, fails, or the budget ends. */
export async function waitForScreenshot(
  client: Pick<PosthogClient, 'getScreenshotContent'>,
  target: { id: string; width: number },
  options: WaitForScreenshotOptions,
): Promise<ScreenshotOutcome> {
  const started = options.now();
  let lastHeatmap: SavedHeatmap | null = null;
  let lastTransient: PosthogApiError | null = null;
  for (let poll = 0; ; poll++) {
    try {
      const content = await client.getScreenshotContent(target.id, target.width);
      if (content.state === 'ready') {
        return { state: 'ready', image: content.image, message: "PostHog's screenshot is ready." };
      }
      if (content.heatmap.status === 'failed')
        return { state: 'failed', message: failedSentence(content.heatmap) };
      lastHeatmap = content.heatmap;
      lastTransient = null;
    } catch (error) {
      if (!(error instanceof PosthogApiError)) throw error;
      if (!isTransient(error)) {
        return { state: 'refused', message: refusedSentence(error, target.width), error };
      }
      lastTransient = error;
    }
    const elapsed = options.now() - started;
    const remaining = options.budgetMs - elapsed;
    if (remaining <= 0) {
      const why = lastTransient ? ` The last check failed: ${lastTransient.message}` : '';
      return {
        state: 'timed-out',
        message: `PostHog was still rendering the screenshot after ${seconds(elapsed)} s; it will appear in PostHog when done.${why}`,
      };
    }
    options.onProgress?.(
      lastTransient
        ? `Checking PostHog's screenshot again (${lastTransient.kind === 'network' ? 'PostHog did not answer' : 'PostHog is busy'})…`
        : progressSentence(lastHeatmap, target.width, elapsed),
    );
    await options.sleep(Math.min(screenshotPollDelay(poll), remaining));
  }
}
