import { browser } from 'wxt/browser';
import type { SaveInput, SaveJob } from '@/lib/capture/job';
import { runSaveJob } from '@/lib/capture/run-save-job';
import type { PageContext } from '@/lib/detect/page-context';
import { messageOf } from '@/lib/errors';
import { readAllJobs, readJob, removeJob, writeJob } from '@/lib/settings/storage';
import { sleep } from '@/lib/time';
import { clientFromSettings } from './datadog';

const FINISHED_JOBS_KEPT_MS = 24 * 60 * 60 * 1000;
const UNFINISHED_JOBS_SHOWN = 5;

/** Jobs this worker is running now, so a resume never runs one twice. */
const running = new Set<string>();

/** Record the save first, then run it: from here on it survives the popup closing. */
export async function startSave(context: PageContext, input: SaveInput): Promise<SaveJob> {
  const job: SaveJob = {
    id: crypto.randomUUID(),
    createdAt: Date.now(),
    context,
    input,
    state: 'waiting-for-replay',
    progress: 'Starting…',
    attempts: 0,
  };
  await writeJob(job);
  void run(job);
  return job;
}

async function run(job: SaveJob): Promise<void> {
  if (running.has(job.id)) return;
  running.add(job.id);
  let finished: SaveJob;
  try {
    finished = await runSaveJob(job, {
      client: await clientFromSettings(),
      now: Date.now,
      sleep,
      update: writeJob,
    });
  } catch (error) {
    // runSaveJob reports API failures itself; this catches what happens before it (e.g. no keys).
    const message = messageOf(error);
    finished = { ...job, state: 'failed', progress: message, error: message };
    await writeJob(finished);
  } finally {
    running.delete(job.id);
  }
  await showOutcomeOnToolbar(finished);
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

/** Saves still running or failed, newest first; listing them clears the toolbar's failure mark. */
export async function unfinishedJobs(): Promise<SaveJob[]> {
  await browser.action.setBadgeText({ text: '' });
  return (await readAllJobs())
    .filter((job) => job.state !== 'done')
    .sort((a, b) => b.createdAt - a.createdAt)
    .slice(0, UNFINISHED_JOBS_SHOWN);
}

/** Run a failed save again: same page context, same input, a fresh wait budget. */
export async function retryJob(jobId: string): Promise<SaveJob> {
  const job = await readJob(jobId);
  if (!job) throw new Error('This save is no longer known to the extension.');
  if (job.state !== 'failed') return job;
  const retried: SaveJob = {
    ...job,
    createdAt: Date.now(),
    state: 'waiting-for-replay',
    progress: 'Trying again…',
    error: undefined,
  };
  await writeJob(retried);
  void run(retried);
  return retried;
}

/** When the worker starts: finish saves a previous worker was killed in, forget old finished ones. */
export async function resumePendingJobs(now = Date.now()): Promise<void> {
  for (const job of await readAllJobs()) {
    const finished = job.state === 'done' || job.state === 'failed';
    if (!finished) void run(job);
    else if (now - job.createdAt > FINISHED_JOBS_KEPT_MS) await removeJob(job.id);
  }
}
