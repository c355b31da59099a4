import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { PageInfo } from '@/lib/page/page-info';
import { type DatadogDetection, DatadogDetectionSchema } from '@/lib/providers/datadog/context';
import { parseDatadogDetection, type RawDatadogProbe } from '@/lib/providers/datadog/parse';
import { shownReplayLink } from '@/lib/providers/datadog/replay-link';
import {
  APP_ID,
  CAPTURED_AT,
  pageContext,
  pageInfo,
  REPLAY_LINK,
  readyProbe,
  SESSION_ID,
  SESSION_START,
  storeString,
  VIEW_ID,
} from './fixtures';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type RawProbe = RawDatadogProbe;
type RawRum = NonNullable<RawDatadogProbe['rum']>;
type Detection = DatadogDetection;

/** The Datadog parser on the page `pageInfo()` describes (desktop, 1280×720, captured at CAPTURED_AT). */
function parseDetection(raw: unknown, page: PageInfo = pageInfo()): Detection {
  return parseDatadogDetection(raw, page);
}

/** A ready probe with the SDK part changed by `edit`. */
function probeWith(edit: (rum: Mutable<RawRum>, probe: RawProbe) => void): RawProbe {
  const probe = readyProbe();
  if (probe.rum) edit(probe.rum, probe);
  return probe;
}

function internalContextWith(value: unknown): RawProbe {
  return probeWith((rum) => {
    rum.internalContext = { state: 'returned', value: value as never };
  });
}

function contextOf(detection: Detection) {
  if (detection.status !== 'ready') throw new Error(`expected ready, got ${JSON.stringify(detection)}`);
  return detection.context;
}

function problemOf(detection: Detection): string {
  if (detection.status !== 'invalid') throw new Error(`expected invalid, got ${JSON.stringify(detection)}`);
  return detection.problem;
}

