import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { DEFAULT_DATADOG_SETTINGS } from '@/lib/providers/datadog/settings';
import { readAllJobs, readJob, readSettings, removeJob, writeJob, writeSettings } from '@/lib/storage/items';
import { saveJob } from './fixtures';

/** A provider's v3 entry holding `settings` as its one profile, the default (as the migration writes it). */
const oneProfile = (settings: unknown) => ({
  defaultId: 'default',
  profiles: [{ id: 'default', name: 'Default', bindings: [], settings }],
});

beforeEach(() => fakeBrowser.reset());

describe('settings storage', () => {
  it('round-trips valid settings, stored under the provider', async () => {
    const settings = {
      site: 'datadoghq.eu' as const,
      credential: { kind: 'keys' as const },
      appUrl: '',
      apiKey: 'k1',
      appKey: 'k2',
      apiUrl: '',
    };
    await writeSettings('datadog', settings);
    expect(await readSettings('datadog')).toEqual(settings);
    expect((await fakeBrowser.storage.local.get('settings')).settings).toEqual({
      datadog: oneProfile(settings),
    });
  });

  it('falls back to the defaults when what is stored is not valid', async () => {
    await fakeBrowser.storage.local.set({
      settings: { datadog: { site: 'mars', apiKey: 42 } },
      settings$: { v: 2 },
    });
    expect(await readSettings('datadog')).toEqual(DEFAULT_DATADOG_SETTINGS);
    await fakeBrowser.storage.local.set({ settings: 'corrupt', settings$: { v: 2 } });
    expect(await readSettings('datadog')).toEqual(DEFAULT_DATADOG_SETTINGS);
  });

  it('refuses to write invalid settings', async () => {
    await expect(
      writeSettings('datadog', { ...DEFAULT_DATADOG_SETTINGS, apiKey: 'has space' }),
    ).rejects.toThrow();
    expect((await fakeBrowser.storage.local.get('settings')).settings).toBeUndefined();
  });

  it('saving one provider keeps the other providers’ stored settings as they are', async () => {
    const other = { projectId: 7, apiKey: 'phx_secret' };
    await fakeBrowser.storage.local.set({ settings: { posthog: other }, settings$: { v: 2 } });
    await writeSettings('datadog', { ...DEFAULT_DATADOG_SETTINGS, apiKey: 'k' });
    expect((await fakeBrowser.storage.local.get('settings')).settings).toEqual({
      posthog: other,
      datadog: oneProfile({ ...DEFAULT_DATADOG_SETTINGS, apiKey: 'k' }),
    });
  });
});

describe('job storage', () => {
  it('keeps each job apart and removes a corrupt one without losing the others', async () => {
    await writeJob(saveJob({ id: 'first' }));
    await writeJob(saveJob({ id: 'second', state: 'done' }));
    await fakeBrowser.storage.local.set({ 'job:corrupt': { id: 'corrupt', state: 'exploded' } });

    expect((await readAllJobs()).map((job) => job.id).sort()).toEqual(['first', 'second']);
    expect(await readJob('corrupt')).toBeNull();
    expect(await fakeBrowser.storage.local.get('job:corrupt')).toEqual({});
    expect((await readJob('second'))?.state).toBe('done');
    expect(await readJob('first')).toEqual(saveJob({ id: 'first' }));
  });

  it('marks new jobs with the current version, and removing one removes its mark too', async () => {
    await writeJob(saveJob({ id: 'new' }));
    expect(await fakeBrowser.storage.local.get('job:new$')).toEqual({ 'job:new$': { v: 3 } });
    await removeJob('new');
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(await readAllJobs()).toEqual([]);
  });

  it('reads every current job in one storage call and writes one in one, however many are kept', async () => {
    for (let i = 0; i < 50; i++) await writeJob(saveJob({ id: `kept-${i}`, state: 'done' }));
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    expect(await readAllJobs()).toHaveLength(50);
    await writeJob(saveJob({ id: 'new' }));
    expect(get).toHaveBeenCalledTimes(1);
    expect(set).toHaveBeenCalledTimes(1);
  });

  it('refuses to write a job that does not match its provider’s schema', async () => {
    await expect(writeJob({ ...saveJob({ id: 'bad' }), state: 'exploded' } as never)).rejects.toThrow();
    expect(await readJob('bad')).toBeNull();
  });
});
