import { describe, expect, test } from 'vitest';
import { parsePageInfo } from '@/lib/page/page-info';
import { probePage } from '@/lib/page/probe';
import { runProbes } from '@/lib/page/run-probes';
import { parseDatadogDetection, type RawDatadogProbe } from '@/lib/providers/datadog/parse';
import { probeDatadog } from '@/lib/providers/datadog/probe';
import { PRIVACY_LEVELS } from '@/lib/providers/datadog/sdk-versions';
import { PAGE_PROBES } from '@/lib/providers/page-probes';
import { APP_ID, CAPTURED_AT, DESKTOP_UA, SESSION_ID, SESSION_START, storeString, VIEW_ID } from './fixtures';

/**
 * The probes are bundled into the probe content script (`runProbes`), injected by file into the
 * page's MAIN world; that they import nothing heavy is checked in repo-conventions.test.ts.
 */
const probeFromSource = probeDatadog;

interface FakeWindowOptions {
  ddRum?: unknown;
  cookie?: string;
  storage?: Record<string, string>;
  /** The page's `document.querySelectorAll`; by default it finds nothing. */
  querySelectorAll?: (selector: string) => unknown;
}

function fakeWindow({
  ddRum,
  cookie = '',
  storage = {},
  querySelectorAll = () => ({ length: 0 }),
}: FakeWindowOptions = {}): Window {
  const win: Record<string, unknown> = {
    document: { cookie, querySelectorAll },
    localStorage: { getItem: (key: string) => storage[key] ?? null },
    location: { href: 'https://shop.example/products/42' },
    navigator: { userAgent: DESKTOP_UA, maxTouchPoints: 0 },
    innerWidth: 1280,
    innerHeight: 720,
    screen: { width: 1920, height: 1080 },
    matchMedia: (query: string) => ({ matches: query === '(pointer: fine)' }),
  };
  if (ddRum !== undefined) win.DD_RUM = ddRum;
  return win as unknown as Window;
}

function realLikeRum(overrides: Record<string, unknown> = {}) {
  return {
    version: '7.16.2',
    onReady: (callback: () => void) => callback(),
    getInternalContext: () => ({
      application_id: APP_ID,
      session_id: SESSION_ID,
      view: { id: VIEW_ID, url: 'https://shop.example/products/42', referrer: '', name: undefined },
      user_action: undefined,
    }),
    getInitConfiguration: () => ({
      applicationId: APP_ID,
      clientToken: 'pub-secret-token',
      site: 'datadoghq.eu',
      sessionReplaySampleRate: 100,
      defaultPrivacyLevel: 'mask',
      beforeSend: () => true,
      allowedTracingUrls: ['https://api.shop.example'],
    }),
    getSessionReplayLink: () => `https://app.datadoghq.eu/rum/replay/sessions/${SESSION_ID}?seed=${VIEW_ID}`,
    ...overrides,
  };
}

function expectJsonSafeAndBounded(probe: unknown) {
  const json = JSON.stringify(probe);
  expect(JSON.parse(json)).toEqual(probe);
  expect(json.length).toBeLessThan(60_000);
}