describe('parseDatadogDetection: states', () => {
  test('a realistic probe is ready with every field derived', () => {
    expect(parseDetection(readyProbe())).toEqual({
      status: 'ready',
      context: {
        applicationId: APP_ID,
        sessionId: SESSION_ID,
        viewId: VIEW_ID,
        viewName: '/products/?',
        viewNameIsCustom: false,
        url: 'https://shop.example/products/42?ref=home#top',
        sessionStart: SESSION_START,
        site: 'datadoghq.eu',
        sdkVersion: '7.16.2',
        replayLink: REPLAY_LINK,
        viewport: { width: 1280, height: 720 },
        deviceGuess: 'desktop',
        capturedAt: CAPTURED_AT,
      },
      replay: { state: 'recording', forced: false },
      privacy: { level: 'mask-user-input', source: 'sdk-default', overrides: 0 },
    });
  });

  test('no DD_RUM → absent', () => {
    expect(parseDetection({ ...readyProbe(), rum: null })).toEqual({ status: 'absent' });
  });

  /** The async snippet's stub as the probe copies it: no getters, no version. */
  function stubProbe(marks: { hasQueue: boolean; hasOnReady: boolean }): RawProbe {
    return probeWith((rum) => {
      rum.internalContext = { state: 'missing' };
      rum.initConfiguration = { state: 'missing' };
      rum.replayLink = { state: 'missing' };
      rum.version = null;
      Object.assign(rum, marks);
    });
  }

  test('the async stub (queue and/or onReady, no getters, no version) → loading', () => {
    for (const marks of [
      { hasQueue: true, hasOnReady: true },
      { hasQueue: true, hasOnReady: false },
      { hasQueue: false, hasOnReady: true },
    ]) {
      expect(parseDetection(stubProbe(marks)), JSON.stringify(marks)).toEqual({ status: 'loading' });
    }
  });

  test('no stub marks, or a version or getters beside them → not-initialised, never loading', () => {
    expect(parseDetection(stubProbe({ hasQueue: false, hasOnReady: false }))).toEqual({
      status: 'not-initialised',
    });
    const withVersion = probeWith((rum, probe) => {
      Object.assign(rum, stubProbe({ hasQueue: true, hasOnReady: true }).rum, { version: '7.16.2' });
      probe.store.cookieV2 = [];
    });
    expect(parseDetection(withVersion)).toEqual({ status: 'not-initialised' });
    // The SDK before `init`: its getters exist, the configuration is undefined.
    const notInitialised = probeWith((rum) => {
      rum.hasQueue = true;
      rum.initConfiguration = { state: 'returned', value: null };
    });
    expect(parseDetection(notInitialised)).toEqual({ status: 'not-initialised' });
  });

  test('stub marks that are not booleans read as absent', () => {
    const junk = stubProbe({ hasQueue: 'yes' as never, hasOnReady: 1 as never });
    expect(parseDetection(junk)).toEqual({ status: 'not-initialised' });
  });

  test('no tracked session: sampled out (link or rum=0), expired, or not said', () => {
    const noSession = (edit: (rum: Mutable<RawRum>, probe: RawProbe) => void) =>
      parseDetection(
        probeWith((rum, probe) => {
          rum.internalContext = { state: 'returned', value: null };
          probe.store.cookieV2 = [];
          edit(rum, probe);
        }),
      );
    const notTracked = `https://app.datadoghq.eu/rum/replay/sessions/no-session-id?error-type=rum-not-tracked&seed=${VIEW_ID}`;
    expect(noSession((rum) => (rum.replayLink = { state: 'returned', value: notTracked }))).toEqual({
      status: 'no-session',
      reason: 'sampled-out',
    });
    expect(
      noSession((rum, probe) => {
        rum.replayLink = { state: 'missing' };
        probe.store.cookieLegacy = ['rum=0&expire=1795642292508'];
      }),
    ).toEqual({ status: 'no-session', reason: 'sampled-out' });
    expect(noSession((_rum, probe) => (probe.store.cookieV2 = ['isExpired=1&aid=x']))).toEqual({
      status: 'no-session',
      reason: 'expired',
    });
    // An ended session (DD_RUM.stopSession) has the "not tracked" link too: the store says why.
    expect(
      noSession((rum, probe) => {
        rum.replayLink = { state: 'returned', value: notTracked };
        probe.store.cookieV2 = ['isExpired=1&aid=x'];
      }),
    ).toEqual({ status: 'no-session', reason: 'expired' });
    expect(noSession(() => undefined)).toEqual({ status: 'no-session', reason: 'unknown' });
  });

  test('no session id, or an expired store beside a context → no-session', () => {
    expect(parseDetection(internalContextWith({ application_id: APP_ID }))).toEqual({
      status: 'no-session',
      reason: 'unknown',
    });
    const expired = probeWith((_rum, probe) => {
      probe.store.cookieV2 = ['isExpired=1&aid=f7b7a2c1-0000-4000-8000-000000000000'];
    });
    expect(parseDetection(expired)).toEqual({ status: 'no-session', reason: 'expired' });
  });

  test('rum-slim (its link says slim-package) → unsupported, even when no session is tracked', () => {
    const slimLink = {
      state: 'returned' as const,
      value: 'https://app.datadoghq.eu/rum/replay/sessions/no-session-id?error-type=slim-package',
    };
    const slim = probeWith((rum) => {
      rum.replayLink = slimLink;
      rum.version = '7.16.0';
    });
    expect(parseDetection(slim)).toEqual({
      status: 'unsupported',
      reason: 'slim-package',
      sdkVersion: '7.16.0',
    });
    const slimSampledOut = probeWith((rum) => {
      rum.replayLink = slimLink;
      rum.internalContext = { state: 'returned', value: null };
    });
    expect(parseDetection(slimSampledOut)).toMatchObject({ status: 'unsupported', reason: 'slim-package' });
  });

  test('an SDK older than click maps need → unsupported; 4.40 and an unknown version are not refused', () => {
    const withVersion = (version: string | null) =>
      parseDetection(
        probeWith((rum) => {
          rum.version = version;
        }),
      );
    expect(withVersion('4.39.9')).toEqual({
      status: 'unsupported',
      reason: 'sdk-too-old',
      sdkVersion: '4.39.9',
    });
    expect(withVersion('3.11.0')).toMatchObject({ status: 'unsupported', reason: 'sdk-too-old' });
    for (const version of ['4.40.0', '4.49.3', '5.0.0', null, 'next']) {
      expect(withVersion(version).status, String(version)).toBe('ready');
    }
  });

  test.each([
    [
      { application_id: APP_ID, session_id: 'not-a-uuid', view: { id: VIEW_ID, url: '/' } },
      'session_id that is not a UUID',
    ],
    [
      { application_id: 42, session_id: SESSION_ID, view: { id: VIEW_ID, url: '/' } },
      'application_id that is a number',
    ],
    [
      { application_id: APP_ID, session_id: SESSION_ID, view: { id: true, url: '/' } },
      'view.id that is a boolean',
    ],
    [
      {
        application_id: APP_ID,
        session_id: SESSION_ID,
        view: { id: VIEW_ID, url: { unsupported: 'object' } },
      },
      'view.url that is an object',
    ],
    [
      { application_id: APP_ID, session_id: SESSION_ID, view: { id: VIEW_ID, url: '/', name: 7 } },
      'view.name that is a number',
    ],
    [{ application_id: APP_ID, session_id: SESSION_ID }, 'view that is missing'],
    [
      { application_id: APP_ID, session_id: SESSION_ID, view: { id: { unsupported: 'error' }, url: '/' } },
      'view.id that is unreadable',
    ],
  ])('junk internal context %# → invalid naming the field', (value, expected) => {
    expect(problemOf(parseDetection(internalContextWith(value)))).toContain(expected);
  });

  test('a long page string is never echoed in the problem', () => {
    const secret = `<script>${'x'.repeat(4000)}</script>`;
    const problem = problemOf(
      parseDetection(internalContextWith({ application_id: APP_ID, session_id: secret, view: {} })),
    );
    expect(problem).not.toContain('script');
    expect(problem.length).toBeLessThan(200);
  });

  test('methods that threw, or answered with non-objects → invalid', () => {
    const threw = probeWith((rum) => {
      rum.internalContext = { state: 'threw', error: 'TypeError: boom' };
    });
    expect(problemOf(parseDetection(threw))).toBe('DD_RUM.getInternalContext() threw an error.');
    const configString = probeWith((rum) => {
      rum.initConfiguration = { state: 'returned', value: 'config' };
    });
    expect(problemOf(parseDetection(configString))).toBe(
      'DD_RUM.getInitConfiguration() returned a string, not an object.',
    );
    expect(problemOf(parseDetection(internalContextWith(12)))).toBe(
      'DD_RUM.getInternalContext() returned a number, not an object.',
    );
  });

  test('DD_RUM that is not an object, or unreadable → invalid', () => {
    const primitive = probeWith((rum) => {
      rum.type = 'string';
    });
    expect(problemOf(parseDetection(primitive))).toBe('window.DD_RUM is a string, not the SDK object.');
    const unreadable = probeWith((rum) => {
      rum.type = 'unreadable';
    });
    expect(problemOf(parseDetection(unreadable))).toBe('window.DD_RUM could not be read.');
  });

  test('anything that is not a probe → invalid', () => {
    expect(problemOf(parseDetection(undefined))).toMatch(/^The page probe returned malformed data/);
    expect(problemOf(parseDetection({ rum: { type: 'object' } }))).toContain('at rum.');
  });

  test('a capture moment that is not an epoch ms → invalid, naming capturedAt', () => {
    expect(problemOf(parseDetection(readyProbe(), pageInfo({}, -1)))).toContain('capturedAt');
    expect(problemOf(parseDetection(readyProbe(), pageInfo({}, 1.5)))).toContain('capturedAt');
  });
});

