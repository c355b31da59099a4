import { messageOf } from '@/lib/errors';
import { type JobDeps, pausedFor } from '@/lib/jobs/job';
import {
  type CopySteps,
  createExactlyOnce,
  keepOnlyOne,
  madeAfterSend,
  reconcileNotes,
  unknownOutcome,
} from '@/lib/jobs/reconcile';
import { DatadogApiError, type DatadogClient } from './client';
import type { DatadogJob } from './job';
import { replayLookups } from './replay-lookup';
import type { Snapshot } from './schemas';
import type { SegmentLookup } from './segments';
import {
  buildCreateRequest,
  isCaptureMomentCovered,
  type ReplayLookup,
  requireSessionStart,
  segmentLimitFor,
} from './snapshot-request';

/**
 * Runs one save to its end: wait (bounded) until Datadog has ingested the replay up to the
 * capture moment, so the snapshot can be placed on recorded replay, then create it. Every step
 * is reported through `update` so the popup can show it and a restarted worker can resume it.
 * A job whose create may already have reached Datadog (`sentAt` set, no result) first adopts the
 * snapshot it made, if Datadog has it, rather than creating a second (lib/jobs/reconcile.ts).
 */

export interface SaveJobDeps extends JobDeps {
  client: Pick<DatadogClient, 'getSegments' | 'createSnapshot' | 'listSnapshots' | 'deleteSnapshot'>;
  /** Snapshots other saves already hold as their result: never adopted by this one. */
  claimedSnapshotIds(): Promise<Set<string>>;
  /** Whether a twin save (same request) is running: then no copy is removed. */
  twinRunning(): Promise<boolean>;
  /** Overrides `replayWaitBudgetMs` (tests). */
  waitBudgetMs?: number;
}

/** Datadog's own ingestion, after the SDK has uploaded a segment. */
const INGESTION_MARGIN_MS = 15_000;
/** The longest any SDK holds a segment (v4, or a version we cannot read): sdk-versions.ts. */
const LONGEST_SEGMENT_LIMIT_MS = segmentLimitFor({ sdkVersion: null });

/**
 * How long (of the save's running time) to wait for the replay before saving anyway: as long as
 * the page's SDK may hold the segment with the capture moment, plus ingestion. 20 s from v5, 45 s in v4.
 */
export function replayWaitBudgetMs(context: DatadogJob['context']): number {
  return segmentLimitFor(context) + INGESTION_MARGIN_MS;
}

/**
 * A save's whole running time: the longest replay wait plus 30 s for the API calls' retries (their
 * waits are bounded by what is left of it, lib/shared/http.ts). Counted by `deps.time`, on a
 * monotonic clock.
 */
export const DATADOG_SAVE_BUDGET_MS = LONGEST_SEGMENT_LIMIT_MS + INGESTION_MARGIN_MS + 30_000;
const FIRST_POLL_DELAY_MS = 500;
const MAX_POLL_DELAY_MS = 4_000;
const MAX_ERROR_LENGTH = 2000;

interface WaitOutcome {
  lookup: ReplayLookup;
  notes: string[];
}

function failureSentence(error: unknown): string {
  const message = messageOf(error);
  return message.slice(0, MAX_ERROR_LENGTH) || 'The save failed for an unknown reason.';
}

/** One look at the segments; "not found" means Datadog has not ingested anything yet. */
async function lookOnce(look: () => Promise<SegmentLookup>): Promise<ReplayLookup> {
  try {
    return await look();
  } catch (error) {
    if (error instanceof DatadogApiError && error.kind === 'not-found')
      return { status: 'recognised', segments: [] };
    // The replay check only refines `start`; it never blocks the save itself.
    return { status: 'failed', reason: failureSentence(error).slice(0, 300) };
  }
}

/** Why the wait can be long: the page's SDK uploads replay up to its segment limit after recording. */
function uploadDelaySentence(context: DatadogJob['context']): string {
  const seconds = segmentLimitFor(context) / 1000;
  const sdk = context.sdkVersion === null ? 'an SDK of unknown version' : `SDK ${context.sdkVersion}`;
  return `the page’s ${sdk} uploads replay up to ${seconds} s after recording it`;
}

/**
 * Polls with doubling delays until the capture moment is covered, the shape is unrecognised, the
 * check fails, or the budget (the save's running time, `deps.time`) would be exceeded. There is
 * always at least one look, even for a job resumed after its budget ran out.
 */
async function waitForReplay(
  job: DatadogJob,
  deps: SaveJobDeps,
  report: (progress: string) => Promise<void>,
): Promise<WaitOutcome> {
  const budget = deps.waitBudgetMs ?? replayWaitBudgetMs(job.context);
  const why = uploadDelaySentence(job.context);
  const lookups = replayLookups(deps.client, job.context);
  let delay = FIRST_POLL_DELAY_MS;
  for (let attempt = 1; ; attempt++) {
    const near = await lookOnce(() => lookups.nearCaptureMoment());
    const placeable = async () =>
      near.status === 'recognised' ? lookOnce(() => lookups.forPlacement()) : near;
    if (near.status !== 'recognised' || isCaptureMomentCovered(near, job.context)) {
      return { lookup: await placeable(), notes: [] };
    }
    if (deps.time.spent() + delay > budget) {
      const note = `Datadog had not ingested the replay up to the capture moment after ${Math.round(budget / 1000)} s of waiting.`;
      return { lookup: await placeable(), notes: [note] };
    }
    // Said only once a look found the replay short: a save whose replay is there writes no wait.
    await report(
      `Waiting for Datadog to ingest the replay up to the capture moment: ${why} (attempt ${attempt}, ${Math.round(deps.time.spent() / 1000)} s)…`,
    );
    await deps.sleep(delay);
    delay = Math.min(delay * 2, MAX_POLL_DELAY_MS);
  }
}

