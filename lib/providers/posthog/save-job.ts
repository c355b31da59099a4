import { messageOf } from '@/lib/errors';
import { type JobDeps, pausedFor } from '@/lib/jobs/job';
import {
  type CopySteps,
  type Created,
  createExactlyOnce,
  keepOnlyOne,
  madeAfterSend,
  reconcileNotes,
  unknownOutcome,
} from '@/lib/jobs/reconcile';
import { jpegPixelSize } from './capture-upload';
import type { PosthogClient } from './client';
import { PosthogApiError } from './errors';
import type { PosthogJob, PosthogResult } from './job';
import { pageAddressForPosthog, savedForSentence } from './page-address';
import type { SavedHeatmap } from './schemas';
import { waitForScreenshot } from './screenshot';

/**
 * Runs one PostHog save to its end: upload the captured picture (or ask PostHog to render the
 * URL), then wait, bounded, until PostHog serves the screenshot. A job that already has its
 * saved heatmap (resumed after the worker stopped) never creates another: it only waits. A job
 * whose create may have reached PostHog without its answer being recorded (`sentAt` set, no
 * `result`: the worker stopped mid-request, or the answer was lost) first looks for the heatmap it
 * made, and adopts it rather than making a second.
 */

export interface PosthogSaveDeps extends JobDeps {
  client: Pick<
    PosthogClient,
    | 'uploadCapture'
    | 'createSavedHeatmap'
    | 'getScreenshotContent'
    | 'listSavedHeatmaps'
    | 'deleteSavedHeatmap'
  >;
  /** Saved heatmaps other jobs already hold as their result: never adopted by this one. */
  claimedHeatmapIds(): Promise<Set<string>>;
  /** Whether a twin save (same request) is running: then no copy is removed. */
  twinRunning(): Promise<boolean>;
  /** A `capture` job's picture at one width (null when it is gone), and forgetting them all once uploaded. */
  readPicture(jobId: string, width: number): Promise<Blob | null>;
  forgetPictures(jobId: string): Promise<void>;
  /** How long (of the save's running time) to wait for PostHog's screenshot before saying it is still rendering. */
  renderBudgetMs?: number;
}

const DEFAULT_RENDER_BUDGET_MS = 60_000;
/**
 * A save's whole running time: the upload and its retries, then the render wait. Counted by
 * `deps.time` on a monotonic clock; the API calls' waits are bounded by what is left of it.
 */
export const POSTHOG_SAVE_BUDGET_MS = 90_000;
const MAX_ERROR_LENGTH = 2000;
/** Newest first, by name: a page of them is plenty to find one made seconds ago. */
const RECONCILE_LIST_LIMIT = 100;

/** The `url` PostHog gets for this job's page (page-address.ts); the input schema made sure there is one. */
function sentUrl(job: PosthogJob): string {
  const address = pageAddressForPosthog(job.input.pageUrl);
  if (!address.ok) throw new Error(address.problem);
  return address.url;
}

/**
 * The heatmaps this job created (an earlier run, or a copy), as PostHog lists them: same page,
 * same name, made after the create was first sent, not held by another job.
 */
async function heatmapsMade(job: PosthogJob, deps: PosthogSaveDeps): Promise<SavedHeatmap[]> {
  if (job.sentAt === undefined) return [];
  const [list, claimed] = await Promise.all([
    deps.client.listSavedHeatmaps({ search: job.input.name, limit: RECONCILE_LIST_LIMIT }),
    deps.claimedHeatmapIds(),
  ]);
  const { sentAt } = job;
  const url = sentUrl(job);
  return list.results.filter(
    (heatmap) =>
      !heatmap.deleted &&
      heatmap.url === url &&
      heatmap.name === job.input.name &&
      madeAfterSend(heatmap.created_at ?? undefined, sentAt) &&
      !claimed.has(heatmap.id),
  );
}

/** How this job's copies are found and removed; `job()` is read at each call (its `sentAt` may be new). */
function copySteps(job: () => PosthogJob, deps: PosthogSaveDeps): CopySteps<SavedHeatmap> {
  return {
    findMade: () => heatmapsMade(job(), deps),
    idOf: (heatmap) => heatmap.id,
    remove: (heatmap) => deps.client.deleteSavedHeatmap(heatmap.short_id),
    twinRunning: () => deps.twinRunning(),
  };
}

