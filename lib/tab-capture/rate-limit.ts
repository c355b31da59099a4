/**
 * Chrome allows `tabs.captureVisibleTab` twice per second per extension
 * (`chrome.tabs.MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND` = 2) and refuses the excess with an error,
 * counting refused calls too. Its quota is a bucket of 2 calls that refills 1 s after the first call
 * of a window, so with calls exactly 500 ms apart every third one lands a hair before the refill and
 * is refused (seen in Chromium: 2 refusals in 5 captures). 550 ms leaves 100 ms for that jitter.
 * A refusal is still retried once, in case another part of the extension captured in between.
 */
export const CAPTURE_SPACING_MS = 550;

/** Wait after a refusal before the one retry: a whole quota window. */
export const CAPTURE_RETRY_WAIT_MS = 1_000;

/**
 * Chrome's quota error names the quota it exceeded ("This request exceeds the
 * MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND quota."). That name is the documented API constant,
 * so it is the stable tag to look for; the sentence around it is not. The one place that decides.
 */
export function isCaptureRateLimitError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return message.includes('MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND');
}

export interface ThrottleClock {
  /** Monotonic milliseconds (performance.now), not the wall clock, which can jump. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Runs captures no closer than CAPTURE_SPACING_MS apart, retrying a quota refusal once. */
export class CaptureThrottle {
  private lastStart = Number.NEGATIVE_INFINITY;

  constructor(private readonly clock: ThrottleClock) {}

  async run<T>(capture: () => Promise<T>): Promise<T> {
    try {
      return await this.spaced(capture);
    } catch (error) {
      if (!isCaptureRateLimitError(error)) throw error;
      await this.clock.sleep(CAPTURE_RETRY_WAIT_MS);
      return await this.spaced(capture);
    }
  }

  private async spaced<T>(capture: () => Promise<T>): Promise<T> {
    const wait = this.lastStart + CAPTURE_SPACING_MS - this.clock.now();
    if (wait > 0) await this.clock.sleep(wait);
    this.lastStart = this.clock.now();
    return capture();
  }
}