/** The snapshots this job created (an interrupted earlier run, or a copy), as Datadog lists them. */
async function snapshotsMade(job: DatadogJob, deps: SaveJobDeps): Promise<Snapshot[]> {
  if (job.sentAt === undefined) return [];
  const { context, input, sentAt } = job;
  const [snapshots, claimed] = await Promise.all([
    deps.client.listSnapshots({
      viewName: input.viewName,
      applicationId: context.applicationId,
      deviceType: input.deviceType,
    }),
    deps.claimedSnapshotIds(),
  ]);
  return snapshots.filter(
    ({ id, attributes }) =>
      attributes.snapshot_name === input.snapshotName &&
      attributes.session_id === context.sessionId &&
      attributes.view_id === context.viewId &&
      madeAfterSend(attributes.created_at, sentAt) &&
      !claimed.has(id),
  );
}

/** How this job's copies are found and removed; `job()` is read at each call (its `sentAt` may be new). */
function copySteps(job: () => DatadogJob, deps: SaveJobDeps): CopySteps<Snapshot> {
  return {
    findMade: () => snapshotsMade(job(), deps),
    idOf: (snapshot) => snapshot.id,
    remove: (snapshot) => deps.client.deleteSnapshot(snapshot.id),
    twinRunning: () => deps.twinRunning(),
  };
}

/** The job finished with the snapshot an earlier, interrupted run created. */
function adopted(job: DatadogJob, snapshot: Snapshot, copiesRemoved: number): DatadogJob {
  const snapshotName = snapshot.attributes.snapshot_name ?? job.input.snapshotName;
  return {
    ...job,
    state: 'done',
    progress: `Saved "${snapshotName}" in Datadog.`,
    result: {
      snapshotId: snapshot.id,
      snapshotName,
      start: snapshot.attributes.start ?? 0,
      startSource: 'segment',
      notes: reconcileNotes({ adopted: true, copiesRemoved }, 'Datadog', 'snapshot'),
    },
  };
}

export async function runDatadogJob(job: DatadogJob, deps: SaveJobDeps): Promise<DatadogJob> {
  if (job.result) return job;
  // `attempts` counts runs of this job (a resumed job runs again); polls are counted in progress.
  let current: DatadogJob = { ...job, attempts: job.attempts + 1, error: undefined };
  const report = async (state: DatadogJob['state'], progress: string) => {
    current = { ...current, state, progress };
    await deps.update(current);
  };
  let finished: DatadogJob;
  try {
    // Checked first so a job that can never be placed fails now rather than after the wait.
    requireSessionStart(job.context);
    const copies = copySteps(() => current, deps);
    const [earlier] = await copies.findMade();
    if (earlier) {
      finished = adopted(current, earlier, await keepOnlyOne(earlier, copies));
    } else {
      const waited = await waitForReplay(job, deps, (progress) => report('waiting', progress));
      const built = buildCreateRequest(job.context, job.input, waited.lookup);
      const created = await createExactlyOnce({
        ...copies,
        create: () => deps.client.createSnapshot(built.request),
        unknownOutcome,
        recordSend: async (at) => {
          current = { ...current, sentAt: current.sentAt ?? at, lastSentAt: at };
          await report('sending', 'Saving the snapshot in Datadog…');
        },
        unsettledSendAt: job.lastSentAt ?? job.sentAt,
        now: deps.now,
        sleep: deps.sleep,
      });
      const { made: snapshot, copiesRemoved } = created;
      if (created.adopted) {
        finished = adopted(current, snapshot, copiesRemoved);
      } else {
        const snapshotName = snapshot.attributes.snapshot_name ?? job.input.snapshotName;
        finished = {
          ...current,
          state: 'done',
          progress: `Saved "${snapshotName}" in Datadog.`,
          result: {
            snapshotId: snapshot.id,
            snapshotName,
            start: built.start,
            startSource: built.startSource,
            notes: [...waited.notes, ...built.notes, ...reconcileNotes(created, 'Datadog', 'snapshot')],
          },
        };
      }
    }
  } catch (error) {
    if (
      error instanceof DatadogApiError &&
      error.kind === 'rate-limited' &&
      error.retryAfterMs !== undefined
    ) {
      finished = pausedFor(current, error.retryAfterMs, 'Datadog', deps.now());
    } else {
      const message = failureSentence(error);
      finished = { ...current, state: 'failed', progress: message.slice(0, 1000), error: message };
    }
  }
  // The outcome is final: a failed storage write must not turn a created snapshot into a failure
  // (whose retry would create a duplicate), so the finished job is returned whatever storage says.
  await deps.update(finished).catch(() => undefined);
  return finished;
}
