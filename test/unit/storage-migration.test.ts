import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import {
  jobV1ToV2,
  jobV2ToV3,
  settingsV1ToV2,
  settingsV2ToV3,
  settingsV3ToV4,
} from '@/lib/storage/migrations';
import { CAPTURED_AT, pageContext, saveInput, saveJob } from './fixtures';
import { captureJob, renderJob } from './posthog-fixtures';

/**
 * Upgrading from 0.1: what that version wrote (no version marks, one Datadog-only settings object,
 * Datadog-named job states, no provider, no label) must come back whole through the new storage.
 * WXT migrates an item when it is defined, so each test seeds storage first and then imports the
 * storage module afresh, as a service worker starting on the upgraded extension would.
 */

const V1_SETTINGS = { site: 'datadoghq.eu', apiKey: 'k1', appKey: 'k2', apiUrl: '' };
/** The same settings as version 4 reads them: signed in with the keys, no custom app URL. */
const V4_SETTINGS = { ...V1_SETTINGS, credential: { kind: 'keys' as const }, appUrl: '' };

/** A provider's v3 entry: its v2 settings as the one profile, “Default”, the default. */
const oneProfile = (settings: unknown) => ({
  defaultId: 'default',
  profiles: [{ id: 'default', name: 'Default', bindings: [], settings }],
});

/** A job exactly as 0.1's `SaveJobSchema` (lib/capture/job.ts) stored it. */
function v1Job(overrides: Record<string, unknown> = {}) {
  return {
    id: 'job-1',
    createdAt: CAPTURED_AT,
    context: pageContext(),
    input: saveInput(),
    state: 'waiting-for-replay',
    progress: 'Waiting for Datadog to ingest the replay up to the capture moment (attempt 1, 0 s)…',
    attempts: 1,
    ...overrides,
  };
}

const V1_DONE_RESULT = {
  snapshotId: 'snap-1',
  snapshotName: 'Checkout, promo banner',
  start: 65_000,
  startSource: 'segment',
  notes: ['a note'],
};

/** Storage as 0.1 left it: settings and three jobs (pending, mid-create, done, failed). */
const V1_STORAGE = {
  settings: V1_SETTINGS,
  'job:pending': v1Job({ id: 'pending' }),
  'job:creating': v1Job({ id: 'creating', state: 'creating', progress: 'Saving the snapshot in Datadog…' }),
  'job:done': v1Job({ id: 'done', state: 'done', progress: 'Saved.', result: V1_DONE_RESULT }),
  'job:failed': v1Job({ id: 'failed', state: 'failed', progress: 'Boom.', error: 'Boom.' }),
};

/** The storage module as a freshly started worker loads it, on what is stored now. */
async function startWorker() {
  vi.resetModules();
  return import('@/lib/storage/items');
}

beforeEach(() => fakeBrowser.reset());

