import type { Page } from '@playwright/test';
import type { Faults } from '../../sandbox/server';
import { BASE_FAULTS, type Lane, openPopup, readyPage, resourcesNamed } from './lane';
import { API_KINDS, type Fault, faultLabel, type Provider, type SavePlan, type Step } from './plan';
import { fillStorage, freeStorage, storedJobs } from './storage';

/**
 * One save of the campaign: through the popup's real UI, with its faults applied at their steps,
 * then checked. The campaign clicks Save exactly once per save (and Retry once at most, only for a
 * save that failed); it also counts the extension's jobs under the save's name, so "the extension
 * made two" (one job, two resources: duplicated) is never confused with "the campaign clicked twice"
 * (two jobs: campaign-error).
 */

export type Outcome = 'ok' | 'recovered' | 'lost' | 'duplicated' | 'unresolved' | 'campaign-error';

/** How the first attempt ended, as the extension's stored job says. */
type End =
  | { state: 'done' | 'failed' | 'running'; progress: string; error?: string }
  | { state: 'vanished' | 'refused'; progress: string };

export interface SaveRecord {
  index: number;
  lane: number;
  provider: Provider;
  name: string;
  faults: string[];
  outcome: Outcome;
  /** Which faults were applied (a step the save never reached applies nothing). */
  applied: string[];
  first: End;
  retry?: End;
  /** Resources the provider holds under the name at the end; jobs the extension holds for it. */
  resources: number;
  jobs: number;
  ms: number;
  notes: string[];
}

/** How long a save may take before a person would come back to the popup; and after that. */
const FIRST_BOUND_MS = 60_000;
const RETURN_BOUND_MS = 30_000;
const POLL_MS = 150;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function stepOf(fault: Fault): Step | null {
  return 'step' in fault ? fault.step : null;
}

/** The sandbox fault set for an API fault, aimed at the create or at every call of the provider. */
function faultSet(lane: Lane, provider: Provider, fault: Fault): Faults {
  const create =
    provider === 'datadog'
      ? { pathPrefix: '/api/v2/replay/heatmap/snapshots', method: 'POST' as const }
      : { pathPrefix: `/api/projects/${lane.sandbox.posthog.projectId}/saved/`, method: 'POST' as const };
  const aim = 'target' in fault && fault.target === 'create' ? create : {};
  let set: Faults = {};
  switch (fault.kind) {
    case 'rate-limit-storm':
      set = { rateLimit: { count: fault.count, resetSeconds: fault.resetSeconds }, ...aim };
      break;
    case 'server-error':
      set = { serverError: { count: fault.count, status: fault.status }, ...aim };
      break;
    case 'latency-past-timeout':
      set = { slowRequests: { count: 1, ms: fault.ms }, ...aim };
      break;
    case 'drop-before-store':
      set = { dropConnection: { count: fault.count }, ...aim };
      break;
    case 'drop-after-store':
      set = { dropAfterCreate: { count: 1, answer: 'none' }, ...create };
      break;
    case 'cut-after-store':
      set = { dropAfterCreate: { count: 1, answer: 'partial' }, ...create };
      break;
    case 'malformed-answer':
      set = { malformedJson: { count: 1 }, ...aim };
      break;
    default:
      return BASE_FAULTS;
  }
  return provider === 'datadog' ? { ...BASE_FAULTS, ...set } : { ...BASE_FAULTS, posthog: set };
}

interface Run {
  lane: Lane;
  plan: SavePlan;
  popup: Page | null;
  applied: string[];
  notes: string[];
  /** Faults that end on their own (storage freed, sandbox up): awaited before the check. */
  restores: Promise<void>[];
}

async function applyFault(run: Run, fault: Fault): Promise<void> {
  const { lane, plan } = run;
  try {
    if (API_KINDS.has(fault.kind)) lane.sandbox.setFaults(faultSet(lane, plan.provider, fault));
    else if (fault.kind === 'worker-stopped') await lane.worker.stop();
    else if (fault.kind === 'popup-closed') {
      await run.popup?.close();
      run.popup = null;
    } else if (fault.kind === 'storage-full') {
      const free = await fillStorage(lane.control);
      run.notes.push(`storage filled (${free} bytes left)`);
      run.restores.push(pause(fault.forMs).then(() => freeStorage(lane.control)));
    } else if (fault.kind === 'sandbox-down') {
      await lane.sandbox.down();
      run.restores.push(pause(fault.forMs).then(() => lane.sandbox.up()));
    }
    run.applied.push(faultLabel(fault));
  } catch (error) {
    run.notes.push(`could not apply ${faultLabel(fault)}: ${String(error).slice(0, 200)}`);
  }
}

