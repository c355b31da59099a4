import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import {
  createDetector,
  type DetectionProviders,
  type DetectorDeps,
  LOADING_POLL_MS,
  LOADING_WAIT_LIMIT_MS,
} from '@/lib/background/detect';
import { runInAllFrames, runInPage } from '@/lib/background/page-access';
import type { PageProblem } from '@/lib/messages/protocol';
import type { FrameAnswer, RawFramePresence } from '@/lib/page/frame-offers';
import type { PageTarget } from '@/lib/page/target';
import { createProviderBackgrounds } from '@/lib/providers/background';
import type { ProvidersDetection } from '@/lib/providers/registry';
import { CAPTURED_AT, pageInfo, rawPage, readyProbe, unusedProviderCore } from './fixtures';

const SHOP_URL = 'https://shop.example/products/42';
const PROBE_FILE = '/content-scripts/probe.js';
const FRAMES_FILE = '/content-scripts/frames.js';

/**
 * Fake providers for the loop: the fake page hands each provider's detection as its raw part,
 * and a provider is loading on the status its real background half calls loading.
 */
const FAKE_PROVIDERS = {
  datadog: {
    parseDetection: (raw: unknown) => raw as ProvidersDetection['datadog'],
    isLoading: (detection) => detection.status === 'loading',
  },
  posthog: {
    parseDetection: (raw: unknown) => raw as ProvidersDetection['posthog'],
    isLoading: (detection) => detection.status === 'not-loaded',
  },
} satisfies DetectionProviders;

type Answer = { ok: true; value: unknown } | { ok: false; problem: PageProblem };
type FramesAnswer = { ok: true; value: FrameAnswer[] } | { ok: false; problem: PageProblem };

const TIMEOUT: PageProblem = { kind: 'timeout', message: 'The page did not answer.' };
const READY_DATADOG = {
  status: 'ready',
  context: { viewId: 'v' },
} as unknown as ProvidersDetection['datadog'];
const READY_POSTHOG = { status: 'ready', instances: [] } as unknown as ProvidersDetection['posthog'];

function probeAnswer(providers: Partial<ProvidersDetection>): Answer {
  return {
    ok: true,
    value: {
      page: rawPage(),
      providers: { datadog: { status: 'absent' }, posthog: { status: 'absent' }, ...providers },
    },
  };
}

function presence(href: string, present: Partial<RawFramePresence['present']>): RawFramePresence {
  return { href, present: { datadog: false, posthog: false, ...present } };
}

/**
 * A detector on a fake page: the n-th probe answers `probes(n)` and the frames check `frames`.
 * A fake monotonic clock advances by what `sleep` waits and by `probeMs` per probe.
 */
function fakeDetector({
  probes,
  frames = () => ({ ok: true, value: [] }),
  probeMs = 0,
}: {
  probes: (index: number) => Answer;
  frames?: () => FramesAnswer;
  probeMs?: number;
}) {
  let clock = 0;
  const probeTargets: PageTarget[] = [];
  const frameScans: number[] = [];
  const slept: number[] = [];
  const deps: DetectorDeps = {
    providers: FAKE_PROVIDERS,
    runInPage: async (target, injection) => {
      expect(injection.file).toBe(PROBE_FILE);
      clock += probeMs;
      probeTargets.push(target);
      return probes(probeTargets.length - 1);
    },
    runInAllFrames: async (tabId, injection) => {
      expect(injection).toEqual({ file: FRAMES_FILE, world: 'MAIN' });
      frameScans.push(tabId);
      return frames();
    },
    sleep: async (ms) => {
      slept.push(ms);
      clock += ms;
    },
    now: () => CAPTURED_AT + clock,
    monotonicNow: () => clock,
  };
  return { detect: createDetector(deps), probeTargets, frameScans, slept, elapsed: () => clock };
}

