import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createJobRunner } from '@/lib/jobs/runner';
import { DONE_SHOWN_MS, nextToolbarState, TOOLBAR_STATES, type ToolbarState } from '@/lib/jobs/toolbar';
import type { SaveJob } from '@/lib/providers/registry';
import { readJob } from '@/lib/storage/items';
import { saveInput, saveJob } from './fixtures';

/** The badge as the browser holds it: text, colour (as #rrggbb) and tooltip. */
async function toolbar() {
  const [r, g, b] = (await fakeBrowser.action.getBadgeBackgroundColor({})) as number[];
  const hex = `#${[r, g, b].map((part) => (part ?? 0).toString(16).padStart(2, '0')).join('')}`;
  return {
    text: await fakeBrowser.action.getBadgeText({}),
    color: hex,
    title: await fakeBrowser.action.getTitle({}),
  };
}

/** A runner whose saves end when the test says so, with the outcome it says. */
function heldRunner() {
  const ends = new Map<string, (state: 'done' | 'failed') => void>();
  const runner = createJobRunner({
    runJob: (job) =>
      new Promise<SaveJob>((resolve) =>
        ends.set(job.id, (state) =>
          resolve({ ...job, state, error: state === 'failed' ? 'Datadog refused the API key.' : undefined }),
        ),
      ),
    resultLink: async () => null,
  });
  async function end(id: string, state: 'done' | 'failed') {
    await vi.waitFor(() => expect(ends.has(id)).toBe(true));
    ends.get(id)?.(state);
  }
  return { runner, end };
}

beforeEach(() => fakeBrowser.reset());

describe('toolbar states', () => {
  it('running, saved and failed each have their own text and colour', () => {
    const shown = (['running', 'done', 'failed'] as const).map((state) => TOOLBAR_STATES[state]);
    expect(new Set(shown.map((look) => look.text)).size).toBe(3);
    expect(new Set(shown.map((look) => look.color)).size).toBe(3);
    expect(shown.every((look) => look.text.length > 0)).toBe(true);
    expect(TOOLBAR_STATES.idle.text).toBe('');
  });

  it('the toolbar says "saving" while a save runs, then ✓ in green, then nothing', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const { runner, end } = heldRunner();
      await runner.startJob(saveJob({ id: 'a', createdAt: Date.now() }));
      await vi.waitFor(async () =>
        expect(await toolbar()).toEqual({ text: '…', color: '#632ca6', title: 'Heatmap snapshot: saving…' }),
      );

      await end('a', 'done');
      await vi.waitFor(async () => expect(await toolbar()).toMatchObject({ text: '✓', color: '#2e7d32' }));
      expect((await toolbar()).title).toBe('Heatmap snapshot: saved');

      await vi.advanceTimersByTimeAsync(DONE_SHOWN_MS);
      await vi.waitFor(async () => expect((await toolbar()).text).toBe(''));
    } finally {
      vi.useRealTimers();
    }
  });

  it('a failure shows ! in red with the reason, outlives a later success, and goes once the popup listed it', async () => {
    const { runner, end } = heldRunner();
    await runner.startJob(saveJob({ id: 'bad', createdAt: Date.now() }));
    await end('bad', 'failed');
    await vi.waitFor(async () => expect(await toolbar()).toMatchObject({ text: '!', color: '#c62828' }));
    expect((await toolbar()).title).toBe('Heatmap snapshot: a save failed. Datadog refused the API key.');

    await runner.startJob(saveJob({ id: 'good', createdAt: Date.now() }));
    await end('good', 'done');
    await vi.waitFor(async () => expect((await readJob('good'))?.state).toBe('done'));
    expect((await toolbar()).text).toBe('!');

    await runner.unfinishedJobs();
    expect((await toolbar()).text).not.toBe('!');
  });

  it('a save ending while another still runs keeps "saving"', async () => {
    const { runner, end } = heldRunner();
    await runner.startJob(saveJob({ id: 'first', createdAt: Date.now() }));
    await runner.startJob(
      saveJob({ id: 'second', createdAt: Date.now(), input: saveInput({ snapshotName: 'Other' }) }),
    );
    await end('first', 'done');
    await vi.waitFor(async () => expect((await toolbar()).text).toBe('…'));
    await end('second', 'done');
    await vi.waitFor(async () => expect((await toolbar()).text).toBe('✓'));
  });

  it('follows one rule for every state and event', () => {
    const states: ToolbarState[] = ['idle', 'running', 'done', 'failed'];
    for (const current of states) {
      expect(nextToolbarState(current, { kind: 'finished', failed: true, stillRunning: true })).toBe(
        'failed',
      );
      expect(nextToolbarState(current, { kind: 'started' })).toBe(
        current === 'failed' ? 'failed' : 'running',
      );
      expect(nextToolbarState(current, { kind: 'seen', stillRunning: true })).toBe('running');
    }
    expect(nextToolbarState('running', { kind: 'finished', failed: false, stillRunning: false })).toBe(
      'done',
    );
    expect(nextToolbarState('failed', { kind: 'finished', failed: false, stillRunning: false })).toBe(
      'failed',
    );
    expect(nextToolbarState('done', { kind: 'done-expired', stillRunning: false })).toBe('idle');
    expect(nextToolbarState('running', { kind: 'done-expired', stillRunning: true })).toBe('running');
    expect(nextToolbarState('failed', { kind: 'seen', stillRunning: false })).toBe('idle');
  });
});
