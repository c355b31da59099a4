import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { detectTab, unavailableReason } from '@/lib/background/page-access';
import { readyProbe } from './fixtures';

type ExecuteScript = typeof fakeBrowser.scripting.executeScript;

function stubExecuteScript(implementation: () => Promise<unknown>) {
  fakeBrowser.scripting.executeScript = vi.fn(implementation) as unknown as ExecuteScript;
}

afterEach(() => vi.useRealTimers());

describe('detectTab', () => {
  it('parses what the probe returned from the page', async () => {
    stubExecuteScript(async () => [{ frameId: 0, result: readyProbe() }]);
    const detection = await detectTab(7, () => 1_800_000_000_000);
    expect(detection.status).toBe('ready');
    expect(detection.status === 'ready' && detection.context.capturedAt).toBe(1_800_000_000_000);
  });

  it('gives up on a page that never answers (a hostile getter that loops) after 5 s', async () => {
    vi.useFakeTimers();
    stubExecuteScript(() => new Promise(() => undefined));
    const detection = detectTab(7);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await detection).toEqual({
      status: 'unavailable',
      problem: 'The page did not answer within 5 s (it may be busy). Try again.',
    });
  });

  it('explains browser pages and missing access in words', async () => {
    stubExecuteScript(async () => {
      throw new Error('Cannot access a chrome:// URL');
    });
    expect(await detectTab(7)).toMatchObject({
      status: 'unavailable',
      problem: expect.stringMatching(/browser or store page/),
    });
    expect(unavailableReason(new Error('Missing host permission for the tab'))).toMatch(
      /only read a page when you click/,
    );
  });
});