describe('detection while an SDK loads', () => {
  it('probes again every 250 ms until no provider is loading, then answers', async () => {
    const page = fakeDetector({
      probes: (n) => probeAnswer({ datadog: n < 3 ? { status: 'loading' } : READY_DATADOG }),
    });
    const detection = await page.detect({ tabId: 7 });
    expect(detection.status === 'read' && detection.providers.datadog).toEqual(READY_DATADOG);
    expect(page.probeTargets).toHaveLength(4);
    expect(page.slept).toEqual([LOADING_POLL_MS, LOADING_POLL_MS, LOADING_POLL_MS]);
  });

  it('waits for every loading provider, PostHog’s stub included', async () => {
    const page = fakeDetector({
      probes: (n) =>
        probeAnswer({
          datadog: n < 1 ? { status: 'loading' } : READY_DATADOG,
          posthog: n < 2 ? { status: 'not-loaded' } : READY_POSTHOG,
        }),
    });
    const detection = await page.detect({ tabId: 7 });
    expect(detection.status === 'read' && detection.providers.posthog).toEqual(READY_POSTHOG);
    expect(page.probeTargets).toHaveLength(3);
  });

  it('does not wait when nothing is loading', async () => {
    const page = fakeDetector({ probes: () => probeAnswer({ datadog: READY_DATADOG }) });
    await page.detect({ tabId: 7 });
    expect(page.probeTargets).toHaveLength(1);
    expect(page.slept).toEqual([]);
  });

  it('gives up after 4 s in all and answers what it has (still loading)', async () => {
    const page = fakeDetector({ probes: () => probeAnswer({ datadog: { status: 'loading' } }) });
    const detection = await page.detect({ tabId: 7 });
    expect(detection.status === 'read' && detection.providers.datadog).toEqual({ status: 'loading' });
    expect(page.elapsed()).toBe(LOADING_WAIT_LIMIT_MS);
    expect(page.probeTargets).toHaveLength(1 + LOADING_WAIT_LIMIT_MS / LOADING_POLL_MS);
  });

  it('counts the probes’ own time in the bound', async () => {
    const probeMs = 400;
    const page = fakeDetector({ probes: () => probeAnswer({ datadog: { status: 'loading' } }), probeMs });
    await page.detect({ tabId: 7 });
    // Each round costs a probe and a pause; no pause starts that would end past the bound.
    expect(page.elapsed()).toBeLessThanOrEqual(LOADING_WAIT_LIMIT_MS + probeMs);
    expect(page.probeTargets).toHaveLength(7);
  });

  it('stops at once when the page stops answering, with the reason', async () => {
    const page = fakeDetector({
      probes: (n) =>
        n < 2 ? probeAnswer({ datadog: { status: 'loading' } }) : { ok: false, problem: TIMEOUT },
    });
    expect(await page.detect({ tabId: 7 })).toEqual({ status: 'unavailable', problem: TIMEOUT });
    expect(page.probeTargets).toHaveLength(3);
    expect(page.frameScans).toEqual([]);
  });

  it('takes each probe’s capture moment from the extension clock', async () => {
    const page = fakeDetector({
      probes: (n) => probeAnswer({ datadog: n < 2 ? { status: 'loading' } : READY_DATADOG }),
    });
    const detection = await page.detect({ tabId: 7 });
    expect(detection.status === 'read' && detection.page.capturedAt).toBe(CAPTURED_AT + 2 * LOADING_POLL_MS);
  });

  it('each provider’s background half says which of its states is loading', () => {
    const providers = createProviderBackgrounds(unusedProviderCore());
    expect(providers.datadog.isLoading({ status: 'loading' })).toBe(true);
    expect(providers.datadog.isLoading({ status: 'not-initialised' })).toBe(false);
    // A session the SDK is still starting (v7 starts its session manager after init) is waited for;
    // an ended or sampled-out one is an answer.
    expect(providers.datadog.isLoading({ status: 'no-session', reason: 'unknown' })).toBe(true);
    expect(providers.datadog.isLoading({ status: 'no-session', reason: 'expired' })).toBe(false);
    expect(providers.datadog.isLoading({ status: 'no-session', reason: 'sampled-out' })).toBe(false);
    expect(providers.datadog.isLoading({ status: 'absent' })).toBe(false);
    expect(providers.posthog.isLoading({ status: 'not-loaded' })).toBe(true);
    expect(providers.posthog.isLoading({ status: 'absent' })).toBe(false);
    expect(providers.posthog.isLoading({ status: 'invalid', problem: 'x' })).toBe(false);
  });
});

