import { browser } from 'wxt/browser';
import { messageOf } from '@/lib/errors';
import type { SaveJob } from '@/lib/providers/registry';
import { readAllJobs, readJob, rememberRecentSave, removeJob, writeJob } from '@/lib/storage/items';
import { sleep } from '@/lib/time';
import { activeTime, type JobDeps } from './job';
import { recentSaveOf } from './recent';
import { isFinished, sameRequest } from './reconcile';
import {
  DONE_SHOWN_MS,
  nextToolbarState,
  showOnToolbar,
  type ToolbarEvent,
  type ToolbarState,
} from './toolbar';

const FINISHED_JOBS_KEPT_MS = 24 * 60 * 60 * 1000;
const UNFINISHED_JOBS_SHOWN = 5;

/**
 * The alarm that resumes saves: at a paused save's `resumeAt`, and 30 s after any run starts, so a
 * save whose worker Chrome stopped mid-run (idle timeout, crash) goes on without anyone opening
 * the popup. 30 s is the shortest alarm Chrome allows.
 */
export const RESUME_ALARM = 'resume-saves';
const WATCHDOG_MS = 30_000;

/** What the runner needs of the providers, each looked up by `job.provider`. */
export interface ProviderJobs {
  /** Runs one job of whichever provider to its end (the provider's own runner). */
  runJob(job: SaveJob, deps: JobDeps): Promise<SaveJob>;
  /** The link the popup offers for a finished save, kept in the recent saves. */
  resultLink(job: SaveJob): Promise<string | null>;
}

export interface JobRunner {
  /** Record the save first, then run it: from here on it survives the popup closing. */
  startJob<J extends SaveJob>(job: J): Promise<J>;
  /** The save as this worker last knows it: its outcome even when storage refused to record it. */
  getJob(jobId: string): Promise<SaveJob>;
  /** Run a failed save again: same page context, same input, a fresh wait budget. */
  retryJob(jobId: string): Promise<SaveJob>;
  /** Saves still running or failed, newest first; listing them clears the toolbar's failure mark. */
  unfinishedJobs(): Promise<SaveJob[]>;
  /**
   * When the worker starts and when the resume alarm rings: finish saves a previous worker was
   * stopped in and paused saves now due, record outcomes storage refused before, forget old ones.
   */
  resumePendingJobs(): Promise<void>;
}

/**
 * The outbox of saves, provider-agnostic: each job is stored before any network call, run by its
 * provider's runner, and its outcome shown on the toolbar (the popup may be closed by then).
 */
