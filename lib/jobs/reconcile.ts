import type { JobOf, ProviderId, SaveJob } from '@/lib/providers/registry';
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

/**
 * Whether another stored, unfinished save of the same request (same provider, page context and
 * input) is running: copies of the same name may then be its own, so none is removed.
 */
export async function twinSaveRunning(job: SaveJob): Promise<boolean> {
  return (await readAllJobs()).some(
    (other) => other.id !== job.id && !isFinished(other) && sameRequest(other, job),
  );
}

/** Two saves are the same request when they come from the same detection with the same input. */
export function sameRequest(a: SaveJob, b: SaveJob): boolean {
  return (
    a.provider === b.provider && JSON.stringify([a.context, a.input]) === JSON.stringify([b.context, b.input])
  );
}

export const isFinished = (job: SaveJob) => job.state === 'done' || job.state === 'failed';

/**
 * Whether a failed create may have been stored anyway, and if so whether its request had ended:
 * `answered` (a 5xx, an unreadable 2xx: what it made is listed now), `unanswered` (no answer, so
 * it may still be travelling: listed until it has settled), or null (refused: nothing stored).
 */
export type UnknownOutcome = 'answered' | 'unanswered' | null;

export function unknownOutcome(error: unknown): UnknownOutcome {
  const kind = (error as { kind?: unknown } | null)?.kind;
  if (!(error instanceof Error)) return null;
  if (kind === 'network') return 'unanswered';
  return kind === 'server' || kind === 'bad-response' ? 'answered' : null;
}

/**
 * How long after sending a create its outcome stays unknown: a request whose answer was lost (or
 * cut when the worker stopped) may still be processed while it travels. Twice the clients' request
 * timeout (15 s): by then it has landed or never will, and what it made can be listed.
 */
export const SETTLE_MS = 30_000;
/** Between looks while a lost create settles: the list is cheap, and the first look is often enough. */
const LOOK_EVERY_MS = 5_000;
const MAX_LOOKS = Math.ceil(SETTLE_MS / LOOK_EVERY_MS) + 1;
/** Sends of one create, in one run: the first and two more after outcomes that were not found. */
const MAX_SENDS = 3;

/** How a save's copies at the provider are found and removed. */
export interface CopySteps<T> {
  /** What this save made, as the provider lists it (same names and page, after `sentAt`, unclaimed). */
  findMade(): Promise<T[]>;
  idOf(made: T): string;
  remove(made: T): Promise<void>;
  /** True when a twin save (same request) is running: its copy is not ours to remove. */
  twinRunning(): Promise<boolean>;
}

/**
 * Removes every copy this save made but `kept`; returns how many went. Chromium resends a request
 * by itself (a POST too) when a reused connection drops before any answer, and hands back the
 * second answer: the provider then holds two, and nothing in the answer tells. Best effort: a
 * copy that cannot be removed is left, never allowed to fail the save.
 */
export async function keepOnlyOne<T>(kept: T, steps: CopySteps<T>): Promise<number> {
  try {
    if (await steps.twinRunning()) return 0;
    const copies = (await steps.findMade()).filter((made) => steps.idOf(made) !== steps.idOf(kept));
    let removed = 0;
    for (const copy of copies) {
      await steps.remove(copy);
      removed++;
    }
    return removed;
  } catch {
    return 0;
  }
}

export interface CreateSteps<T> extends CopySteps<T> {
  create(): Promise<T>;
  unknownOutcome(error: unknown): UnknownOutcome;
  /** Records (in storage) that a create is about to be sent, at `at` (epoch ms); before each send. */
  recordSend(at: number): Promise<void>;
  /** The last send of an earlier run of this save, whose outcome nobody saw (the worker stopped). */
  unsettledSendAt?: number;
  now(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * What an unknown-outcome create made: looked for once if its request was answered, else until it
 * has settled (`SETTLE_MS` after `sentAt`, and at most `MAX_LOOKS` looks, so a wall clock set back
 * cannot stretch it). Null if nothing.
 */
async function findOnceSettled<T>(
  steps: CreateSteps<T>,
  sentAt: number,
  outcome: Exclude<UnknownOutcome, null>,
): Promise<T | null> {
  for (let look = 1; ; look++) {
    const [earlier] = await steps.findMade();
    if (earlier !== undefined) return earlier;
    const left = sentAt + SETTLE_MS - steps.now();
    if (outcome === 'answered' || left <= 0 || look >= MAX_LOOKS) return null;
    await steps.sleep(Math.min(LOOK_EVERY_MS, left));
  }
}

/** What a create ended with: the one kept, whether an earlier send made it, and how many copies of it were removed. */
export interface Created<T> {
  made: T;
  adopted: boolean;
  copiesRemoved: number;
}

/**
 * Create once. A create never goes out blind after one whose outcome is unknown (a 5xx, a lost,
 * timed-out or unreadable answer, a worker stopped mid-request): first what it made is looked for
 * (until it has settled, when no answer came), and adopted if there; only then is the create sent
 * again (at most `MAX_SENDS` sends). Refusals (the provider stored nothing) are thrown at once.
 * Whatever is kept, other copies of it are then removed (`keepOnlyOne`).
 */
export async function createExactlyOnce<T>(steps: CreateSteps<T>): Promise<Created<T>> {
  const { made, adopted } = await createOrAdopt(steps);
  return { made, adopted, copiesRemoved: await keepOnlyOne(made, steps) };
}

async function createOrAdopt<T>(steps: CreateSteps<T>): Promise<{ made: T; adopted: boolean }> {
  if (steps.unsettledSendAt !== undefined) {
    const earlier = await findOnceSettled(steps, steps.unsettledSendAt, 'unanswered');
    if (earlier !== null) return { made: earlier, adopted: true };
  }
  for (let send = 1; ; send++) {
    const sentAt = steps.now();
    await steps.recordSend(sentAt);
    try {
      return { made: await steps.create(), adopted: false };
    } catch (error) {
      const outcome = steps.unknownOutcome(error);
      if (send >= MAX_SENDS || outcome === null) throw error;
      const earlier = await findOnceSettled(steps, sentAt, outcome);
      if (earlier !== null) return { made: earlier, adopted: true };
    }
  }
}

/** The notes a result carries about how it was kept: adopted from an earlier send, copies removed. */
export function reconcileNotes(
  { adopted, copiesRemoved }: Pick<Created<unknown>, 'adopted' | 'copiesRemoved'>,
  providerName: string,
  what: string,
): string[] {
  return [
    ...(adopted
      ? [
          `An earlier attempt had already saved this ${what} before it was interrupted; it was kept, not made twice.`,
        ]
      : []),
    ...(copiesRemoved > 0
      ? [
          `${providerName} held ${copiesRemoved + 1} copies of this save (after a dropped connection the browser sends a request again by itself); the extra ${copiesRemoved === 1 ? 'one was' : 'ones were'} removed, so it is saved once.`,
        ]
      : []),
  ];
}
