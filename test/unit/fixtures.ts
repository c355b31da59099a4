import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { RawPage } from '@/lib/page/page-info';
import { type PageInfo, parsePageInfo } from '@/lib/page/page-info';
import type { ProviderCore } from '@/lib/providers/background';
import type { PageContext } from '@/lib/providers/datadog/context';
import type { DatadogJob, SaveInput } from '@/lib/providers/datadog/job';
import type { RawDatadogProbe } from '@/lib/providers/datadog/parse';

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

/** What `probeDatadog` returns on a page with an initialised SDK tracking a recorded session. */
export function readyProbe(): RawDatadogProbe {
  return {
    rum: {
      type: 'object',
      internalContext: {
        state: 'returned',
        value: {
          application_id: APP_ID,
          session_id: SESSION_ID,
          view: { id: VIEW_ID, url: 'https://shop.example/products/42?ref=home#top' },
        },
      },
      initConfiguration: {
        state: 'returned',
        value: {
          site: 'datadoghq.eu',
          sessionReplaySampleRate: 100,
        },
      },
      replayLink: { state: 'returned', value: REPLAY_LINK },
      version: '7.16.2',
      hasQueue: false,
      hasOnReady: true,
      privacyOverrides: 0,
    },
    store: { cookieV2: [storeString()], cookieLegacy: [], localStorageV2: null, localStorageLegacy: null },
  };
}

/** What `probePage` returns on a desktop page at 1280×720. */
export function rawPage(overrides: Partial<RawPage> = {}): RawPage {
  return {
    href: 'https://shop.example/products/42?ref=home#top',
    userAgent: DESKTOP_UA,
    maxTouchPoints: 0,
    coarsePointer: false,
    viewport: { width: 1280, height: 720 },
    screen: { width: 1920, height: 1080 },
    ...overrides,
  };
}

/** The page info the core reads from `rawPage()` at the capture moment. */
export function pageInfo(overrides: Partial<RawPage> = {}, capturedAt = CAPTURED_AT): PageInfo {
  return parsePageInfo(rawPage(overrides), capturedAt);
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

export function saveJob(overrides: Partial<DatadogJob> = {}): DatadogJob {
  return {
    id: 'job-1',
    provider: 'datadog',
    label: '“Checkout, promo banner” · /products/?',
    createdAt: CAPTURED_AT,
    context: pageContext(),
    input: saveInput(),
    state: 'waiting',
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

/**
 * What the core offers the providers' background halves, for tests that use none of it (parsing,
 * running a job): every member fails if called. Built by name so the core may grow members freely.
 */
export function unusedProviderCore(overrides: Partial<ProviderCore> = {}): ProviderCore {
  const unexpected = () => Promise.reject(new Error('not expected in this test'));
  return new Proxy(overrides, {
    get: (target, key) => (key in target ? target[key as keyof ProviderCore] : unexpected),
  }) as ProviderCore;
}

/**
 * The browser holds every host permission (fakeBrowser does not implement `permissions`): for
 * tests about something else than the host gate of lib/shared/host-access.ts.
 */
export function grantAllHostAccess() {
  return vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true);
}

/** A valid snapshot create request, as a save sends it. */
export function createBody() {
  return {
    data: {
      type: 'snapshots' as const,
      attributes: {
        application_id: APP_ID,
        device_type: 'desktop' as const,
        event_id: VIEW_ID,
        is_device_type_selected_by_user: false,
        session_id: SESSION_ID,
        view_id: VIEW_ID,
        snapshot_name: saveInput().snapshotName,
        start: 65000,
        view_name: '/products/?',
      },
    },
  };
}