describe('parseDatadogDetection: context fields', () => {
  test('custom view name wins over the grouped path', () => {
    const probe = internalContextWith({
      application_id: APP_ID,
      session_id: SESSION_ID,
      view: { id: VIEW_ID, url: 'https://shop.example/products/42', name: '  Product page ' },
    });
    const context = contextOf(parseDetection(probe));
    expect(context.viewName).toBe('Product page');
    expect(context.viewNameIsCustom).toBe(true);
    expect(context.url).toBe('https://shop.example/products/42');
  });

  test("a page's view name is cleaned of bidi and control characters and cut by code points", () => {
    const long = `\u202eCheckout\u0007 ${'😀'.repeat(1500)}`;
    const probe = internalContextWith({
      application_id: APP_ID,
      session_id: SESSION_ID,
      view: { id: VIEW_ID, url: 'https://shop.example/', name: long },
    });
    const { viewName } = contextOf(parseDetection(probe));
    expect(viewName.slice(0, 11)).toBe('Checkout 😀');
    expect(viewName.endsWith('…')).toBe(true);
    // No lone surrogate: every code unit pairs up.
    expect(viewName.isWellFormed()).toBe(true);
  });

  test('ids are normalised to lower case', () => {
    const probe = internalContextWith({
      application_id: APP_ID.toUpperCase(),
      session_id: SESSION_ID.toUpperCase(),
      view: { id: VIEW_ID.toUpperCase(), url: '/' },
    });
    const context = contextOf(parseDetection(probe));
    expect([context.applicationId, context.sessionId, context.viewId]).toEqual([APP_ID, SESSION_ID, VIEW_ID]);
    expect(context.sessionStart).toBe(SESSION_START);
  });

  test('a version with characters no version has is dropped (the popup shows it)', () => {
    for (const version of ['7.16.2\u202e', '<b>7</b>', '7 16', '']) {
      const probe = probeWith((rum) => {
        rum.version = version;
      });
      expect(contextOf(parseDetection(probe)).sdkVersion, version).toBeNull();
    }
  });

  test('unknown site, long version and a non-https link are dropped', () => {
    const probe = probeWith((rum) => {
      rum.initConfiguration = {
        state: 'returned',
        value: { site: 'evil.example', sessionReplaySampleRate: 100 },
      };
      rum.version = 'v'.repeat(51);
      rum.replayLink = { state: 'returned', value: 'http://app.datadoghq.eu/rum/replay/sessions/x' };
    });
    const context = contextOf(parseDetection(probe));
    expect(context.site).toBeNull();
    expect(context.sdkVersion).toBeNull();
    expect(context.replayLink).toBeNull();
  });

  test('the replay link is rebuilt from the ids; only Datadog app origins are kept (issue #7)', () => {
    const linkTo = (value: string) =>
      contextOf(
        parseDetection(
          probeWith((rum) => {
            rum.replayLink = { state: 'returned', value };
          }),
        ),
      ).replayLink;
    const ours = `https://app.datadoghq.com/rum/replay/sessions/${SESSION_ID}?seed=${VIEW_ID}&from=5`;
    expect(
      linkTo(`https://app.datadoghq.com/rum/replay/sessions/other?seed=x&from=5&next=//evil.example`),
    ).toBe(ours);
    expect(linkTo('https://user:pw@app.datadoghq.com:443/x?from=<b>')).toBe(
      `https://app.datadoghq.com/rum/replay/sessions/${SESSION_ID}?seed=${VIEW_ID}`,
    );
    for (const lookAlike of [
      'https://app.datadoghq.eu.evil.example/rum/replay/sessions/x',
      'https://app.datadoghq.com@evil.example/rum/replay/sessions/x',
      'https://app-datadoghq.com/rum/replay/sessions/x',
      'https://app.datadoghq.com:8443/rum/replay/sessions/x',
      'javascript:alert(1)//https://app.datadoghq.com/',
      'https://xn--pp-8ka.datadoghq.com/rum/replay/sessions/x',
    ]) {
      expect(linkTo(lookAlike), lookAlike).toBeNull();
    }
  });

  test('a stored context with a page-made link shows no link (checked again when shown)', () => {
    const stored = pageContext({
      replayLink: 'https://app.datadoghq.com.evil.example/rum/replay/sessions/x',
    });
    expect(shownReplayLink(stored)).toBeNull();
    expect(shownReplayLink(pageContext())).toBe(REPLAY_LINK);
  });

  test('a session start in the future or longer ago than a session lasts is refused with a sentence (issue #7)', () => {
    const withCreated = (created: number) =>
      parseDetection(
        probeWith((_rum, probe) => {
          probe.store.cookieV2 = [storeString({ created: String(created) })];
        }),
      );
    expect(problemOf(withCreated(1))).toMatch(/more than 4 hours before the capture moment/);
    expect(problemOf(withCreated(CAPTURED_AT + 3_600_000))).toMatch(/starts after the capture moment/);
    expect(contextOf(withCreated(CAPTURED_AT - 4 * 3_600_000)).sessionStart).toBe(
      CAPTURED_AT - 4 * 3_600_000,
    );
    expect(contextOf(withCreated(CAPTURED_AT + 60_000)).sessionStart).toBe(CAPTURED_AT + 60_000);
  });

  test('a store for another session, or memory persistence, gives no session start', () => {
    const other = probeWith((_rum, probe) => {
      probe.store.cookieV2 = [storeString({ id: 'aaaaaaaa-0000-4000-8000-000000000000' })];
    });
    expect(contextOf(parseDetection(other)).sessionStart).toBeNull();
    const memory = probeWith((rum) => {
      rum.initConfiguration = { state: 'returned', value: { sessionPersistence: 'memory' } };
    });
    expect(contextOf(parseDetection(memory)).sessionStart).toBeNull();
  });

  test("every major's store gives the session start: v4/v5 _dd_s (v5 may hold lock=), v6 aid= first, v7 _dd_s_v2", () => {
    const startFrom = (store: Partial<RawProbe['store']>) =>
      contextOf(
        parseDetection(
          probeWith((_rum, probe) => {
            probe.store = {
              cookieV2: [],
              cookieLegacy: [],
              localStorageV2: null,
              localStorageLegacy: null,
              ...store,
            };
          }),
        ),
      ).sessionStart;
    const tail = `id=${SESSION_ID}&created=${SESSION_START}&expire=${SESSION_START + 900_000}`;
    const aid = 'aid=0db0425c-4a88-4603-af76-7ece402407e3';
    expect(startFrom({ cookieLegacy: [`rum=1&${tail}`] })).toBe(SESSION_START);
    expect(startFrom({ cookieLegacy: [`rum=1&${tail}&lock=4b7e87ba-148d-45ab-bd3d-2d036c6fd868`] })).toBe(
      SESSION_START,
    );
    expect(startFrom({ cookieLegacy: [`${aid}&rum=1&${tail}`] })).toBe(SESSION_START);
    expect(startFrom({ cookieV2: [`${aid}&${tail}&c=0`] })).toBe(SESSION_START);
    // A sampled-out store beside it (no id) does not hide the session's own.
    expect(startFrom({ cookieLegacy: ['rum=0&expire=1795642292508', `rum=1&${tail}`] })).toBe(SESSION_START);
  });

  test('local-storage persistence reads localStorage', () => {
    const probe = probeWith((rum, raw) => {
      rum.initConfiguration = { state: 'returned', value: { sessionPersistence: 'local-storage' } };
      raw.store = {
        cookieV2: [],
        cookieLegacy: [],
        localStorageV2: storeString({ created: String(SESSION_START + 5) }),
        localStorageLegacy: null,
      };
    });
    expect(contextOf(parseDetection(probe)).sessionStart).toBe(SESSION_START + 5);
  });

  test('long URLs are bounded: url to 4096, view name to 1000', () => {
    const url = `https://shop.example/${'segment/'.repeat(600)}`;
    const probe = internalContextWith({
      application_id: APP_ID,
      session_id: SESSION_ID,
      view: { id: VIEW_ID, url },
    });
    const context = contextOf(parseDetection(probe));
    expect(context.url).toBe(url.slice(0, 4096));
    expect(context.viewName).toHaveLength(1000);
  });

  test('viewport, device guess and capture moment come from the page info', () => {
    const page = pageInfo(
      {
        userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148',
        viewport: { width: 390.4, height: 844 },
      },
      CAPTURED_AT + 7,
    );
    const context = contextOf(parseDetection(readyProbe(), page));
    expect(context.deviceGuess).toBe('mobile');
    expect(context.viewport).toEqual({ width: 390, height: 844 });
    expect(context.capturedAt).toBe(CAPTURED_AT + 7);
  });
});

