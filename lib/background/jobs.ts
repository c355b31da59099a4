import type { SaveInput, SaveJob } from '@/lib/capture/job';
import { runSaveJob } from '@/lib/capture/run-save-job';
import type { PageContext } from '@/lib/detect/page-context';
import { readAllJobs, removeJob, writeJob } from '@/lib/settings/storage';
import { clientFromSettings } from './datadog';

const FINISHED_JOBS_KEPT_MS = 24 * 60 * 60 * 1000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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
  try {
    await runSaveJob(job, { client: await clientFromSettings(), now: Date.now, sleep, update: writeJob });
  } catch (error) {
    // runSaveJob reports API failures itself; this catches what happens before it (e.g. no keys).
    const message = error instanceof Error ? error.message : String(error);
    await writeJob({ ...job, state: 'failed', progress: message, error: message });
  } finally {
    running.delete(job.id);
  }
}

/** When the worker starts: finish saves a previous worker was killed in, forget old finished ones. */
export async function resumePendingJobs(now = Date.now()): Promise<void> {
  for (const job of await readAllJobs()) {
    const finished = job.state === 'done' || job.state === 'failed';
    if (!finished) void run(job);
    else if (now - job.createdAt > FINISHED_JOBS_KEPT_MS) await removeJob(job.id);
  }
}