describe('frames', () => {
  it('offers the frames that carry an SDK the top frame lacks, and reads nothing else from them', async () => {
    const page = fakeDetector({
      probes: () => probeAnswer({ posthog: READY_POSTHOG }),
      frames: () => ({
        ok: true,
        value: [
          // The top frame answers too: it is never offered.
          { frameId: 0, result: presence(SHOP_URL, { datadog: true }) },
          { frameId: 4, result: presence('https://ads.example/slot', {}) },
          { frameId: 9, result: presence('https://app.example/embed', { datadog: true, posthog: true }) },
          { frameId: 11, result: 'junk' },
        ],
      }),
    });
    const detection = await page.detect({ tabId: 7 });
    expect(page.frameScans).toEqual([7]);
    expect(detection).toMatchObject({
      status: 'read',
      frameId: null,
      // PostHog is in the top frame already: only Datadog is offered.
      frames: [{ frameId: 9, url: 'https://app.example/embed', providers: ['datadog'] }],
    });
  });

  it('does not look into frames when the top frame has every provider (loading counts as there)', async () => {
    const page = fakeDetector({
      probes: (n) =>
        probeAnswer({ datadog: n === 0 ? { status: 'loading' } : READY_DATADOG, posthog: READY_POSTHOG }),
    });
    const detection = await page.detect({ tabId: 7 });
    expect(page.frameScans).toEqual([]);
    expect(detection.status === 'read' && detection.frames).toEqual([]);
  });

  it('looks into frames once, after the wait for a loading SDK', async () => {
    const page = fakeDetector({
      probes: (n) => probeAnswer({ posthog: n < 2 ? { status: 'not-loaded' } : READY_POSTHOG }),
    });
    await page.detect({ tabId: 7 });
    expect(page.probeTargets).toHaveLength(3);
    expect(page.frameScans).toEqual([7]);
  });

  it('offers at most three frames', async () => {
    const value = [3, 4, 5, 6, 7].map((frameId) => ({
      frameId,
      result: presence(`https://app.example/${frameId}`, { datadog: true }),
    }));
    const page = fakeDetector({ probes: () => probeAnswer({}), frames: () => ({ ok: true, value }) });
    const detection = await page.detect({ tabId: 7 });
    expect(detection.status === 'read' && detection.frames.map((frame) => frame.frameId)).toEqual([3, 4, 5]);
  });

  it('frames that cannot be looked into leave the top frame’s answer as it is', async () => {
    const page = fakeDetector({
      probes: () => probeAnswer({ posthog: READY_POSTHOG }),
      frames: () => ({ ok: false, problem: TIMEOUT }),
    });
    const detection = await page.detect({ tabId: 7 });
    expect(detection).toMatchObject({ status: 'read', providers: { posthog: READY_POSTHOG }, frames: [] });
  });

  it('a chosen frame is probed alone, says it was read, and is not scanned for frames', async () => {
    const page = fakeDetector({ probes: () => probeAnswer({ datadog: READY_DATADOG }) });
    const detection = await page.detect({ tabId: 7, frameId: 9 });
    expect(page.probeTargets).toEqual([{ tabId: 7, frameId: 9 }]);
    expect(page.frameScans).toEqual([]);
    expect(detection).toMatchObject({ status: 'read', frameId: 9, frames: [] });
  });

  it('a chosen frame without the SDK any more is answered as read, not offered again', async () => {
    const page = fakeDetector({ probes: () => probeAnswer({}) });
    const detection = await page.detect({ tabId: 7, frameId: 9 });
    expect(detection).toMatchObject({
      status: 'read',
      frameId: 9,
      frames: [],
      providers: { datadog: { status: 'absent' } },
    });
  });
});