describe('parseDatadogDetection: replay status', () => {
  function replayOf(edit: (rum: Mutable<RawRum>, probe: RawProbe) => void) {
    const detection = parseDetection(probeWith(edit));
    if (detection.status !== 'ready') throw new Error(`expected ready, got ${JSON.stringify(detection)}`);
    return detection.replay;
  }
  const link = (query: string) => ({
    state: 'returned' as const,
    value: `https://app.datadoghq.eu/rum/replay/sessions/${SESSION_ID}?${query}`,
  });

  test('incorrect-session-plan → not sampled; recording can be started from 5.21 only', () => {
    const notSampled = (version: string | null) =>
      replayOf((rum) => {
        rum.replayLink = link('error-type=incorrect-session-plan&seed=x');
        rum.version = version;
      });
    for (const [version, canStartRecording] of [
      ['7.16.2', true],
      ['5.21.0', true],
      ['5.20.9', false],
      ['4.50.1', false],
      [null, true],
    ] as const) {
      expect(notSampled(version), String(version)).toEqual({
        state: 'not-recorded',
        reason: 'replay-not-sampled',
        canStartRecording,
      });
    }
  });

  test('v4 replay-not-started → recording can be started; browser-not-supported cannot', () => {
    expect(
      replayOf((rum) => {
        rum.replayLink = link('error-type=replay-not-started');
        rum.version = '4.50.1';
      }),
    ).toEqual({ state: 'not-recorded', reason: 'replay-not-started', canStartRecording: true });
    expect(replayOf((rum) => (rum.replayLink = link('error-type=browser-not-supported')))).toEqual({
      state: 'not-recorded',
      reason: 'browser-not-supported',
      canStartRecording: false,
    });
  });

  test('other error types, hostile ones included, → other', () => {
    for (const code of ['quota-exceeded', 'constructor', '__proto__', `<b>${'a'.repeat(500)}`, '']) {
      expect(
        replayOf((rum) => (rum.replayLink = link(`error-type=${code}`))),
        code,
      ).toEqual({
        state: 'not-recorded',
        reason: 'other',
        canStartRecording: false,
      });
    }
  });

  test('forcedReplay=1 in the store → recording, forced', () => {
    expect(
      replayOf((rum, probe) => {
        rum.initConfiguration = { state: 'returned', value: { sessionReplaySampleRate: 0 } };
        probe.store.cookieV2 = [storeString({ forcedReplay: '1' })];
      }),
    ).toEqual({ state: 'recording', forced: true });
  });

  test('link without error and replay sample rate 0 → unknown', () => {
    expect(
      replayOf((rum) => {
        rum.initConfiguration = { state: 'returned', value: { sessionReplaySampleRate: 0 } };
      }),
    ).toEqual({ state: 'unknown' });
  });

  test('legacy rum=2 → not sampled', () => {
    const replay = replayOf((rum, probe) => {
      rum.replayLink = { state: 'missing' };
      rum.version = '6.33.0';
      probe.store.cookieV2 = [];
      probe.store.cookieLegacy = [storeString({ rum: '2' })];
    });
    expect(replay).toEqual({ state: 'not-recorded', reason: 'replay-not-sampled', canStartRecording: true });
  });
});

