import { browser } from 'wxt/browser';
import { messageOf } from '@/lib/errors';
import type { SaveJob } from '@/lib/providers/registry';
import { readAllJobs, readJob, removeJob, writeJob } from '@/lib/storage/items';
import { sleep } from '@/lib/time';
import type { JobDeps } from './job';

const FINISHED_JOBS_KEPT_MS = 24 * 60 * 60 * 1000;
const UNFINISHED_JOBS_SHOWN = 5;

/** Runs one job of whichever provider to its end (the provider's own runner, looked up by `job.provider`). */
export type RunProviderJob = (job: SaveJob, deps: JobDeps) => Promise<SaveJob>;

export interface JobRunner {
  /** Record the save first, then run it: from here on it survives the popup closing. */
  startJob<J extends SaveJob>(job: J): Promise<J>;
  /** Run a failed save again: same page context, same input, a fresh wait budget. */
  retryJob(jobId: string): Promise<SaveJob>;
  /** Saves still running or failed, newest first; listing them clears the toolbar's failure mark. */
  unfinishedJobs(): Promise<SaveJob[]>;
  /** When the worker starts: finish saves a previous worker was killed in, forget old finished ones. */
  resumePendingJobs(): Promise<void>;
}

const deps: JobDeps = {
  now: Date.now,
  sleep,
  update: writeJob,
};

/**
 * The outbox of saves, provider-agnostic: each job is stored before any network call, run by its
 * provider's runner, and its outcome shown on the toolbar (the popup may be closed by then).
 */
export function createJobRunner(runProviderJob: RunProviderJob): JobRunner {
  /** Jobs this worker is running now, so a resume never runs one twice. */
  const running = new Set<string>();

  async function run(job: SaveJob): Promise<void> {
    if (running.has(job.id)) return;
    running.add(job.id);
    let finished: SaveJob;
    try {
      finished = await runProviderJob(job, deps);
    } catch (error) {
      // Providers report API failures themselves; this catches what happens before (e.g. no keys).
      const message = messageOf(error);
      finished = { ...job, state: 'failed', progress: message.slice(0, 1000), error: message.slice(0, 2000) };
      await writeJob(finished);
    } finally {
      running.delete(job.id);
    }
    await showOutcomeOnToolbar(finished);
  }

  return {
    async startJob<J extends SaveJob>(requested: J): Promise<J> {
      const job = await carryOverSend(requested);
      await writeJob(job);
      void run(job);
      return job;
    },
    async retryJob(jobId) {
      const job = await requireJob(jobId);
      if (job.state !== 'failed') return job;
      const retried: SaveJob = {
        ...job,
        createdAt: Date.now(),
        state: 'waiting',
        progress: 'Trying again…',
        error: undefined,
      };
      await writeJob(retried);
      void run(retried);
      return retried;
    },
    async unfinishedJobs() {
      await browser.action.setBadgeText({ text: '' });
      return (await readAllJobs())
        .filter((job) => job.state !== 'done')
        .sort((a, b) => b.createdAt - a.createdAt)
        .slice(0, UNFINISHED_JOBS_SHOWN);
    },
    async resumePendingJobs() {
      const now = Date.now();
      for (const job of await readAllJobs()) {
        const finished = job.state === 'done' || job.state === 'failed';
        if (!finished) void run(job);
        else if (now - job.createdAt > FINISHED_JOBS_KEPT_MS) await removeJob(job.id);
      }
    },
  };
}

/** A stored job, or the sentence for a save the extension no longer has (dismissed, expired). */
export async function requireJob(jobId: string): Promise<SaveJob> {
  const job = await readJob(jobId);
  if (!job) throw new Error('This save is no longer known to the extension.');
  return job;
}

/** Two saves are the same request when they come from the same detection with the same input. */
function sameRequest(a: SaveJob, b: SaveJob): boolean {
  return (
    a.provider === b.provider && JSON.stringify([a.context, a.input]) === JSON.stringify([b.context, b.input])
  );
}

/**
 * Saving again what just failed after its write was sent (the popup's "Try again") is the same
 * save: the new job takes over the failed one's `sentAt`, so it looks for what that one may have
 * made before creating (lib/jobs/reconcile.ts), and the failed one is dropped.
 */
async function carryOverSend<J extends SaveJob>(job: J): Promise<J> {
  const earlier = (await readAllJobs()).find(
    (other) => other.state === 'failed' && other.sentAt !== undefined && sameRequest(other, job),
  );
  if (!earlier) return job;
  await removeJob(earlier.id);
  return { ...job, sentAt: earlier.sentAt };
}

/**
 * The popup may be closed by the time a save ends: the toolbar button says how it went.
 * A failure stays marked until the popup has shown it.
 */
async function showOutcomeOnToolbar(job: SaveJob): Promise<void> {
  const failed = job.state === 'failed';
  await browser.action.setBadgeBackgroundColor({ color: failed ? '#c62828' : '#2e7d32' });
  await browser.action.setBadgeText({ text: failed ? '!' : '✓' });
  await browser.action.setTitle({
    title: failed ? `Heatmap snapshot: a save failed. ${job.error ?? ''}` : 'Heatmap snapshot',
  });
  if (!failed) setTimeout(() => void browser.action.setBadgeText({ text: '' }), 5_000);
}