describe('upgrading storage written by 0.1 (v1)', () => {
  it('keeps the Datadog settings, every key of them, as the default profile, and marks the item as version 4', async () => {
    await fakeBrowser.storage.local.set({ settings: V1_SETTINGS });
    const { readSettings } = await startWorker();

    expect(await readSettings('datadog')).toEqual(V4_SETTINGS);
    expect(await fakeBrowser.storage.local.get(['settings', 'settings$'])).toEqual({
      settings: { datadog: oneProfile(V4_SETTINGS) },
      settings$: { v: 4 },
    });
  });

  it('saving Datadog settings afterwards keeps the other providers’ entries', async () => {
    await fakeBrowser.storage.local.set({ settings: V1_SETTINGS });
    const { readSettings, writeSettings } = await startWorker();
    await readSettings('datadog');
    const other = { projectId: 7, apiKey: 'phx_key' };
    const { settings } = await fakeBrowser.storage.local.get('settings');
    await fakeBrowser.storage.local.set({
      settings: { ...(settings as object), posthog: oneProfile(other) },
    });

    await writeSettings('datadog', { ...V4_SETTINGS, site: 'datadoghq.com', apiKey: 'k3' });
    expect((await fakeBrowser.storage.local.get('settings')).settings).toEqual({
      datadog: oneProfile({ ...V4_SETTINGS, site: 'datadoghq.com', apiKey: 'k3' }),
      posthog: oneProfile(other),
    });
    expect((await fakeBrowser.storage.local.get('settings$')).settings$).toEqual({ v: 4 });
  });

  it('keeps every job, pending ones still pending, with provider, label and mapped states', async () => {
    await fakeBrowser.storage.local.set(V1_STORAGE);
    const { readAllJobs, readJob } = await startWorker();

    const jobs = await readAllJobs();
    expect(jobs.map((job) => job.id).sort()).toEqual(['creating', 'done', 'failed', 'pending']);
    const states = Object.fromEntries(jobs.map((job) => [job.id, job.state]));
    expect(states).toEqual({ pending: 'waiting', creating: 'sending', done: 'done', failed: 'failed' });
    for (const job of jobs) {
      expect(job.provider).toBe('datadog');
      expect(job.label).toBe('“Checkout, promo banner” · /products/?');
    }

    const pending = await readJob('pending');
    const { state: _v1State, ...unchanged } = v1Job({ id: 'pending' });
    expect(pending).toEqual({
      ...unchanged,
      provider: 'datadog',
      label: '“Checkout, promo banner” · /products/?',
      state: 'waiting',
    });
    const done = await readJob('done');
    expect(done?.provider === 'datadog' && done.result).toEqual(V1_DONE_RESULT);
    expect((await readJob('failed'))?.error).toBe('Boom.');

    const stored = await fakeBrowser.storage.local.get(null);
    for (const id of ['pending', 'creating', 'done', 'failed']) {
      expect(stored[`job:${id}$`]).toEqual({ v: 3 });
      expect(stored[`job:${id}`]).toMatchObject({ provider: 'datadog', id });
    }
  });

  it('a single job read on its own is migrated too', async () => {
    await fakeBrowser.storage.local.set({ 'job:creating': V1_STORAGE['job:creating'] });
    const { readJob } = await startWorker();
    expect(await readJob('creating')).toMatchObject({
      id: 'creating',
      provider: 'datadog',
      state: 'sending',
      progress: 'Saving the snapshot in Datadog…',
      context: pageContext(),
      input: saveInput(),
    });
  });

  it('a v1 job with an unknown state is removed (nothing could ever run or finish it) and blocks no other job', async () => {
    await fakeBrowser.storage.local.set({
      'job:pending': V1_STORAGE['job:pending'],
      'job:odd': v1Job({ id: 'odd', state: 'exploded' }),
    });
    const { readAllJobs } = await startWorker();
    expect((await readAllJobs()).map((job) => job.id)).toEqual(['pending']);
    expect(await fakeBrowser.storage.local.get(['job:odd', 'job:odd$'])).toEqual({});
  });
});

describe('values already in the new shape, without a version mark', () => {
  it('settings with profiles and credentials are left intact', async () => {
    const v4 = { datadog: oneProfile(V4_SETTINGS), posthog: oneProfile({ projectId: 7 }) };
    await fakeBrowser.storage.local.set({ settings: v4 });
    const { readSettings } = await startWorker();
    expect(await readSettings('datadog')).toEqual(V4_SETTINGS);
    expect((await fakeBrowser.storage.local.get('settings')).settings).toEqual(v4);
  });

  it('a job with a provider is left intact', async () => {
    const job = saveJob({ id: 'new', state: 'sending', label: 'A custom label' });
    await fakeBrowser.storage.local.set({ 'job:new': job });
    const { readJob } = await startWorker();
    expect(await readJob('new')).toEqual(job);
    expect((await fakeBrowser.storage.local.get('job:new'))['job:new']).toEqual(job);
  });
});

describe('the migrations on their own', () => {
  it('settingsV1ToV2 nests the Datadog object and leaves anything else as it is', () => {
    expect(settingsV1ToV2(V1_SETTINGS)).toEqual({ datadog: V1_SETTINGS });
    const v2 = { datadog: V1_SETTINGS };
    expect(settingsV1ToV2(v2)).toBe(v2);
    expect(settingsV1ToV2('corrupt')).toBe('corrupt');
    expect(settingsV1ToV2(null)).toBeNull();
  });

  it('jobV1ToV2 maps every v1 state and keeps every key', () => {
    const mapped = (state: string) => (jobV1ToV2(v1Job({ state })) as { state: string }).state;
    expect(['waiting-for-replay', 'creating', 'done', 'failed'].map(mapped)).toEqual([
      'waiting',
      'sending',
      'done',
      'failed',
    ]);
    const job = v1Job({ error: 'e', result: V1_DONE_RESULT });
    expect(jobV1ToV2(job)).toEqual({
      ...job,
      provider: 'datadog',
      label: '“Checkout, promo banner” · /products/?',
      state: 'waiting',
    });
    const v2 = saveJob();
    expect(jobV1ToV2(v2)).toBe(v2);
    expect(jobV1ToV2([1])).toEqual([1]);
  });

  it('settingsV2ToV3 makes each provider’s settings its one profile, “Default”, and keeps v3 entries', () => {
    const posthog = { apiUrl: 'https://eu.posthog.com', projectId: '7', apiKey: 'phx_k' };
    expect(settingsV2ToV3({ datadog: V1_SETTINGS, posthog })).toEqual({
      datadog: oneProfile(V1_SETTINGS),
      posthog: oneProfile(posthog),
    });
    const v3 = { datadog: oneProfile(V1_SETTINGS) };
    expect(settingsV2ToV3(v3)).toEqual(v3);
    expect(settingsV2ToV3('corrupt')).toBe('corrupt');
  });
});