describe('parseDatadogDetection: privacy', () => {
  function privacyOf(edit: (rum: Mutable<RawRum>) => void) {
    const detection = parseDetection(probeWith(edit));
    if (detection.status !== 'ready') throw new Error(`expected ready, got ${JSON.stringify(detection)}`);
    return detection.privacy;
  }
  const withLevel = (version: string, defaultPrivacyLevel: unknown, privacyOverrides: unknown = 0) =>
    privacyOf((rum) => {
      rum.version = version;
      rum.initConfiguration = { state: 'returned', value: { defaultPrivacyLevel } as never };
      rum.privacyOverrides = privacyOverrides as never;
    });

  test("the page's level wins; without one, the major's default applies", () => {
    expect(withLevel('7.16.2', 'mask')).toEqual({ level: 'mask', source: 'page', overrides: 0 });
    expect(withLevel('4.50.1', 'allow')).toEqual({ level: 'allow', source: 'page', overrides: 0 });
    for (const [version, level] of [
      ['4.50.1', 'mask-user-input'],
      ['5.35.1', 'mask'],
      ['6.33.0', 'mask'],
      ['7.16.2', 'mask-user-input'],
    ] as const) {
      expect(withLevel(version, undefined), version).toEqual({ level, source: 'sdk-default', overrides: 0 });
    }
  });

  test('a level this major does not know, or junk, is replaced by its default, as the SDK does', () => {
    expect(withLevel('5.35.1', 'mask-unless-allowlisted')).toEqual({
      level: 'mask',
      source: 'sdk-default',
      overrides: 0,
    });
    expect(withLevel('6.0.0', 'mask-unless-allowlisted')).toMatchObject({
      level: 'mask-unless-allowlisted',
      source: 'page',
    });
    for (const junk of ['MASK', 'hidden', 42, { unsupported: 'object' }, '']) {
      expect(withLevel('7.16.2', junk), String(junk)).toMatchObject({
        level: 'mask-user-input',
        source: 'sdk-default',
      });
    }
  });

  test('the override count is kept when it is a whole number up to the bound, else read as none', () => {
    expect(withLevel('7.16.2', 'mask', 3).overrides).toBe(3);
    expect(withLevel('7.16.2', 'mask', 1000).overrides).toBe(1000);
    for (const junk of [1001, -1, 2.5, Number.NaN, '4', null]) {
      expect(withLevel('7.16.2', 'mask', junk).overrides, String(junk)).toBe(0);
    }
  });
});

