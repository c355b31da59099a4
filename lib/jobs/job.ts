import { z } from 'zod/mini';
import type { SaveJob } from '@/lib/providers/registry';

/**
 * What every save has, whatever the provider: kept in storage from the click until the provider
 * answers, so closing the popup or the service worker going to sleep never loses it. A provider's
 * job schema extends this with `provider` (its id, the discriminator) and its own context, input
 * and result.
 *
 * `waiting`: nothing was written at the provider yet, so running it again is harmless.
 * `sending`: the write request may have reached the provider.
 */
export const JobStateSchema = z.enum(['waiting', 'sending', 'done', 'failed']);
export type JobState = z.infer<typeof JobStateSchema>;

export const JobBaseSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(100)),
  createdAt: z.number(),
  /** How the popup names this save in lists, e.g. `“Checkout · 2026-11-25 10:00” · /checkout`. */
  label: z.string().check(z.maxLength(1300)),
  state: JobStateSchema,
  /** A sentence for the popup: what the job is doing now, or how it ended. */
  progress: z.string().check(z.maxLength(1000)),
  attempts: z.int().check(z.nonnegative()),
  error: z.optional(z.string().check(z.maxLength(2000))),
  /** When the provider write was first sent (epoch ms): from then on the provider may hold it. */
  sentAt: z.optional(z.int().check(z.positive())),
  /** When it was last sent: until that send has settled, its outcome is unknown (reconcile.ts). */
  lastSentAt: z.optional(z.int().check(z.positive())),
  /**
   * Time this save has spent running, summed over runs on a monotonic clock: its wait budget is
   * counted in this, so a wall clock set back or forward neither stretches nor ends it.
   */
  spentMs: z.optional(z.number().check(z.nonnegative())),
  /**
   * The profile whose keys this save uses (lib/profiles/): a resumed save goes on with the same
   * keys, and fails with a sentence if that profile was deleted. Absent on saves from before profiles.
   */
  profileId: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  /** The provider asked us to wait until then (epoch ms): the save is paused and goes on by itself. */
  resumeAt: z.optional(z.int().check(z.positive())),
});
export type JobBase = z.infer<typeof JobBaseSchema>;

/** What a provider's job runner gets from the core: time, sleeping, and writing progress. */
export interface JobDeps {
  /** The wall clock (epoch ms): for times shown or compared with the provider's. */
  now(): number;
  /** This save's budget, on a monotonic clock, over all its runs. */
  time: ActiveTime;
  sleep(ms: number): Promise<void>;
  update(job: SaveJob): Promise<void>;
}

/** A run's view of its save's budget: what the save had spent before this run, plus this run's time. */
export interface ActiveTime {
  spent(): number;
  /** What is left of `budgetMs` (never negative). */
  remaining(budgetMs: number): number;
}

export function activeTime(job: Pick<JobBase, 'spentMs'>, clock: { monotonic(): number }): ActiveTime {
  const before = job.spentMs ?? 0;
  const runStarted = clock.monotonic();
  const spent = () => before + Math.max(0, clock.monotonic() - runStarted);
  return { spent, remaining: (budgetMs) => Math.max(0, budgetMs - spent()) };
}

/** A save paused this many runs gives up: the provider keeps refusing, the person decides when to retry. */
const MAX_RUNS_WHEN_PAUSING = 8;

/**
 * The job paused because the provider asked to wait `waitMs` (a long rate-limit reset): nothing
 * is lost, the runner resumes it then (an alarm), and the popup says when. After
 * `MAX_RUNS_WHEN_PAUSING` runs it fails instead, with the same sentence, and can be retried.
 */
export function pausedFor<J extends JobBase>(job: J, waitMs: number, providerName: string, now: number): J {
  const seconds = Math.round(waitMs / 1000);
  if (job.attempts >= MAX_RUNS_WHEN_PAUSING) {
    const error = `${providerName} kept rate-limiting this save (it last asked us to wait ${seconds} s). Try again later.`;
    return { ...job, state: 'failed', progress: error, error, resumeAt: undefined };
  }
  const resumeAt = now + waitMs;
  const at = new Date(resumeAt).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return {
    ...job,
    resumeAt,
    progress: `${providerName} asks us to wait ${seconds} s. The save goes on by itself at ${at}; you can close this popup.`,
  };
}

/** A new job's common fields; the provider adds its own. */
export function newJobBase(label: string, now: number): JobBase {
  return {
    id: crypto.randomUUID(),
    createdAt: now,
    label,
    state: 'waiting',
    progress: 'Starting…',
    attempts: 0,
  };
}