async function createHeatmap(job: PosthogJob, deps: PosthogSaveDeps): Promise<SavedHeatmap> {
  const { input } = job;
  const url = sentUrl(job);
  if (input.source === 'render') {
    return deps.client.createSavedHeatmap({
      url,
      name: input.name,
      data_url: input.dataUrl,
      widths: input.widths,
      type: 'screenshot',
    });
  }
  const images = [];
  for (const { width } of job.captures ?? []) {
    const jpeg = await deps.readPicture(job.id, width);
    if (jpeg === null) break;
    const size = await jpegPixelSize(jpeg);
    if (size === null) throw new Error(`The picture at ${width} px is not a JPEG image. Save again.`);
    images.push({ width, pixelWidth: size.width, pixelHeight: size.height, jpeg });
  }
  if (images.length === 0 || images.length !== job.captures?.length) {
    throw new Error(
      'The picture of this tab is gone (the browser was closed before it was uploaded). Save again.',
    );
  }
  // No data URL: PostHog stores the captured `url` as the heatmap's data URL (capture-upload.ts).
  return deps.client.uploadCapture({ url, name: input.name, images });
}

function resultOf(job: PosthogJob, { made: heatmap, ...kept }: Created<SavedHeatmap>): PosthogResult {
  const widths = job.captures ? job.captures.map((capture) => capture.width) : job.input.widths;
  const savedFor = savedForSentence(job.input.pageUrl);
  const notes = [
    ...(savedFor === null ? [] : [savedFor]),
    ...(job.captures?.some((capture) => capture.truncated)
      ? ['The page is taller than the extension captures; the picture shows its top part.']
      : []),
    ...reconcileNotes(kept, 'PostHog', 'heatmap'),
  ];
  return {
    id: heatmap.id,
    shortId: heatmap.short_id,
    name: heatmap.name ?? job.input.name,
    // The popup shows the first width the person asked for.
    width: widths[0] ?? 1024,
    widths,
    imageReady: false,
    notes,
  };
}

export async function runPosthogJob(job: PosthogJob, deps: PosthogSaveDeps): Promise<PosthogJob> {
  let current: PosthogJob = { ...job, attempts: job.attempts + 1, error: undefined };
  const report = async (changes: Partial<PosthogJob>) => {
    current = { ...current, ...changes };
    await deps.update(current);
  };
  try {
    if (!current.result) {
      const copies = copySteps(() => current, deps);
      const [earlier] = await copies.findMade();
      const created: Created<SavedHeatmap> = earlier
        ? { made: earlier, adopted: true, copiesRemoved: await keepOnlyOne(earlier, copies) }
        : await createExactlyOnce({
            ...copies,
            create: () => createHeatmap(current, deps),
            unknownOutcome,
            recordSend: (at) =>
              report({
                state: 'sending',
                sentAt: current.sentAt ?? at,
                lastSentAt: at,
                progress:
                  job.input.source === 'capture'
                    ? (job.captures?.length ?? 1) > 1
                      ? 'Uploading the pictures to PostHog…'
                      : 'Uploading the picture to PostHog…'
                    : 'Asking PostHog to render the page…',
              }),
            unsettledSendAt: job.lastSentAt ?? job.sentAt,
            now: deps.now,
            sleep: deps.sleep,
          });
      await report({
        result: resultOf(current, created),
        progress: 'Saved in PostHog; waiting for its screenshot…',
      });
      await deps.forgetPictures(job.id).catch(() => undefined);
    }
    const result = current.result as PosthogResult;
    const outcome = await waitForScreenshot(
      deps.client,
      { id: result.id, width: result.width },
      {
        sleep: deps.sleep,
        now: deps.time.spent,
        budgetMs: deps.renderBudgetMs ?? DEFAULT_RENDER_BUDGET_MS,
        // Progress is best effort: a failed write must not end the wait (the outcome is written below).
        onProgress: (progress) => {
          report({ progress }).catch(() => undefined);
        },
      },
    );
    const ready = outcome.state === 'ready';
    const notes = ready ? result.notes : [...result.notes, outcome.message];
    current = {
      ...current,
      state: 'done',
      progress: `Saved “${result.name}” in PostHog.`,
      result: { ...result, imageReady: ready, notes },
    };
  } catch (error) {
    if (error instanceof PosthogApiError && error.kind === 'rate-limited' && error.details.retryAfterMs) {
      current = pausedFor(current, error.details.retryAfterMs, 'PostHog', deps.now());
    } else {
      const message = messageOf(error).slice(0, MAX_ERROR_LENGTH) || 'The save failed for an unknown reason.';
      current = { ...current, state: 'failed', progress: message.slice(0, 1000), error: message };
    }
  }
  // The outcome is final: a failed storage write must not turn a saved heatmap into a failure.
  await deps.update(current).catch(() => undefined);
  return current;
}