describe('parseDatadogDetection: properties', () => {
  const mutablePaths: (string | number)[][] = [
    [],
    ['rum'],
    ['rum', 'type'],
    ['rum', 'internalContext'],
    ['rum', 'internalContext', 'value'],
    ['rum', 'internalContext', 'value', 'session_id'],
    ['rum', 'internalContext', 'value', 'view'],
    ['rum', 'internalContext', 'value', 'view', 'id'],
    ['rum', 'internalContext', 'value', 'view', 'url'],
    ['rum', 'internalContext', 'value', 'view', 'name'],
    ['rum', 'initConfiguration', 'value'],
    ['rum', 'initConfiguration', 'value', 'site'],
    ['rum', 'initConfiguration', 'value', 'sessionPersistence'],
    ['rum', 'replayLink', 'value'],
    ['rum', 'version'],
    ['rum', 'hasQueue'],
    ['rum', 'hasOnReady'],
    ['rum', 'privacyOverrides'],
    ['rum', 'initConfiguration', 'value', 'defaultPrivacyLevel'],
    ['store'],
    ['store', 'cookieV2'],
    ['store', 'cookieV2', 0],
    ['store', 'cookieLegacy'],
    ['store', 'localStorageV2'],
  ];

  function setAt(target: unknown, path: (string | number)[], value: unknown): unknown {
    if (path.length === 0) return value;
    const [head, ...rest] = path as [string | number, ...(string | number)[]];
    const container = (typeof target === 'object' && target !== null ? target : {}) as Record<
      string | number,
      unknown
    >;
    container[head] = setAt(container[head], rest, value);
    return container;
  }

  function expectValidDetection(raw: unknown, capturedAt = CAPTURED_AT) {
    const detection = parseDetection(raw, pageInfo({}, capturedAt));
    expect(DatadogDetectionSchema.safeParse(detection).success).toBe(true);
    return detection;
  }

  test('arbitrary values never throw and always yield a valid Detection', () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withMap: true, withSet: true, withTypedArray: true }),
        (raw) => {
          expectValidDetection(raw);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('a ready probe with any one field replaced by junk yields a valid Detection', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...mutablePaths),
        fc.oneof(
          fc.anything(),
          fc.string({ maxLength: 20_000 }),
          fc.constant({ unsupported: 'function' }),
          fc.double(),
          fc.constant(null),
        ),
        fc.oneof(fc.constant(CAPTURED_AT), fc.integer(), fc.double()),
        (path, junk, capturedAt) => {
          expectValidDetection(setAt(readyProbe(), path, junk), capturedAt);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('realistic SDK answers yield ready with exactly the expected fields', () => {
    const word = fc.stringMatching(/^[a-z]{1,10}$/);
    const segment = fc.oneof(word, fc.integer({ min: 0, max: 1e6 }).map(String));
    fc.assert(
      fc.property(
        fc.uuid(),
        fc.uuid(),
        fc.uuid(),
        fc.array(segment, { maxLength: 6 }),
        fc.integer({ min: 1, max: 2e12 }),
        fc.integer({ min: 0, max: 4 * 3600_000 }),
        fc.record({ width: fc.integer({ min: 0, max: 5000 }), height: fc.integer({ min: 0, max: 5000 }) }),
        (applicationId, sessionId, viewId, segments, created, age, viewport) => {
          const url = `https://shop.example/${segments.join('/')}?q=1`;
          const probe = readyProbe();
          probe.store.cookieV2 = [`id=${sessionId}&created=${created}&expire=${created + 900_000}`];
          probe.rum = {
            ...(probe.rum as RawRum),
            internalContext: {
              state: 'returned',
              value: { application_id: applicationId, session_id: sessionId, view: { id: viewId, url } },
            },
          };
          const context = contextOf(parseDetection(probe, pageInfo({ viewport }, created + age)));
          const expectedName = `/${segments.map((part) => (/\d/.test(part) ? '?' : part)).join('/')}`;
          expect(context).toMatchObject({
            applicationId,
            sessionId,
            viewId,
            viewName: expectedName,
            viewNameIsCustom: false,
            url,
            sessionStart: created,
            viewport,
            capturedAt: created + age,
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