describe('detection through the browser, with the real parsers', () => {
  function stubTab(url: string) {
    vi.spyOn(fakeBrowser.tabs, 'get').mockImplementation(
      async (tabId: number) => ({ id: tabId, url }) as Awaited<ReturnType<typeof fakeBrowser.tabs.get>>,
    );
  }
  function stubExecuteScript(implementation: (options: { files: string[] }) => Promise<unknown>) {
    return vi
      .spyOn(fakeBrowser.scripting, 'executeScript')
      .mockImplementation(implementation as unknown as typeof fakeBrowser.scripting.executeScript);
  }
  function realDetector() {
    return createDetector({
      providers: createProviderBackgrounds(unusedProviderCore()),
      runInPage,
      runInAllFrames,
      sleep: async () => undefined,
      now: () => CAPTURED_AT,
      monotonicNow: () => 0,
    });
  }

  beforeEach(() => fakeBrowser.reset());
  afterEach(() => vi.restoreAllMocks());

  it('runs the probe file and parses the page part and each provider part', async () => {
    stubTab(SHOP_URL);
    const execute = stubExecuteScript(async () => [
      { frameId: 0, result: { page: rawPage(), providers: { datadog: readyProbe() } } },
    ]);
    const detection = await realDetector()({ tabId: 7 });
    expect(execute).toHaveBeenCalledWith(expect.objectContaining({ files: [PROBE_FILE], world: 'MAIN' }));
    if (detection.status !== 'read') throw new Error(`expected read, got ${JSON.stringify(detection)}`);
    expect(detection.page).toEqual(pageInfo());
    expect(
      detection.providers.datadog.status === 'ready' && detection.providers.datadog.context,
    ).toMatchObject({
      capturedAt: CAPTURED_AT,
      viewport: { width: 1280, height: 720 },
      deviceGuess: 'desktop',
    });
  });

  it('an answer that is not a probe answer still gives a valid detection', async () => {
    stubTab(SHOP_URL);
    stubExecuteScript(async () => [{ frameId: 0, result: 'junk' }]);
    const detection = await realDetector()({ tabId: 7 });
    if (detection.status !== 'read') throw new Error(`expected read, got ${JSON.stringify(detection)}`);
    expect(detection.page).toEqual({
      url: '',
      viewport: { width: 0, height: 0 },
      deviceGuess: 'desktop',
      capturedAt: CAPTURED_AT,
    });
    expect(detection.providers.datadog.status).toBe('invalid');
  });

  it('a page without DD_RUM: Datadog is absent, and a frame that has it is offered', async () => {
    stubTab(SHOP_URL);
    const execute = stubExecuteScript(async ({ files }) =>
      files[0] === FRAMES_FILE
        ? [
            { frameId: 0, result: presence(SHOP_URL, {}) },
            { frameId: 3, result: presence('https://shop.example/embed', { datadog: true }) },
          ]
        : [
            {
              frameId: 0,
              result: { page: rawPage(), providers: { datadog: { ...readyProbe(), rum: null } } },
            },
          ],
    );
    const detection = await realDetector()({ tabId: 7 });
    expect(detection.status === 'read' && detection.providers.datadog).toEqual({ status: 'absent' });
    expect(detection.status === 'read' && detection.frames).toEqual([
      { frameId: 3, url: 'https://shop.example/embed', providers: ['datadog'] },
    ]);
    expect(execute).toHaveBeenLastCalledWith(
      expect.objectContaining({ target: { tabId: 7, allFrames: true }, files: [FRAMES_FILE] }),
    );
  });

  it('a tab that cannot be read is unavailable, with the reason', async () => {
    stubTab('chrome://extensions/');
    expect(await realDetector()({ tabId: 7 })).toMatchObject({
      status: 'unavailable',
      problem: { kind: 'restricted' },
    });
  });
});
