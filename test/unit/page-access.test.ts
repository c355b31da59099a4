import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { runInAllFrames, runInPage } from '@/lib/background/page-access';

const PROBE = { file: '/content-scripts/probe.js', world: 'MAIN' } as const;
const SHOP_URL = 'https://shop.example/products/42';

/** `tabs.get` answers with this URL (`undefined`: hidden, no host access), or throws when `'gone'`. */
function stubTab(url: string | undefined | 'gone') {
  return vi.spyOn(fakeBrowser.tabs, 'get').mockImplementation(async (tabId: number) => {
    if (url === 'gone') throw new Error(`No tab with id: ${tabId}.`);
    return { id: tabId, url } as Awaited<ReturnType<typeof fakeBrowser.tabs.get>>;
  });
}

function stubExecuteScript(implementation: () => Promise<unknown>) {
  return vi
    .spyOn(fakeBrowser.scripting, 'executeScript')
    .mockImplementation(implementation as unknown as typeof fakeBrowser.scripting.executeScript);
}

beforeEach(() => fakeBrowser.reset());
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('runInPage', () => {
  it('injects the file into the top frame of the tab and returns what it answered', async () => {
    stubTab(SHOP_URL);
    const execute = stubExecuteScript(async () => [{ frameId: 0, result: { answer: 42 } }]);
    expect(await runInPage({ tabId: 7 }, PROBE)).toEqual({ ok: true, value: { answer: 42 } });
    expect(execute).toHaveBeenCalledWith({
      target: { tabId: 7 },
      world: 'MAIN',
      files: ['/content-scripts/probe.js'],
    });
  });

  it('injects into the chosen frame only when the target names one', async () => {
    stubTab(SHOP_URL);
    const execute = stubExecuteScript(async () => [{ frameId: 12, result: 'frame' }]);
    expect(await runInPage({ tabId: 7, frameId: 12 }, PROBE)).toEqual({ ok: true, value: 'frame' });
    expect(execute).toHaveBeenCalledWith(expect.objectContaining({ target: { tabId: 7, frameIds: [12] } }));
  });

  it.each([
    'chrome://settings/',
    'chrome-extension://abcdefghijklmnop/popup.html',
    'edge://newtab/',
    'about:blank',
    'view-source:https://shop.example/',
    'https://chromewebstore.google.com/detail/x',
    'https://chrome.google.com/webstore/category/extensions',
    'https://addons.mozilla.org/firefox/',
  ])('answers %s as a restricted page without trying', async (url) => {
    stubTab(url);
    const execute = stubExecuteScript(async () => [{ frameId: 0, result: 1 }]);
    const result = await runInPage({ tabId: 7 }, PROBE);
    expect(result).toEqual({
      ok: false,
      problem: {
        kind: 'restricted',
        message:
          'This is a browser or store page; extensions cannot read it. Open your web app and try again.',
      },
    });
    expect(execute).not.toHaveBeenCalled();
  });

  it('does not take a web page for a store page because its host starts alike', async () => {
    stubTab('https://chromewebstore.google.com.shop.example/');
    stubExecuteScript(async () => [{ frameId: 0, result: 'read' }]);
    expect(await runInPage({ tabId: 7 }, PROBE)).toEqual({ ok: true, value: 'read' });
  });

  it('a tab that is gone: answered from tabs.get, without trying', async () => {
    stubTab('gone');
    const execute = stubExecuteScript(async () => [{ frameId: 0, result: 1 }]);
    expect(await runInPage({ tabId: 7 }, PROBE)).toEqual({
      ok: false,
      problem: { kind: 'tab-gone', message: 'That tab is gone. Open the page again.' },
    });
    expect(execute).not.toHaveBeenCalled();
  });

  it('a failure while the URL is hidden means no access, whatever the error says', async () => {
    stubTab(undefined);
    stubExecuteScript(async () => {
      throw new Error('Cannot access a chrome:// URL');
    });
    const result = await runInPage({ tabId: 7 }, PROBE);
    expect(result).toMatchObject({ ok: false, problem: { kind: 'no-access' } });
    expect(!result.ok && result.problem.message).toMatch(/only read a page when you click/);
  });

  it('a hidden URL that can still be scripted (activeTab) is read', async () => {
    stubTab(undefined);
    stubExecuteScript(async () => [{ frameId: 0, result: 'read' }]);
    expect(await runInPage({ tabId: 7 }, PROBE)).toEqual({ ok: true, value: 'read' });
  });

  it('any other failure is reported with its reason, bounded', async () => {
    stubTab(SHOP_URL);
    stubExecuteScript(async () => {
      throw new Error(`Frame with ID 0 was removed.${'x'.repeat(1000)}`);
    });
    const result = await runInPage({ tabId: 7 }, PROBE);
    expect(result).toMatchObject({ ok: false, problem: { kind: 'failed' } });
    const message = !result.ok ? result.problem.message : '';
    expect(message).toMatch(/^The page could not be read \(Frame with ID 0 was removed\./);
    expect(message.length).toBeLessThanOrEqual(500);
  });

  it('gives up on a page that never answers (a hostile getter that loops) after 5 s', async () => {
    vi.useFakeTimers();
    stubTab(SHOP_URL);
    stubExecuteScript(() => new Promise(() => undefined));
    let settled = false;
    const result = runInPage({ tabId: 7 }, PROBE).finally(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await result).toEqual({
      ok: false,
      problem: {
        kind: 'timeout',
        message: 'The page did not answer within 5 s (it may be busy). Try again.',
      },
    });
  });
});

describe('runInAllFrames', () => {
  it("injects into every frame and returns each frame's answer with its id", async () => {
    stubTab(SHOP_URL);
    const execute = stubExecuteScript(async () => [
      { frameId: 0, documentId: 'a', result: 'top' },
      { frameId: 5, documentId: 'b', result: 'child' },
    ]);
    expect(await runInAllFrames(7, PROBE)).toEqual({
      ok: true,
      value: [
        { frameId: 0, result: 'top' },
        { frameId: 5, result: 'child' },
      ],
    });
    expect(execute).toHaveBeenCalledWith(expect.objectContaining({ target: { tabId: 7, allFrames: true } }));
  });

  it('keeps the same checks and problem kinds: restricted, tab gone, timeout', async () => {
    vi.useFakeTimers();
    stubTab('chrome://settings/');
    expect(await runInAllFrames(7, PROBE)).toMatchObject({ ok: false, problem: { kind: 'restricted' } });
    stubTab('gone');
    expect(await runInAllFrames(7, PROBE)).toMatchObject({ ok: false, problem: { kind: 'tab-gone' } });
    stubTab(SHOP_URL);
    stubExecuteScript(() => new Promise(() => undefined));
    const result = runInAllFrames(7, PROBE);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await result).toMatchObject({ ok: false, problem: { kind: 'timeout' } });
  });
});
