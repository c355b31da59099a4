import type { SaveInput, SaveJob } from '@/lib/capture/job';
import type { PageContext } from '@/lib/detect/page-context';
import type { RawProbe } from '@/lib/detect/probe';

/** Realistic values, shared by the tests so each one changes only what it is about. */
export const APP_ID = 'aaaaaaaa-1111-2222-3333-bbbbbbbbbbbb';
export const SESSION_ID = 'fe9a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b';
export const VIEW_ID = '11111111-2222-4333-8444-555555555555';
export const SESSION_START = 1_795_610_512_747;
export const CAPTURED_AT = SESSION_START + 65_000;
export const REPLAY_LINK = `https://app.datadoghq.eu/rum/replay/sessions/${SESSION_ID}?seed=${VIEW_ID}&from=${SESSION_START + 1000}`;
export const DESKTOP_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

export function storeString(overrides: Record<string, string> = {}): string {
  const entries = {
    id: SESSION_ID,
    created: String(SESSION_START),
    expire: String(SESSION_START + 900_000),
    ...overrides,
  };
  return Object.entries(entries)
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

/** What `probePage` returns on a page with an initialised SDK tracking a recorded session. */
export function readyProbe(): RawProbe {
  return {
    probeVersion: 1,
    rum: {
      type: 'object',
      hasQueue: false,
      internalContext: {
        state: 'returned',
        value: {
          application_id: APP_ID,
          session_id: SESSION_ID,
          view: { id: VIEW_ID, url: 'https://shop.example/products/42?ref=home#top', referrer: '' },
        },
      },
      initConfiguration: {
        state: 'returned',
        value: {
          site: 'datadoghq.eu',
          applicationId: APP_ID,
          sessionReplaySampleRate: 100,
          sessionSampleRate: 100,
        },
      },
      replayLink: { state: 'returned', value: REPLAY_LINK },
      version: '7.16.2',
    },
    store: { cookieV2: [storeString()], cookieLegacy: [], localStorageV2: null, localStorageLegacy: null },
    href: 'https://shop.example/products/42?ref=home#top',
    userAgent: DESKTOP_UA,
    maxTouchPoints: 0,
    coarsePointer: false,
    viewport: { width: 1280, height: 720 },
    screen: { width: 1920, height: 1080 },
  };
}

export function pageContext(overrides: Partial<PageContext> = {}): PageContext {
  return {
    applicationId: APP_ID,
    sessionId: SESSION_ID,
    viewId: VIEW_ID,
    viewName: '/products/?',
    viewNameIsCustom: false,
    url: 'https://shop.example/products/42',
    sessionStart: SESSION_START,
    site: 'datadoghq.eu',
    sdkVersion: '7.16.2',
    replay: { state: 'recording', forced: false },
    replayLink: REPLAY_LINK,
    viewport: { width: 1280, height: 720 },
    deviceGuess: 'desktop',
    capturedAt: CAPTURED_AT,
    ...overrides,
  };
}

export function saveInput(overrides: Partial<SaveInput> = {}): SaveInput {
  return {
    snapshotName: 'Checkout, promo banner',
    viewName: '/products/?',
    deviceType: 'desktop',
    deviceTypeSelectedByUser: false,
    ...overrides,
  };
}

export function saveJob(overrides: Partial<SaveJob> = {}): SaveJob {
  return {
    id: 'job-1',
    createdAt: CAPTURED_AT,
    context: pageContext(),
    input: saveInput(),
    state: 'waiting-for-replay',
    progress: 'Starting…',
    attempts: 0,
    ...overrides,
  };
}

/** A segment as the sandbox serves it (metadata + records). */
export function sandboxSegment(start: number, end: number, index = 0) {
  return {
    start,
    end,
    index_in_view: index,
    has_full_snapshot: index === 0,
    records_count: 2,
    creation_reason: index === 0 ? 'init' : 'segment_duration_limit',
    source: 'browser',
    raw_segment_size: 1234,
    application: { id: APP_ID },
    session: { id: SESSION_ID },
    view: { id: VIEW_ID },
    records: [
      {
        type: 4,
        timestamp: start,
        data: { href: 'https://shop.example/products/42', width: 1280, height: 720 },
      },
      { type: 3, timestamp: end, data: { source: 2 } },
    ],
  };
}