async function applyStep(run: Run, step: Step): Promise<void> {
  for (const fault of run.plan.faults) if (stepOf(fault) === step) await applyFault(run, fault);
}

/** The extension's stored jobs for this save's name. */
async function jobsFor(run: Run): Promise<Record<string, unknown>[]> {
  const jobs = await storedJobs(run.lane.control);
  return jobs.filter((job) => {
    const input = job.input as { snapshotName?: unknown; name?: unknown } | undefined;
    return (run.plan.provider === 'datadog' ? input?.snapshotName : input?.name) === run.plan.name;
  });
}

function endOf(job: Record<string, unknown>): End {
  const state = job.state === 'done' || job.state === 'failed' ? job.state : 'running';
  const error = typeof job.error === 'string' ? job.error : undefined;
  return { state, progress: String(job.progress ?? ''), ...(error ? { error } : {}) };
}

/** Open the popup, name the save, click Save once. */
async function clickSave(run: Run): Promise<void> {
  const { lane, plan } = run;
  run.popup = await openPopup(lane, plan.provider);
  const region = run.popup.getByRole('region', { name: plan.provider === 'datadog' ? 'Datadog' : 'PostHog' });
  const [field, button] =
    plan.provider === 'datadog'
      ? [region.getByLabel('Snapshot name'), region.getByRole('button', { name: 'Save snapshot' })]
      : [region.getByLabel('Heatmap name'), region.getByRole('button', { name: 'Save PostHog heatmap' })];
  await button.waitFor({ timeout: 20_000 });
  await field.fill(plan.name);
  await button.click();
}

/**
 * Datadog places a snapshot once the replay reaches the capture moment. A record after it (a click)
 * and a view change (which flushes the segment at once) get there in a second, instead of waiting
 * for the SDK's 5 s flush or, on a quiet page, the extension's 20 s budget.
 */
async function flushReplay(run: Run): Promise<void> {
  if (run.plan.provider !== 'datadog') return;
  const page = run.lane.pages.datadog.page;
  try {
    await page.getByRole('button', { name: 'Add to cart' }).click({ timeout: 5_000 });
    await page.getByRole('link', { name: 'Cart' }).click({ timeout: 5_000 });
  } catch (error) {
    run.notes.push(`replay flush failed: ${String(error).slice(0, 120)}`);
  }
}

/** Follow the save to its end, applying the mid-create and after-create faults when it gets there. */
async function follow(run: Run, boundMs: number, steps: boolean): Promise<End> {
  const deadline = Date.now() + boundMs;
  let midCreate = !steps;
  let afterCreate = !steps;
  let seenJob = false;
  for (;;) {
    const [job] = await jobsFor(run);
    const held = resourcesNamed(run.lane, run.plan.provider, run.plan.name).length;
    if (!midCreate && (job?.state === 'sending' || held > 0)) {
      midCreate = true;
      await applyStep(run, 'mid-create');
    }
    if (!afterCreate && held > 0) {
      afterCreate = true;
      await applyStep(run, 'after-create');
    }
    if (job) {
      seenJob = true;
      const end = endOf(job);
      if (end.state !== 'running') return end;
    } else if (seenJob) {
      return { state: 'vanished', progress: '' };
    } else if (run.popup && (await run.popup.getByRole('alert').count()) > 0) {
      // The save was refused before any job was stored: the popup says why.
      const said = await run.popup.getByRole('alert').first().textContent();
      return { state: 'refused', progress: said ?? '' };
    }
    if (Date.now() > deadline) {
      return job ? endOf(job) : { state: 'vanished', progress: 'no job was ever stored' };
    }
    await pause(POLL_MS);
  }
}

/** Until every request the sandbox is handling has ended (a delayed create may still land). */
async function settle(run: Run): Promise<void> {
  await Promise.allSettled(run.restores);
  run.restores = [];
  run.lane.sandbox.setFaults(BASE_FAULTS);
  await run.lane.sandbox.up();
  await freeStorage(run.lane.control).catch(() => undefined);
  const deadline = Date.now() + 25_000;
  while (run.lane.sandbox.inFlight() > 0 && Date.now() < deadline) await pause(100);
}

