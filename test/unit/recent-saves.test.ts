import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { MAX_RECENT_SAVES, type RecentSave, withRecentSave } from '@/lib/jobs/recent';
import { createProviderBackgrounds } from '@/lib/providers/background';
import { DEFAULT_DATADOG_SETTINGS } from '@/lib/providers/datadog/settings';
import { clearRecentSaves, readRecentSaves, rememberRecentSave, writeSettings } from '@/lib/storage/items';
import { pageContext, SESSION_ID, SESSION_START, saveJob, unusedProviderCore, VIEW_ID } from './fixtures';
import { captureJob, posthogSettings } from './posthog-fixtures';

beforeEach(() => fakeBrowser.reset());

function entry(jobId: string, savedAt: number): RecentSave {
  return { jobId, provider: 'datadog', label: jobId, savedAt, link: null };
}

describe('the recent saves list', () => {
  it('puts the newest first, whatever order saves finish in', () => {
    let list = withRecentSave([], entry('a', 2_000));
    list = withRecentSave(list, entry('b', 3_000));
    list = withRecentSave(list, entry('c', 1_000));
    expect(list.map((save) => save.jobId)).toEqual(['b', 'a', 'c']);
  });

  it('keeps at most 20, dropping the oldest', () => {
    let list: RecentSave[] = [];
    for (let index = 1; index <= MAX_RECENT_SAVES + 5; index++)
      list = withRecentSave(list, entry(`job-${index}`, index));
    expect(MAX_RECENT_SAVES).toBe(20);
    expect(list).toHaveLength(20);
    expect(list[0]?.jobId).toBe('job-25');
    expect(list.at(-1)?.jobId).toBe('job-6');
  });

  it('lists a job once, however often it is added', () => {
    const list = withRecentSave(withRecentSave([], entry('a', 1_000)), entry('a', 5_000));
    expect(list).toEqual([entry('a', 1_000)]);
  });
});

describe('recent saves in storage', () => {
  it('records a save once per job id, even when its final write is retried', async () => {
    await rememberRecentSave(entry('a', 1_000));
    await rememberRecentSave(entry('a', 2_000));
    expect(await readRecentSaves()).toEqual([entry('a', 1_000)]);
  });

  it('keeps every save of several ending together', async () => {
    await Promise.all(['a', 'b', 'c'].map((id, index) => rememberRecentSave(entry(id, 1_000 + index))));
    expect((await readRecentSaves()).map((save) => save.jobId)).toEqual(['c', 'b', 'a']);
  });

  it('reads a bad stored value as empty, and starts again from it', async () => {
    const tooMany = Array.from({ length: MAX_RECENT_SAVES + 1 }, (_, index) =>
      entry(`job-${index}`, index + 1),
    );
    const badLink = { ...entry('a', 1), link: 'javascript:alert(1)' };
    for (const bad of ['corrupt', [{ jobId: 'x' }], { a: 1 }, tooMany, [badLink]]) {
      await fakeBrowser.storage.local.set({ recentSaves: bad, recentSaves$: { v: 1 } });
      expect(await readRecentSaves()).toEqual([]);
    }
    await rememberRecentSave(entry('after', 1_000));
    expect((await readRecentSaves()).map((save) => save.jobId)).toEqual(['after']);
  });

  it('clears', async () => {
    await rememberRecentSave(entry('a', 1_000));
    await clearRecentSaves();
    expect(await readRecentSaves()).toEqual([]);
  });
});

describe('the link kept for a finished save (the one its popup offers)', () => {
  const providers = () => createProviderBackgrounds(unusedProviderCore());

  it("Datadog: the saved view's replay", async () => {
    expect(await providers().datadog.resultLink(saveJob({ state: 'done' }))).toBe(
      `https://app.datadoghq.eu/rum/replay/sessions/${SESSION_ID}?seed=${VIEW_ID}&from=${SESSION_START + 1000}`,
    );
  });

  it("Datadog without the page's replay link: Datadog's heatmaps on the configured site", async () => {
    await writeSettings('datadog', { ...DEFAULT_DATADOG_SETTINGS, site: 'us5.datadoghq.com' });
    const job = saveJob({ state: 'done', context: pageContext({ replayLink: null }) });
    expect(await providers().datadog.resultLink(job)).toBe('https://us5.datadoghq.com/rum/heatmap/');
  });

  it('PostHog: the saved heatmap in the configured project', async () => {
    const settings = posthogSettings();
    await writeSettings('posthog', settings);
    const result = {
      id: '0197a2b4-1111-7e8f-9a0b-1c2d3e4f5a6b',
      shortId: 'AbC123',
      name: 'Account',
      width: 1280,
      widths: [1280],
      imageReady: true,
      notes: [],
    };
    expect(await providers().posthog.resultLink(captureJob({ state: 'done', result }))).toBe(
      `${settings.apiUrl}/project/${settings.projectId}/heatmaps/AbC123`,
    );
    expect(await providers().posthog.resultLink(captureJob({ state: 'done' }))).toBeNull();
  });
});