export function createJobRunner(
  providers: ProviderJobs,
  now: () => number = Date.now,
  /** Told of every save that ended, after the toolbar (one-action saves answer with a notification). */
  onFinished: (job: SaveJob) => Promise<void> = async () => undefined,
): JobRunner {
  /** Jobs this worker is running now, so a resume never runs one twice. */
  const running = new Set<string>();
  /**
   * Outcomes storage refused to record (full, failing): answered from here, and written again at
   * the next resume. If the worker stops first, the stored job still says `sending` with its
   * `sentAt`, so the next run looks for what it made before creating anything (reconcile.ts).
   */
  const unrecorded = new Map<string, SaveJob>();
  /** What the toolbar button shows now (lib/jobs/toolbar.ts has the rule). */
  let toolbar: ToolbarState = 'idle';

  /** The toolbar is only a hint: a browser refusing a badge must not stop or fail a save. */
  async function showOnToolbarAfter(event: ToolbarEvent, detail?: string): Promise<void> {
    toolbar = nextToolbarState(toolbar, event);
    await showOnToolbar(toolbar, toolbar === 'failed' ? detail : undefined).catch(() => undefined);
  }

  /**
   * ✓ goes after a while. Scheduled from here, not inside `run`: a timer made there would keep that
   * run's whole scope (its job, its client) alive until it fires, for every save of a burst.
   */
  function expireDoneLater(): void {
    setTimeout(
      () => void showOnToolbarAfter({ kind: 'done-expired', stillRunning: running.size > 0 }),
      DONE_SHOWN_MS,
    );
  }

  async function record(job: SaveJob): Promise<void> {
    try {
      // Recent saves first: a worker stopped between the two writes leaves the job unfinished in
      // storage, so its next run ends it again, and the list keeps it once (by job id).
      if (job.state === 'done') {
        // No link rather than no record: the save's profile may have been deleted since.
        const link = await providers.resultLink(job).catch(() => null);
        await rememberRecentSave(recentSaveOf(job, link, now()));
      }
      await writeJob(job);
      unrecorded.delete(job.id);
    } catch {
      unrecorded.set(job.id, job);
    }
  }

  async function run(job: SaveJob): Promise<void> {
    if (running.has(job.id)) return;
    running.add(job.id);
    // Alongside the run's first steps, not before them: the job is already stored, so a worker
    // stopped before the watchdog alarm exists loses no save, only its wake-up until the next
    // event (the popup, the context menu, the browser starting); both are awaited before the outcome,
    // and a failure of either must not keep the outcome from being recorded.
    const started = Promise.all([
      showOnToolbarAfter({ kind: 'started' }),
      armResumeAlarm(now() + WATCHDOG_MS),
    ]).catch(() => undefined);
    const time = activeTime(job, { monotonic: () => performance.now() });
    // Every write carries the time spent so far, so a resumed run continues the same budget.
    const stamped = (updated: SaveJob): SaveJob => ({ ...updated, spentMs: time.spent() });
    const deps: JobDeps = { now, sleep, time, update: (updated) => writeJob(stamped(updated)) };
    let finished: SaveJob;
    try {
      finished = stamped(await providers.runJob(job, deps));
    } catch (error) {
      // Providers report API failures themselves; this catches what happens before (e.g. no keys).
      const message = messageOf(error);
      finished = stamped({
        ...job,
        state: 'failed',
        progress: message.slice(0, 1000),
        error: message.slice(0, 2000),
      });
    } finally {
      running.delete(job.id);
    }
    await started;
    await record(finished);
    if (isFinished(finished)) {
      // The popup may be closed by the time a save ends: the toolbar button says how it went.
      const failed = finished.state === 'failed';
      await showOnToolbarAfter({ kind: 'finished', failed, stillRunning: running.size > 0 }, finished.error);
      if (!failed) expireDoneLater();
      await onFinished(finished).catch(() => undefined);
    }
    await armResumeAlarm();
  }

  /**
   * Sets the resume alarm to the earliest moment a stored save needs the worker (`at`, a running
   * save's watchdog, or a paused save's `resumeAt`), or clears it when none does.
   */
  async function armResumeAlarm(at?: number): Promise<void> {
    const jobs = await readAllJobs().catch(() => []);
    const moments = jobs
      .filter((job) => !isFinished(job) && !running.has(job.id))
      .map((job) => job.resumeAt ?? now());
    if (running.size > 0 || unrecorded.size > 0) moments.push(at ?? now() + WATCHDOG_MS);
    if (moments.length === 0) {
      await browser.alarms.clear(RESUME_ALARM);
      return;
    }
    await browser.alarms.create(RESUME_ALARM, { when: Math.max(now() + 1000, Math.min(...moments)) });
  }

  return {
    async startJob<J extends SaveJob>(requested: J): Promise<J> {
      const job = await carryOverSend(requested);
      await writeJob(job);
      void run(job);
      return job;
    },
    async getJob(jobId) {
      return unrecorded.get(jobId) ?? requireJob(jobId);
    },
    async retryJob(jobId) {
      const job = await requireJob(jobId);
      if (job.state !== 'failed') return job;
      const retried: SaveJob = {
        ...job,
        createdAt: now(),
        state: 'waiting',
        progress: 'Trying again…',
        error: undefined,
        spentMs: undefined,
        resumeAt: undefined,
      };
      await writeJob(retried);
      void run(retried);
      return retried;
    },
    async unfinishedJobs() {
      await showOnToolbarAfter({ kind: 'seen', stillRunning: running.size > 0 });
      return (await readAllJobs())
        .map((job) => unrecorded.get(job.id) ?? job)
        .filter((job) => job.state !== 'done')
        .sort((a, b) => b.createdAt - a.createdAt)
        .slice(0, UNFINISHED_JOBS_SHOWN);
    },
    async resumePendingJobs() {
      for (const job of [...unrecorded.values()]) await record(job);
      const at = now();
      for (const job of await readAllJobs()) {
        if (unrecorded.has(job.id) || running.has(job.id)) continue;
        if (isFinished(job)) {
          if (at - job.createdAt > FINISHED_JOBS_KEPT_MS) await removeJob(job.id);
        } else if (job.resumeAt === undefined) {
          void run(job);
        } else if (job.resumeAt <= at) {
          // The wait the provider asked for is over: the run after a pause has a fresh budget.
          void run({ ...job, resumeAt: undefined, spentMs: undefined });
        }
      }
      await armResumeAlarm();
    },
  };
}

/** A stored job, or the sentence for a save the extension no longer has (dismissed, expired). */
export async function requireJob(jobId: string): Promise<SaveJob> {
  const job = await readJob(jobId);
  if (!job) throw new Error('This save is no longer known to the extension.');
  return job;
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