describe('upgrading storage written by 0.2 (v2: one settings object per provider)', () => {
  it('each provider’s settings, keys included, become its default profile “Default”', async () => {
    const posthog = { apiUrl: 'https://eu.posthog.com', projectId: '7', apiKey: 'phx_k' };
    await fakeBrowser.storage.local.set({ settings: { datadog: V1_SETTINGS, posthog }, settings$: { v: 2 } });
    const { readProfiles, readSettings } = await startWorker();

    expect(await readSettings('posthog')).toEqual(posthog);
    const datadog = await readProfiles('datadog');
    expect(datadog.defaultId).toBe('default');
    expect(datadog.profiles).toEqual([
      {
        id: 'default',
        name: 'Default',
        bindings: [],
        settings: V4_SETTINGS,
        problem: null,
        managedFields: null,
      },
    ]);
    expect(await fakeBrowser.storage.local.get('settings$')).toEqual({ settings$: { v: 4 } });
  });
});

describe('upgrading storage written by version 3 (profiles, keys only)', () => {
  it('every Datadog profile, the person’s and what they entered for a managed one, signs in with its keys', async () => {
    const second = { ...V1_SETTINGS, apiKey: 'k9' };
    const posthog = { apiUrl: 'https://eu.posthog.com', projectId: '7', apiKey: 'phx_k' };
    const v3 = {
      datadog: {
        defaultId: 'default',
        profiles: [
          { id: 'default', name: 'Default', bindings: [], settings: V1_SETTINGS },
          { id: 'two', name: 'Two', bindings: [], settings: second },
        ],
        managedSettings: { 'managed:Company': { apiKey: 'entered' } },
      },
      posthog: oneProfile(posthog),
    };
    await fakeBrowser.storage.local.set({ settings: v3, settings$: { v: 3 } });
    const { readProfiles, readSettings } = await startWorker();

    const datadog = await readProfiles('datadog');
    expect(datadog.profiles.map((p) => [p.id, p.settings, p.problem])).toEqual([
      ['default', V4_SETTINGS, null],
      ['two', { ...V4_SETTINGS, apiKey: 'k9' }, null],
    ]);
    expect(await readSettings('posthog')).toEqual(posthog);
    const stored = await fakeBrowser.storage.local.get(['settings', 'settings$']);
    expect(stored.settings$).toEqual({ v: 4 });
    expect((stored.settings as typeof v3).datadog.managedSettings).toEqual({
      'managed:Company': { apiKey: 'entered', credential: { kind: 'keys' }, appUrl: '' },
    });
  });

  it('settingsV3ToV4 leaves a profile that already says how it signs in, and anything unreadable, as it is', () => {
    const signedIn = {
      ...V4_SETTINGS,
      credential: { kind: 'sign-in', persist: false },
      apiKey: '',
      appKey: '',
    };
    const v4 = { datadog: oneProfile(signedIn) };
    expect(settingsV3ToV4(v4)).toEqual(v4);
    expect(settingsV3ToV4('corrupt')).toBe('corrupt');
    expect(settingsV3ToV4({ posthog: oneProfile({}) })).toEqual({ posthog: oneProfile({}) });
  });
});

describe('upgrading a PostHog capture job written by version 2 (one picture)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('reads it back with its one picture size as the list of sizes, and leaves other jobs as they are', async () => {
    const { capture: _dropped, ...v3 } = { ...captureJob(), capture: undefined };
    const size = { width: 1280, height: 3400, truncated: false };
    const { captures: _none, ...v2 } = { ...captureJob(), capture: size };
    expect(jobV2ToV3(v2)).toEqual({ ...v3, captures: [size] });
    const render = renderJob();
    expect(jobV2ToV3(render)).toBe(render);
    const datadog = saveJob();
    expect(jobV2ToV3(datadog)).toBe(datadog);

    await fakeBrowser.storage.local.set({ [`job:${v2.id}`]: v2, [`job:${v2.id}$`]: { v: 2 } });
    const { readJob } = await startWorker();
    expect(await readJob(v2.id)).toEqual(captureJob());
    expect((await fakeBrowser.storage.local.get(`job:${v2.id}$`))[`job:${v2.id}$`]).toEqual({ v: 3 });
  });
});
