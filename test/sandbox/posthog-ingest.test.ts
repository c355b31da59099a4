import zlib from 'node:zlib';
import { type Browser, chromium, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_SECOND_TOKEN } from '../../sandbox/demo/posthog-config';
import { PAGE_HEIGHT, SECTIONS } from '../../sandbox/demo/posthog-layout';
import type { Sandbox } from '../../sandbox/server';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../harness/browser';
import { useSandbox, waitFor } from './helpers';

/** Ingestion at /ph for posthog-js: the real SDK in Chromium, and each body encoding it uses. */

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});
afterAll(() => browser?.close());

interface PostHogOnPage {
  __loaded?: boolean;
  sessionRecordingStarted(): boolean;
  get_session_id(): string;
  get_distinct_id(): string;
  config: { token: string; api_host: string };
  second?: PostHogOnPage;
}
declare const window: { posthog: PostHogOnPage & unknown[] & { __SV?: number; _i?: unknown[] } };

function tokenState(sandbox: Sandbox, token: string) {
  return sandbox.state().posthog.ingestion.find((t) => t.token === token);
}

async function recordingPage(page: Page) {
  await page.waitForFunction(
    () => window.posthog?.__loaded && window.posthog.sessionRecordingStarted(),
    null,
    {
      timeout: 15_000,
    },
  );
  return page.evaluate(() => ({
    sessionId: window.posthog.get_session_id(),
    distinctId: window.posthog.get_distinct_id(),
    token: window.posthog.config.token,
    apiHost: window.posthog.config.api_host,
    recording: window.posthog.sessionRecordingStarted(),
  }));
}

