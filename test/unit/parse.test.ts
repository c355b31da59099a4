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
        replay: { state: 'recording', forced: false },
        replayLink: REPLAY_LINK,
        viewport: { width: 1280, height: 720 },
        deviceGuess: 'desktop',
        capturedAt: CAPTURED_AT,
      },
    });
  });

  test('no DD_RUM → absent', () => {
    expect(parseDetection({ ...readyProbe(), rum: null })).toEqual({ status: 'absent' });
  });

  test('the async stub, or an SDK without init → not-initialised', () => {
    const stub = probeWith((rum) => {
      rum.internalContext = { state: 'missing' };
      rum.initConfiguration = { state: 'missing' };
      rum.replayLink = { state: 'missing' };
    });
    expect(parseDetection(stub)).toEqual({ status: 'not-initialised' });
    const notInitialised = probeWith((rum) => {
      rum.initConfiguration = { state: 'returned', value: null };
    });
    expect(parseDetection(notInitialised)).toEqual({ status: 'not-initialised' });
  });

  test('no tracked session, no session id, or an expired store → no-session', () => {
    expect(parseDetection(internalContextWith(null))).toEqual({ status: 'no-session' });
    expect(parseDetection(internalContextWith({ application_id: APP_ID }))).toEqual({
      status: 'no-session',
    });
    const expired = probeWith((_rum, probe) => {
      probe.store.cookieV2 = ['isExpired=1&aid=f7b7a2c1-0000-4000-8000-000000000000'];
    });
    expect(parseDetection(expired)).toEqual({ status: 'no-session' });
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
    return contextOf(parseDetection(probeWith(edit))).replay;
  }
  const link = (query: string) => ({
    state: 'returned' as const,
    value: `https://app.datadoghq.eu/rum/replay/sessions/${SESSION_ID}?${query}`,
  });

  test('incorrect-session-plan → not sampled', () => {
    expect(replayOf((rum) => (rum.replayLink = link('error-type=incorrect-session-plan&seed=x')))).toEqual({
      state: 'not-recorded',
      reason: 'this session was not sampled for Session Replay (sessionReplaySampleRate)',
    });
  });

  test('other error types → a generic sentence quoting a sanitised, bounded code', () => {
    expect(replayOf((rum) => (rum.replayLink = link('error-type=quota-exceeded')))).toEqual({
      state: 'not-recorded',
      reason: 'the Datadog SDK reports the session is not recorded ("quota-exceeded")',
    });
    const hostile = replayOf((rum) => (rum.replayLink = link(`error-type=<b>${'a'.repeat(500)}`)));
    expect(hostile.state).toBe('not-recorded');
    if (hostile.state === 'not-recorded') {
      expect(hostile.reason).not.toContain('<');
      expect(hostile.reason.length).toBeLessThan(200);
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

  test('legacy rum=2 → not recorded', () => {
    const replay = replayOf((rum, probe) => {
      rum.replayLink = { state: 'missing' };
      probe.store.cookieV2 = [];
      probe.store.cookieLegacy = [storeString({ rum: '2' })];
    });
    expect(replay).toEqual({
      state: 'not-recorded',
      reason: 'this session is tracked without Session Replay (legacy plan rum=2)',
    });
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
