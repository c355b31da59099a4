import { describe, expect, test } from 'vitest';
import { PosthogDetectionSchema } from '@/lib/providers/posthog/context';
import { parsePosthogDetection, type RawPosthogInstance } from '@/lib/providers/posthog/parse';

/** The page probe's address (lib/page/), which resolves a relative `api_host`. */
const PAGE_URL = 'https://shop.example/cart';

/** parsePosthogDetection on raw probe results a hostile or unusual page can produce. */

const TOKEN = 'phc_realLikeToken0123456789abcdefghijklmnopq';
const SESSION_ID = '01a21365-062e-7ced-afd5-40c74322adbd';
const MARKER = 'PAGE-TEXT-MARKER';

type RawInstance = NonNullable<RawPosthogInstance>;

function instance(overrides: Partial<RawInstance> = {}): RawInstance {
  return {
    name: 'posthog',
    loaded: true,
    config: { token: TOKEN, api_host: 'https://eu.i.posthog.com', ui_host: null },
    sessionId: { state: 'returned', value: SESSION_ID },
    distinctId: { state: 'returned', value: 'user-42' },
    recordingStarted: { state: 'returned', value: false },
    recordingStatus: 'buffering',
    ...overrides,
  };
}

function probe(instances: unknown[], extra: Record<string, unknown> = {}): unknown {
  return {
    posthog: { type: 'object', isArray: false, hasInitQueue: false, instances, ...extra },
  };
}

function problemOf(raw: unknown): string {
  const detection = parsePosthogDetection(raw, PAGE_URL);
  if (detection.status !== 'invalid') throw new Error(`expected invalid, got ${detection.status}`);
  return detection.problem;
}