test('posthog-js on /demo/posthog.html records: events and recording snapshots arrive for its session', {
  timeout: 60_000,
}, async () => {
  const sandbox = await useSandbox();
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${sandbox.url}/demo/posthog.html`);
  const ids = await recordingPage(page);
  expect(ids).toMatchObject({
    token: sandbox.posthog.projectToken,
    apiHost: sandbox.posthog.apiHost,
    recording: true,
  });
  const layout = await page.evaluate(() => ({
    height: document.documentElement.scrollHeight,
    sections: [...document.querySelectorAll('section')].map((s) => [
      s.dataset.color,
      s.getBoundingClientRect().top,
    ]),
  }));
  expect(layout.height).toBe(PAGE_HEIGHT);
  expect(layout.sections).toEqual(SECTIONS.map((s) => [s.color, s.top]));
  await page.mouse.click(400, 300);
  await page.mouse.wheel(0, 1500);

  const session = await waitFor(() => {
    const s = tokenState(sandbox, ids.token)?.sessions.find((x) => x.id === ids.sessionId);
    return s && s.snapshot_records > 0 ? s : undefined;
  }, 30_000);
  expect(session.snapshot_events).toBeGreaterThan(0);
  expect(session.urls).toContain(`${sandbox.url}/demo/posthog.html`);
  const state = tokenState(sandbox, ids.token);
  expect(state?.distinct_ids).toContain(ids.distinctId);
  expect(state?.events_by_name.$pageview).toBeGreaterThanOrEqual(1);
  expect(state?.config_requests).toBeGreaterThanOrEqual(1);
  expect(state?.flags_requests).toBeGreaterThanOrEqual(1);
  expect(state?.recording_requests).toBeGreaterThanOrEqual(1);
  const viewer = await (await fetch(`${sandbox.url}/`)).text();
  expect(viewer).toContain(ids.sessionId);
  await page.close();
});

test('demo pages: both SDKs, a second named instance, the snippet stub, the login gate', {
  timeout: 60_000,
}, async () => {
  const sandbox = await useSandbox();
  const context = await browser.newContext();
  const page = await context.newPage();

  await page.goto(`${sandbox.url}/demo/both.html`);
  await recordingPage(page);
  await page.waitForFunction(() =>
    (window as unknown as { DD_RUM: { getInternalContext(): unknown } }).DD_RUM.getInternalContext(),
  );

  await page.goto(`${sandbox.url}/demo/posthog-second.html`);
  await recordingPage(page);
  expect(
    await page.evaluate(() => [
      window.posthog.config.token,
      window.posthog.second?.__loaded,
      window.posthog.second?.config.token,
    ]),
  ).toEqual([sandbox.posthog.projectToken, true, DEMO_SECOND_TOKEN]);
  await waitFor(() => tokenState(sandbox, DEMO_SECOND_TOKEN)?.config_requests, 15_000);

  await page.goto(`${sandbox.url}/demo/posthog-stub.html`);
  await page.waitForTimeout(500);
  expect(
    await page.evaluate(() => ({
      array: Array.isArray(window.posthog),
      sv: window.posthog.__SV,
      queued: window.posthog._i?.length,
      loaded: window.posthog.__loaded,
      stubbed: typeof window.posthog.get_session_id,
    })),
  ).toEqual({ array: true, sv: 1, queued: 1, loaded: undefined, stubbed: 'function' });

  await page.goto(`${sandbox.url}/demo/account.html`);
  await page.getByRole('heading', { name: 'Please log in' }).waitFor();
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
  expect(page.url()).toBe(`${sandbox.url}/demo/account.html`);
  expect((await context.cookies()).some((c) => c.name === 'demo_session')).toBe(true);
  await recordingPage(page);
  await context.close();
});

describe('what posthog-js sends, each encoding', () => {
  const event = (token: string, name: string, session: string) => ({
    event: name,
    properties: { token, distinct_id: 'user-1', $session_id: session },
  });

  test.each([
    ['gzip, no query flag', (body: string) => zlib.gzipSync(body), ''],
    [
      'compression=base64 form',
      (body: string) => `data=${encodeURIComponent(Buffer.from(body).toString('base64'))}`,
      '?compression=base64',
    ],
    ['plain JSON', (body: string) => body, ''],
    ['data= form with plain JSON', (body: string) => `data=${encodeURIComponent(body)}`, ''],
  ])('%s is decoded and indexed (/e/, /i/v0/e/, /batch/, /s/)', async (_, encode, query) => {
    const sandbox = await useSandbox();
    const post = (path: string, body: unknown) =>
      fetch(`${sandbox.url}/ph${path}${query}`, { method: 'POST', body: encode(JSON.stringify(body)) });
    expect((await post('/e/', event('phc_a', '$pageview', 's1'))).status).toBe(200);
    expect(
      (
        await post('/i/v0/e/', {
          api_key: 'phc_a',
          batch: [{ event: '$$heatmap', properties: { distinct_id: 'user-2' } }],
        })
      ).status,
    ).toBe(200);
    expect((await post('/batch/', [event('phc_a', 'clicked', 's1')])).status).toBe(200);
    const snapshot = {
      ...event('phc_a', '$snapshot', 's1'),
      properties: { ...event('phc_a', '', 's1').properties, $snapshot_data: [{ type: 4 }, { type: 2 }] },
    };
    expect((await post('/s/', [snapshot])).status).toBe(200);
    const state = tokenState(sandbox, 'phc_a');
    expect(state).toMatchObject({
      event_count: 4,
      events_by_name: { $pageview: 1, $$heatmap: 1, clicked: 1, $snapshot: 1 },
      distinct_ids: ['user-1', 'user-2'],
      recording_requests: 1,
    });
    expect(state?.sessions).toEqual([
      expect.objectContaining({ id: 's1', event_count: 3, snapshot_events: 1, snapshot_records: 2 }),
    ]);
  });

  test('config, config.js, flags and decide answer with recording and heatmaps on; bad payloads are 400', async () => {
    const sandbox = await useSandbox();
    const config = await fetch(`${sandbox.url}/ph/array/phc_x/config`, {
      headers: { Origin: 'http://page.test' },
    });
    expect(config.headers.get('access-control-allow-origin')).toBe('http://page.test');
    expect(await config.json()).toMatchObject({
      token: 'phc_x',
      heatmaps: true,
      sessionRecording: { endpoint: '/s/' },
    });
    const script = await (await fetch(`${sandbox.url}/ph/array/phc_x/config.js`)).text();
    expect(script).toContain('_POSTHOG_REMOTE_CONFIG["phc_x"]');
    const flags = await fetch(`${sandbox.url}/ph/flags/?v=2`, {
      method: 'POST',
      body: zlib.gzipSync(JSON.stringify({ token: 'phc_x', distinct_id: 'd' })),
    });
    expect(await flags.json()).toMatchObject({ flags: {}, errorsWhileComputingFlags: false });
    const decide = await fetch(`${sandbox.url}/ph/decide/?v=3`, {
      method: 'POST',
      body: JSON.stringify({ token: 'phc_x' }),
    });
    expect(await decide.json()).toMatchObject({ featureFlags: {}, sessionRecording: { endpoint: '/s/' } });
    const preflight = await fetch(`${sandbox.url}/ph/e/`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://page.test', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect([preflight.status, preflight.headers.get('access-control-allow-headers')]).toEqual([
      204,
      'content-type',
    ]);
    for (const body of ['not json', JSON.stringify({ nope: 1 }), JSON.stringify([{ event: 5 }])]) {
      expect((await fetch(`${sandbox.url}/ph/e/`, { method: 'POST', body })).status, body).toBe(400);
    }
    expect((await fetch(`${sandbox.url}/ph/flags/?v=2`, { method: 'POST', body: '{}' })).status).toBe(400);
    expect((await fetch(`${sandbox.url}/ph/static/array.js`)).status).toBe(404);
    expect(tokenState(sandbox, 'phc_x')).toMatchObject({
      config_requests: 2,
      flags_requests: 2,
      event_count: 0,
    });
  });
});
