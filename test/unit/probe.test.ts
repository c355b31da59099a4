import { describe, expect, test } from 'vitest';
import { parseDetection } from '@/lib/detect/parse';
import { probePage, type RawProbe } from '@/lib/detect/probe';
import { APP_ID, CAPTURED_AT, DESKTOP_UA, SESSION_ID, SESSION_START, storeString, VIEW_ID } from './fixtures';

/**
 * `probePage` runs in the page after being serialised with toString(), so every test calls the
 * re-evaluated source: a reference to anything outside the function body fails here.
 */
const probeFromSource = new Function(`return (${probePage.toString()});`)() as typeof probePage;

interface FakeWindowOptions {
  ddRum?: unknown;
  cookie?: string;
  storage?: Record<string, string>;
}

function fakeWindow({ ddRum, cookie = '', storage = {} }: FakeWindowOptions = {}): Window {
  const win: Record<string, unknown> = {
    document: { cookie },
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
      beforeSend: () => true,
      allowedTracingUrls: ['https://api.shop.example'],
    }),
    getSessionReplayLink: () => `https://app.datadoghq.eu/rum/replay/sessions/${SESSION_ID}?seed=${VIEW_ID}`,
    ...overrides,
  };
}

function expectJsonSafeAndBounded(probe: RawProbe) {
  const json = JSON.stringify(probe);
  expect(JSON.parse(json)).toEqual(probe);
  expect(json.length).toBeLessThan(60_000);
}

describe('probePage', () => {
  test('is self-contained: the serialised source runs on its own', () => {
    expect(probeFromSource(fakeWindow()).probeVersion).toBe(1);
  });

  test('no DD_RUM: rum is null, page facts are still read', () => {
    const probe = probeFromSource(fakeWindow({ cookie: `other=1; _dd_s_v2=${storeString()}` }));
    expect(probe.rum).toBeNull();
    expect(probe.store.cookieV2).toEqual([storeString()]);
    expect(probe.href).toBe('https://shop.example/products/42');
    expect(probe.viewport).toEqual({ width: 1280, height: 720 });
    expect(probe.screen).toEqual({ width: 1920, height: 1080 });
    expect(probe.coarsePointer).toBe(false);
    expect(probe.userAgent).toBe(DESKTOP_UA);
    expect(probe.maxTouchPoints).toBe(0);
  });

  test('the async stub: queue seen, no method called', () => {
    const probe = probeFromSource(fakeWindow({ ddRum: { q: [() => undefined] } }));
    expect(probe.rum).toMatchObject({
      type: 'object',
      hasQueue: true,
      internalContext: { state: 'missing' },
      initConfiguration: { state: 'missing' },
      replayLink: { state: 'missing' },
    });
  });

  test('the real SDK: known fields copied, config reduced to allowed primitives', () => {
    const probe = probeFromSource(fakeWindow({ ddRum: realLikeRum() }));
    expect(probe.rum).toEqual({
      type: 'object',
      hasQueue: false,
      internalContext: {
        state: 'returned',
        value: {
          application_id: APP_ID,
          session_id: SESSION_ID,
          view: { id: VIEW_ID, url: 'https://shop.example/products/42', referrer: '' },
        },
      },
      initConfiguration: {
        state: 'returned',
        value: { applicationId: APP_ID, site: 'datadoghq.eu', sessionReplaySampleRate: 100 },
      },
      replayLink: {
        state: 'returned',
        value: `https://app.datadoghq.eu/rum/replay/sessions/${SESSION_ID}?seed=${VIEW_ID}`,
      },
      version: '7.16.2',
    });
    expectJsonSafeAndBounded(probe);
  });

  test('a real-like page probe parses to a ready detection', () => {
    const probe = probeFromSource(fakeWindow({ ddRum: realLikeRum(), cookie: `_dd_s_v2=${storeString()}` }));
    const detection = parseDetection(probe, CAPTURED_AT);
    expect(detection.status).toBe('ready');
    if (detection.status === 'ready') expect(detection.context.sessionStart).toBe(SESSION_START);
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
      cookieV2: ['isExpired=1', 'id=abc&created=1'],
      cookieLegacy: ['rum=2&id=x'],
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
        applicationId: APP_ID,
      }),
      getSessionReplayLink: () => {
        throw 'a thrown string';
      },
    };
    const probe = probeFromSource(fakeWindow({ ddRum: hostile }));
    expect(probe.rum).toEqual({
      type: 'object',
      hasQueue: false,
      internalContext: { state: 'threw', error: 'TypeError: boom' },
      initConfiguration: { state: 'returned', value: { applicationId: APP_ID } },
      replayLink: { state: 'threw', error: 'a thrown string' },
      version: null,
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
        proxy: () => 'x',
        sessionSampleRate: Number.NaN,
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
    expect(probe.rum?.initConfiguration).toEqual({ state: 'returned', value: { sessionSampleRate: null } });
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
      hasQueue: false,
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

  test('a window whose document, storage, navigator and matchMedia all throw', () => {
    const thrower = () => {
      throw new Error('denied');
    };
    const win = new Proxy({} as Window, { get: thrower });
    const probe = probeFromSource(win);
    expect(probe).toEqual({
      probeVersion: 1,
      rum: {
        type: 'unreadable',
        hasQueue: false,
        internalContext: { state: 'missing' },
        initConfiguration: { state: 'missing' },
        replayLink: { state: 'missing' },
        version: null,
      },
      store: { cookieV2: [], cookieLegacy: [], localStorageV2: null, localStorageLegacy: null },
      href: null,
      userAgent: null,
      maxTouchPoints: null,
      coarsePointer: null,
      viewport: { width: null, height: null },
      screen: { width: null, height: null },
    });
  });
});