describe('parsePosthogDetection', () => {
  test('a well-formed instance is ready with normalised fields', () => {
    const detection = parsePosthogDetection(
      probe([instance({ sessionId: { state: 'returned', value: SESSION_ID.toUpperCase() } })]),
      PAGE_URL,
    );
    expect(detection).toEqual({
      status: 'ready',
      instances: [
        {
          name: 'posthog',
          token: TOKEN,
          apiHost: 'https://eu.i.posthog.com',
          uiHost: null,
          sessionId: SESSION_ID,
          distinctId: 'user-42',
          recording: 'unknown',
        },
      ],
    });
    expect(PosthogDetectionSchema.safeParse(detection).success).toBe(true);
  });

  test('hosts are reduced to their origin; ui_host is kept when it is an http(s) address', () => {
    const detection = parsePosthogDetection(
      probe([
        instance({
          config: {
            token: TOKEN,
            api_host: 'https://ph.shop.example/ingest/',
            ui_host: 'https://EU.posthog.com/',
          },
        }),
      ]),
      PAGE_URL,
    );
    expect(detection.status === 'ready' && detection.instances[0]).toMatchObject({
      apiHost: 'https://ph.shop.example',
      uiHost: 'https://eu.posthog.com',
    });
  });

  test.each([
    ['not a phc_ token', 'phx_personalKeyLooksLikeThis0123456789', 'not a phc_ project token'],
    ['too short', 'phc_short', 'not a phc_ project token'],
    ['with spaces', `phc_${'a'.repeat(20)} ${MARKER}`, 'not a phc_ project token'],
    ['a number', 42, 'a number'],
    ['unreadable', { unsupported: 'error' }, 'unreadable (its getter threw)'],
    ['missing', undefined, 'missing'],
  ])('a token that is %s makes the page invalid, naming the field without page text', (_, token, found) => {
    const problem = problemOf(
      probe([instance({ config: { token: token as never, api_host: 'https://x.example' } })]),
    );
    expect(problem).toBe(`the default PostHog instance has a config.token that is ${found}.`);
    expect(problem).not.toContain(MARKER);
  });

  test.each([
    'javascript:alert(1)',
    'data:text/html,hi',
    'ftp://files.example',
    `https://user:${MARKER}@evil.example`,
  ])('api_host %s is refused', (apiHost) => {
    const problem = problemOf(probe([instance({ config: { token: TOKEN, api_host: apiHost } })]));
    expect(problem).toBe(
      'the default PostHog instance has a config.api_host that is not an http(s) address.',
    );
  });

  test('a relative api_host on a page whose address could not be read cannot be resolved', () => {
    // parsePageInfo's url is '' when the page's address was unreadable or not http(s).
    const detection = parsePosthogDetection(
      probe([instance({ config: { token: TOKEN, api_host: '/ingest' } })]),
      '',
    );
    expect(detection.status === 'invalid' && detection.problem).toContain(
      'config.api_host that is not an http(s) address',
    );
  });

  test('ids that are not what posthog-js returns become null, not errors', () => {
    const detection = parsePosthogDetection(
      probe([
        instance({
          sessionId: { state: 'returned', value: `${MARKER}-not-a-uuid` },
          distinctId: { state: 'returned', value: 'line\nbreak' },
        }),
        instance({
          name: 'second',
          sessionId: { state: 'threw', error: MARKER },
          distinctId: { state: 'returned', value: 'x'.repeat(201) },
        }),
      ]),
      PAGE_URL,
    );
    expect(detection.status).toBe('ready');
    if (detection.status !== 'ready') return;
    for (const found of detection.instances) {
      expect(found.sessionId).toBeNull();
      expect(found.distinctId).toBeNull();
    }
  });

  test.each([
    [true, undefined, 'recording'],
    [false, 'disabled', 'not-recorded'],
    [false, 'rrweb_error', 'not-recorded'],
    [false, 'buffering', 'unknown'],
    [false, 'lazy_loading', 'unknown'],
    [false, undefined, 'unknown'],
    ['yes', 'active', 'unknown'],
  ])('recording: started %s with status %s is %s', (started, status, recording) => {
    const raw = probe([
      instance({ recordingStarted: { state: 'returned', value: started }, recordingStatus: status }),
    ]);
    const detection = parsePosthogDetection(raw, PAGE_URL);
    expect(detection.status === 'ready' && detection.instances[0]?.recording).toBe(recording);
  });

  test('a bad named instance is left out when the default one is fine', () => {
    const detection = parsePosthogDetection(
      probe([
        instance(),
        instance({ name: 'broken', config: { token: 'nope', api_host: 'https://x.example' } }),
      ]),
      PAGE_URL,
    );
    expect(detection.status === 'ready' && detection.instances.map((found) => found.name)).toEqual([
      'posthog',
    ]);
  });

  test('when every loaded instance is bad the first problem is reported, by position not by name', () => {
    const problem = problemOf(
      probe([instance({ name: MARKER, config: { token: 'nope', api_host: 'https://x.example' } })]),
    );
    expect(problem).toBe('named PostHog instance 1 has a config.token that is not a phc_ project token.');
  });

  test('instance names that are not plain identifiers are refused without quoting them', () => {
    const problem = problemOf(probe([instance({ name: `<img src=x onerror=alert(1)>${MARKER}` })]));
    expect(problem).toBe(
      'named PostHog instance 1 is reachable under a name that is not a plain identifier.',
    );
  });

  test('duplicate names are kept once', () => {
    const detection = parsePosthogDetection(probe([instance(), instance()]), PAGE_URL);
    expect(detection.status === 'ready' && detection.instances).toHaveLength(1);
  });

  test('a config that is not an object is described, not quoted', () => {
    expect(problemOf(probe([instance({ config: MARKER })]))).toBe(
      'the default PostHog instance has a config that is a string, not an object.',
    );
  });

  test('states before loading and odd globals', () => {
    expect(parsePosthogDetection({ posthog: null }, PAGE_URL)).toEqual({
      status: 'absent',
    });
    expect(parsePosthogDetection(probe([], { isArray: true, hasInitQueue: true }), PAGE_URL)).toEqual({
      status: 'not-loaded',
    });
    expect(parsePosthogDetection(probe([instance({ loaded: false })]), PAGE_URL)).toEqual({
      status: 'not-loaded',
    });
    expect(problemOf(probe([instance({ loaded: 'yes' })]))).toBe(
      'window.posthog is not the PostHog SDK: it has no __loaded flag.',
    );
    expect(problemOf(probe([], { type: 'string' }))).toBe('window.posthog is a string, not the PostHog SDK.');
    expect(problemOf(probe([], { type: `${MARKER}!` }))).not.toContain(MARKER);
  });

  test('malformed probe data is invalid, never an exception', () => {
    for (const raw of [null, 42, 'x', {}, { probeVersion: 2 }, { probeVersion: 1, posthog: { type: 5 } }]) {
      expect(parsePosthogDetection(raw, PAGE_URL).status).toBe('invalid');
    }
  });

  test('leaves that are not plain values are tolerated as markers', () => {
    const raw = probe([
      instance({
        loaded: true,
        distinctId: { state: 'returned', value: { nested: { deep: 1 } } as never },
        recordingStatus: ['not', 'a', 'scalar'] as never,
      }),
      'garbage',
      { name: 5 },
    ]);
    const detection = parsePosthogDetection(raw, PAGE_URL);
    expect(detection.status === 'ready' && detection.instances[0]?.distinctId).toBeNull();
  });

  test('more than 5 instances from a forged probe are malformed data', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    expect(problemOf(probe(names.map((name) => instance({ name }))))).toBe(
      'The page probe returned malformed data (at posthog.instances).',
    );
  });
});
