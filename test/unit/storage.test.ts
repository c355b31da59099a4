import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { DEFAULT_SETTINGS } from '@/lib/settings/settings';
import { readAllJobs, readJob, readSettings, writeJob, writeSettings } from '@/lib/settings/storage';
import { saveJob } from './fixtures';

beforeEach(() => fakeBrowser.reset());

describe('settings storage', () => {
  it('round-trips valid settings', async () => {
    const settings = { site: 'datadoghq.eu' as const, apiKey: 'k1', appKey: 'k2', apiUrl: '' };
    await writeSettings(settings);
    expect(await readSettings()).toEqual(settings);
  });

  it('falls back to the defaults when what is stored is not valid', async () => {
    await fakeBrowser.storage.local.set({ settings: { site: 'mars', apiKey: 42 } });
    expect(await readSettings()).toEqual(DEFAULT_SETTINGS);
  });
});

describe('job storage', () => {
  it('keeps each job apart and skips a corrupt one without losing the others', async () => {
    await writeJob(saveJob({ id: 'first' }));
    await writeJob(saveJob({ id: 'second', state: 'done' }));
    await fakeBrowser.storage.local.set({ 'job:corrupt': { id: 'corrupt', state: 'exploded' } });

    expect((await readAllJobs()).map((job) => job.id).sort()).toEqual(['first', 'second']);
    expect(await readJob('corrupt')).toBeNull();
    expect((await readJob('second'))?.state).toBe('done');
  });
});