describe('runProbes (the probe content script)', () => {
  test('returns the page part and each provider part, JSON-safe', () => {
    const win = fakeWindow({ ddRum: realLikeRum(), cookie: `_dd_s_v2=${storeString()}` });
    const answer = runProbes(win);
    expect(answer.page).toEqual(probePage(win));
    expect(answer.providers.datadog).toEqual(probeDatadog(win));
    expect(Object.keys(answer.providers).sort()).toEqual(PAGE_PROBES.map(([id]) => id).sort());
    expectJsonSafeAndBounded(answer);
  });

  test('no DD_RUM: rum is null, page facts are still read', () => {
    const answer = runProbes(fakeWindow({ cookie: `other=1; _dd_s_v2=${storeString()}` }));
    const probe = answer.providers.datadog as RawDatadogProbe;
    expect(probe.rum).toBeNull();
    expect(Array.from(probe.store.cookieV2 as ArrayLike<string>)).toEqual([storeString()]);
    expect(answer.page).toEqual({
      href: 'https://shop.example/products/42',
      userAgent: DESKTOP_UA,
      maxTouchPoints: 0,
      coarsePointer: false,
      viewport: { width: 1280, height: 720 },
      screen: { width: 1920, height: 1080 },
    });
  });

  test('a real-like page answer parses to a ready detection with the page facts', () => {
    const answer = runProbes(fakeWindow({ ddRum: realLikeRum(), cookie: `_dd_s_v2=${storeString()}` }));
    const page = parsePageInfo(answer.page, CAPTURED_AT);
    const detection = parseDatadogDetection(answer.providers.datadog, page);
    expect(detection.status).toBe('ready');
    if (detection.status === 'ready') {
      expect(detection.context.sessionStart).toBe(SESSION_START);
      expect(detection.context).toMatchObject({
        viewport: { width: 1280, height: 720 },
        deviceGuess: 'desktop',
        capturedAt: CAPTURED_AT,
      });
    }
  });

  test('a window whose document, storage, navigator and matchMedia all throw', () => {
    const thrower = () => {
      throw new Error('denied');
    };
    const win = new Proxy({} as Window, { get: thrower });
    const answer = runProbes(win);
    expect(Object.keys(answer.providers).sort()).toEqual(PAGE_PROBES.map(([id]) => id).sort());
    expect({ page: answer.page, providers: { datadog: answer.providers.datadog } }).toEqual({
      page: {
        href: null,
        userAgent: null,
        maxTouchPoints: null,
        coarsePointer: null,
        viewport: { width: null, height: null },
        screen: { width: null, height: null },
      },
      providers: {
        datadog: {
          rum: {
            type: 'unreadable',
            internalContext: { state: 'missing' },
            initConfiguration: { state: 'missing' },
            replayLink: { state: 'missing' },
            version: null,
            hasQueue: false,
            hasOnReady: false,
            privacyOverrides: null,
          },
          store: {
            cookieV2: { length: 0 },
            cookieLegacy: { length: 0 },
            localStorageV2: null,
            localStorageLegacy: null,
          },
        },
      },
    });
  });
});

describe('probePage', () => {
  test('a coarse pointer and touch points are read; non-numbers become null', () => {
    const win = fakeWindow() as unknown as Record<string, unknown>;
    win.matchMedia = (query: string) => ({ matches: query === '(pointer: coarse)' });
    win.navigator = { userAgent: 42, maxTouchPoints: 5 };
    win.innerWidth = Number.NaN;
    win.innerHeight = '720';
    const page = probePage(win as unknown as Window);
    expect(page).toMatchObject({
      userAgent: null,
      maxTouchPoints: 5,
      coarsePointer: true,
      viewport: { width: null, height: null },
    });
    expect(probePage(fakeWindow({})).href).toBe('https://shop.example/products/42');
    const long = fakeWindow() as unknown as Record<string, unknown>;
    long.location = { href: `https://shop.example/${'a'.repeat(10_000)}` };
    expect(probePage(long as unknown as Window).href).toHaveLength(5000);
  });
});