/** A failed save, retried as a person would: the popup's Retry under "Earlier saves", else Save again. */
async function retry(run: Run, first: End): Promise<End> {
  const { lane, plan } = run;
  await run.popup?.close();
  if (first.state === 'refused') {
    await clickSave(run);
    return follow(run, FIRST_BOUND_MS, false);
  }
  run.popup = await openPopup(lane, plan.provider);
  const [failed] = await jobsFor(run);
  const item = run.popup.getByRole('listitem').filter({ hasText: plan.name });
  try {
    await item.getByRole('button', { name: 'Retry' }).click({ timeout: 10_000 });
  } catch {
    run.notes.push('no Retry button for this save in "Earlier saves"; sent retry-job');
    const [job] = await jobsFor(run);
    await lane.control.evaluate(
      (jobId) => chrome.runtime.sendMessage({ type: 'retry-job', payload: { jobId } }),
      String(job?.id ?? ''),
    );
  }
  // The click only sends the request: follow the save once the retry has begun (the background
  // restarts the job with a new `createdAt`), not the failure it is replacing.
  const deadline = Date.now() + RETRY_START_MS;
  while (Date.now() < deadline) {
    const [job] = await jobsFor(run);
    if (job === undefined || job.createdAt !== failed?.createdAt) break;
    await pause(POLL_MS);
  }
  return follow(run, FIRST_BOUND_MS, false);
}

/** How long a Retry may take to restart the job before the campaign follows anyway. */
const RETRY_START_MS = 10_000;

declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

export async function runSave(lane: Lane, plan: SavePlan): Promise<SaveRecord> {
  const started = Date.now();
  const run: Run = { lane, plan, popup: null, applied: [], notes: [], restores: [] };
  lane.sandbox.setFaults(BASE_FAULTS);
  await readyPage(lane, plan.provider);
  await applyStep(run, 'before-click');
  let first: End;
  try {
    await clickSave(run);
    await flushReplay(run);
    await applyStep(run, 'after-click');
    first = await follow(run, FIRST_BOUND_MS, true);
    if (first.state === 'running' || (first.state === 'vanished' && run.popup === null)) {
      // A person comes back: the popup's requests wake the worker, which resumes the save.
      run.notes.push('still running after the bound: popup reopened');
      await run.popup?.close();
      run.popup = await openPopup(lane, plan.provider);
      first = await follow(run, RETURN_BOUND_MS, false);
    }
  } catch (error) {
    first = { state: 'running', progress: `campaign step failed: ${String(error).slice(0, 300)}` };
  }
  await settle(run);

  let retried: End | undefined;
  if (first.state === 'failed' || first.state === 'refused') {
    retried = await retry(run, first).catch((error) => ({
      state: 'running' as const,
      progress: `retry failed: ${String(error).slice(0, 300)}`,
    }));
    await settle(run);
  }
  const resources = resourcesNamed(lane, plan.provider, plan.name).length;
  const jobs = (await jobsFor(run)).length;
  await run.popup?.close().catch(() => undefined);
  await lane.pages.datadog.page.bringToFront().catch(() => undefined);
  return {
    index: plan.index,
    lane: lane.id,
    provider: plan.provider,
    name: plan.name,
    faults: plan.faults.map(faultLabel),
    outcome: classify(first, retried, resources, jobs),
    applied: run.applied,
    first,
    ...(retried ? { retry: retried } : {}),
    resources,
    jobs,
    ms: Date.now() - started,
    notes: run.notes,
  };
}

/**
 * The verdict. `ok`: done, exactly one. `recovered`: failed with a sentence, retried (faults
 * cleared), then exactly one. `duplicated`: more than one, however it ended. `lost`: none, and the
 * job said done or vanished. `unresolved`: still running past the bounds, or failed again on retry.
 */
export function classify(first: End, retried: End | undefined, resources: number, jobs: number): Outcome {
  if (jobs > 1) return 'campaign-error';
  if (resources > 1) return 'duplicated';
  const end = retried ?? first;
  if (end.state === 'done' || end.state === 'vanished')
    return resources === 1 ? (retried ? 'recovered' : 'ok') : 'lost';
  // Still running, or failed (refused) again on retry.
  return 'unresolved';
}
