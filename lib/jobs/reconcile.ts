import type { JobOf, ProviderId } from '@/lib/providers/registry';
import { readAllJobs } from '@/lib/storage/items';

/**
 * Exactly once across interruptions. A save whose create request may have reached the provider
 * without its answer being recorded (the worker stopped mid-request, or the answer was lost) looks
 * for what it made before creating again. Neither provider offers an idempotency key, so "what it
 * made" is: the same names and page, created after the request was first sent, and not already
 * the result of another save.
 */

/** The provider's clock and the browser's may disagree; something this much "older" than the send still counts. */
const CLOCK_SKEW_MS = 2 * 60_000;

/** Whether a provider's `created_at` (ISO) is after `sentAt` (epoch ms), within the clock skew. */
export function madeAfterSend(createdAt: string | undefined, sentAt: number): boolean {
  const created = Date.parse(createdAt ?? '');
  return Number.isFinite(created) && created >= sentAt - CLOCK_SKEW_MS;
}

/** What the other stored saves of `provider` hold as results (by `resultId`): never adopted by this one. */
export async function claimedResultIds<P extends ProviderId>(
  provider: P,
  jobId: string,
  resultId: (job: JobOf<P>) => string | undefined,
): Promise<Set<string>> {
  const others = (await readAllJobs()).filter(
    (job): job is JobOf<P> => job.provider === provider && job.id !== jobId,
  );
  return new Set(others.flatMap((job) => resultId(job) ?? []));
}

/** The kinds of API failure after which the provider may have stored the create anyway. */
export function mayHaveStored(error: unknown): boolean {
  const kind = (error as { kind?: unknown } | null)?.kind;
  return error instanceof Error && (kind === 'server' || kind === 'network' || kind === 'bad-response');
}

/** How long to wait before looking again after a create that may have been stored: 1 s, then 3 s. */
const LOOK_AGAIN_DELAYS_MS = [1_000, 3_000];

/**
 * Create once, also when the create fails in a way that may have happened after the provider
 * stored it (a 5xx, a lost or unreadable answer): then wait, look for what it made, adopt it if
 * there, else send the create again (at most twice more). Other failures are thrown at once.
 */
export async function createExactlyOnce<T>(steps: {
  create(): Promise<T>;
  findEarlier(): Promise<T | null>;
  mayHaveStored(error: unknown): boolean;
  sleep(ms: number): Promise<void>;
}): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await steps.create();
    } catch (error) {
      const delay = LOOK_AGAIN_DELAYS_MS[retry];
      if (delay === undefined || !steps.mayHaveStored(error)) throw error;
      await steps.sleep(delay);
      const earlier = await steps.findEarlier();
      if (earlier !== null) return earlier;
    }
  }
}