describe('probeDatadog', () => {
  test('the async stub: queue and onReady seen, no method called', () => {
    const queue: (() => void)[] = [() => undefined];
    const stub = { q: queue, onReady: (callback: () => void) => queue.push(callback) };
    const probe = probeFromSource(fakeWindow({ ddRum: stub }));
    expect(probe.rum).toMatchObject({
      type: 'object',
      internalContext: { state: 'missing' },
      initConfiguration: { state: 'missing' },
      replayLink: { state: 'missing' },
      version: null,
      hasQueue: true,
      hasOnReady: true,
    });
    // onReady was not called: nothing was queued.
    expect(queue).toHaveLength(1);
  });

  test('stub marks the page faked: a queue that is not an array, an onReady that is not a function', () => {
    const fake = { q: { length: 3 }, onReady: 'soon' };
    expect(probeFromSource(fakeWindow({ ddRum: fake })).rum).toMatchObject({
      hasQueue: false,
      hasOnReady: false,
    });
    const throwing = {
      get q(): unknown {
        throw new Error('no queue');
      },
      get onReady(): unknown {
        throw new Error('no onReady');
      },
    };
    expect(probeFromSource(fakeWindow({ ddRum: throwing })).rum).toMatchObject({
      hasQueue: false,
      hasOnReady: false,
    });
  });

  test('privacy overrides are counted with the SDK selector, bounded to 1000', () => {
    const selectors: string[] = [];
    const counting = (length: unknown) => (selector: string) => {
      selectors.push(selector);
      return { length };
    };
    const overrides = (length: unknown) =>
      probeFromSource(fakeWindow({ ddRum: realLikeRum(), querySelectorAll: counting(length) })).rum
        ?.privacyOverrides;
    expect(overrides(3)).toBe(3);
    // The SDK's attribute, and its class for every level it knows plus `hidden`.
    const selector = selectors[0]?.split(',') ?? [];
    expect(selector).toContain('[data-dd-privacy]');
    for (const level of [...PRIVACY_LEVELS, 'hidden']) expect(selector).toContain(`.dd-privacy-${level}`);
    expect(overrides(0)).toBe(0);
    expect(overrides(250_000)).toBe(1000);
    for (const junk of [-1, 2.5, Number.NaN, Number.POSITIVE_INFINITY, '7', null, undefined]) {
      expect(overrides(junk), String(junk)).toBeNull();
    }
  });

  test('a querySelectorAll the page replaced with one that throws, or answers a throwing length', () => {
    const throwing = () => {
      throw new Error('no DOM for you');
    };
    const throwingLength = () => ({
      get length(): number {
        throw new Error('no length');
      },
    });
    for (const querySelectorAll of [throwing, throwingLength]) {
      const probe = probeFromSource(fakeWindow({ ddRum: realLikeRum(), querySelectorAll }));
      expect(probe.rum?.privacyOverrides).toBeNull();
      expect(probe.rum?.internalContext.state).toBe('returned');
    }
  });

  test('the DOM is not queried when DD_RUM is absent', () => {
    let queried = false;
    probeFromSource(
      fakeWindow({
        querySelectorAll: () => {
          queried = true;
          return { length: 0 };
        },
      }),
    );
    expect(queried).toBe(false);
  });

  test('the real SDK: known fields copied, config reduced to allowed primitives', () => {
    const probe = probeFromSource(fakeWindow({ ddRum: realLikeRum() }));
    expect(probe.rum).toEqual({
      type: 'object',
      internalContext: {
        state: 'returned',
        value: {
          application_id: APP_ID,
          session_id: SESSION_ID,
          view: { id: VIEW_ID, url: 'https://shop.example/products/42' },
        },
      },
      initConfiguration: {
        state: 'returned',
        value: { site: 'datadoghq.eu', sessionReplaySampleRate: 100, defaultPrivacyLevel: 'mask' },
      },
      replayLink: {
        state: 'returned',
        value: `https://app.datadoghq.eu/rum/replay/sessions/${SESSION_ID}?seed=${VIEW_ID}`,
      },
      version: '7.16.2',
      hasQueue: false,
      hasOnReady: true,
      privacyOverrides: 0,
    });
    expectJsonSafeAndBounded(probe);
  });

  test('sessionPersistence given as a list keeps its first entry', () => {
    const rum = realLikeRum({
      getInitConfiguration: () => ({ sessionPersistence: ['local-storage', 'cookie'] }),
    });
    const probe = probeFromSource(fakeWindow({ ddRum: rum }));
    expect(probe.rum?.initConfiguration).toEqual({
      state: 'returned',
      value: { sessionPersistence: 'local-storage' },
    });
  });

  test('session store read from every cookie of the name and from localStorage', () => {
    const probe = probeFromSource(
      fakeWindow({
        cookie: '_dd_s_v2=isExpired=1; _dd_s=rum=2&id=x; _dd_s_v2=id=abc&created=1',
        storage: { _dd_s_v2: 'id=local', _dd_s: 'rum=1' },
      }),
    );
    expect(probe.store).toEqual({
      // Lists, not arrays (see safe-read.ts); the parser reads them as arrays.
      cookieV2: { length: 2, 0: 'isExpired=1', 1: 'id=abc&created=1' },
      cookieLegacy: { length: 1, 0: 'rum=2&id=x' },
      localStorageV2: 'id=local',
      localStorageLegacy: 'rum=1',
    });
  });

  test('getters and methods that throw become markers and errors, never exceptions', () => {
    const hostile = {
      get version(): string {
        throw new Error('no version for you');
      },
      getInternalContext() {
        throw new TypeError('boom');
      },
      getInitConfiguration: () => ({
        get site(): string {
          throw new Error('site getter');
        },
        sessionReplaySampleRate: 100,
      }),
      getSessionReplayLink: () => {
        throw 'a thrown string';
      },
    };
    const probe = probeFromSource(fakeWindow({ ddRum: hostile }));
    expect(probe.rum).toEqual({
      type: 'object',
      internalContext: { state: 'threw', error: 'TypeError: boom' },
      initConfiguration: { state: 'returned', value: { sessionReplaySampleRate: 100 } },
      replayLink: { state: 'threw', error: 'a thrown string' },
      version: null,
      hasQueue: false,
      hasOnReady: false,
      privacyOverrides: 0,
    });
  });

  test('cycles, functions, huge strings and nested objects are never copied', () => {
    const cyclic: Record<string, unknown> = { id: VIEW_ID };
    cyclic.self = cyclic;
    cyclic.url = 'x'.repeat(1_000_000);
    const rum = realLikeRum({
      getInternalContext: () => ({ application_id: () => 'fn', session_id: 12n, view: cyclic }),
      getInitConfiguration: () => ({
        site: { nested: true },
        sessionPersistence: () => 'x',
        sessionReplaySampleRate: Number.NaN,
      }),
      getSessionReplayLink: () => cyclic,
      version: 'v'.repeat(100_000),
    });
    const probe = probeFromSource(fakeWindow({ ddRum: rum }));
    expect(probe.rum?.internalContext).toEqual({
      state: 'returned',
      value: {
        application_id: { unsupported: 'function' },
        session_id: { unsupported: 'bigint' },
        view: { id: VIEW_ID, url: 'x'.repeat(5000) },
      },
    });
    expect(probe.rum?.initConfiguration).toEqual({
      state: 'returned',
      value: { sessionReplaySampleRate: null },
    });
    expect(probe.rum?.replayLink).toEqual({ state: 'returned', value: { unsupported: 'object' } });
    expect(probe.rum?.version).toBe('v'.repeat(5000));
    expectJsonSafeAndBounded(probe);
  });

  test('a Proxy that throws on every access', () => {
    const trap = () => {
      throw new Error('trapped');
    };
    const evil = new Proxy({}, { get: trap, has: trap, getPrototypeOf: trap, ownKeys: trap });
    const probe = probeFromSource(fakeWindow({ ddRum: evil }));
    expect(probe.rum).toMatchObject({
      type: 'object',
      internalContext: { state: 'missing' },
      version: null,
    });
    expectJsonSafeAndBounded(probe);
  });

  test('a Proxy returning itself for every property and call', () => {
    const evil: unknown = new Proxy(() => undefined, { get: () => evil, apply: () => evil });
    const probe = probeFromSource(fakeWindow({ ddRum: evil }));
    expect(probe.rum?.type).toBe('function');
    expect(probe.rum?.internalContext).toEqual({ state: 'returned', value: { unsupported: 'function' } });
    expectJsonSafeAndBounded(probe);
  });

  test('a revoked Proxy, a throwing window.DD_RUM getter, and a primitive DD_RUM', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(() => probeFromSource(fakeWindow({ ddRum: proxy }))).not.toThrow();

    const win = fakeWindow();
    Object.defineProperty(win, 'DD_RUM', {
      get() {
        throw new Error('nope');
      },
    });
    expect(probeFromSource(win).rum?.type).toBe('unreadable');

    expect(probeFromSource(fakeWindow({ ddRum: 'DD_RUM' })).rum).toMatchObject({
      type: 'string',
      internalContext: { state: 'missing' },
    });
  });
});
