import { expect, test } from 'vitest';
import {
  ASYNC_BUNDLE_DELAY_MS,
  bundleDelay,
  MAX_BUNDLE_DELAY_MS,
  RUM_BUILD_NAMES,
  RUM_BUILDS,
  RUM_DEMO_PAGES,
  RUM_PAGE_KINDS,
  rumPagePath,
} from '../../sandbox/demo/rum-majors';
import { api, IDS, intakeUrl, referenceCreateBody, uploadSegment, useSandbox } from './helpers';

test('the viewer lists views and snapshots, escaping everything that came from clients', async () => {
  const sandbox = await useSandbox();
  const hostile = '<script>alert("x")</script>';
  const event = {
    type: 'view',
    date: 1,
    application: { id: IDS.application },
    session: { id: IDS.session, has_replay: true },
    view: { id: IDS.view, url: `https://shop.example/${hostile}`, name: hostile },
    _dd: { document_version: 1 },
  };
  await fetch(intakeUrl(sandbox, '/api/v2/rum'), { method: 'POST', body: JSON.stringify(event) });
  await uploadSegment(sandbox, { index: 0, start: 1000, end: 3000 });
  const create = referenceCreateBody();
  create.data.attributes.snapshot_name = hostile;
  await api(sandbox, '/api/v2/replay/heatmap/snapshots', { method: 'POST', body: create });

  const res = await fetch(`${sandbox.url}/`);
  const html = await res.text();
  expect(res.headers.get('content-type')).toContain('text/html');
  expect(html).not.toContain(hostile);
  expect(html).toContain('&#60;script&#62;');
  expect(html).toContain(IDS.view);
  expect(html).toContain('http-equiv="refresh"');
  expect(html).toContain('/demo/custom-name.html');
  expect(html).toMatch(/Saved snapshots \(1\)/);
});

test('demo routes serve the SPA shell, static pages and the real SDK bundle with its chunks', async () => {
  const sandbox = await useSandbox();
  const get = (path: string) => fetch(`${sandbox.url}${path}`);
  for (const path of ['/demo/', '/demo/products/42', '/demo/products/7/reviews', '/demo/cart']) {
    const html = await (await get(path)).text();
    expect(html, path).toContain('Product 7 reviews');
  }
  for (const page of ['custom-name', 'no-replay', 'local-storage', 'no-rum', 'spoofed']) {
    expect((await get(`/demo/${page}.html`)).status, page).toBe(200);
  }
  expect(await (await get('/demo/rum-config.js')).text()).toContain('"clientToken": "pubsandbox"');
  const sdk = await get('/sdk/v7/datadog-rum.js');
  expect([sdk.status, sdk.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
  const chunk = (await sdk.text()).match(/datadogRecorder:"([0-9a-f]+)"/)?.[1];
  expect((await get(`/sdk/v7/chunks/datadogRecorder-${chunk}-datadog-rum.js`)).status).toBe(200);
  for (const path of [
    '/demo/serve.ts',
    '/demo/..%2Fserver.ts',
    '/sdk/v7/chunks/..%2F..%2Fpackage.json',
    '/sdk/v9/datadog-rum.js',
    '/sdk/v4/other.js',
    '/demo/rum/v9/script',
    '/nope',
  ]) {
    expect((await get(path)).status, path).toBe(404);
  }
});

test('admin reset clears ingested data and snapshots', async () => {
  const sandbox = await useSandbox();
  await uploadSegment(sandbox, { index: 0, start: 1, end: 2 });
  await api(sandbox, '/api/v2/replay/heatmap/snapshots', { method: 'POST', body: referenceCreateBody() });
  expect((await fetch(`${sandbox.url}/_admin/reset`, { method: 'POST' })).status).toBe(200);
  const { posthog, ...datadog } = sandbox.state();
  expect(datadog).toEqual({ applications: [], snapshots: [] });
  expect([posthog.saved_heatmaps, posthog.ingestion]).toEqual([[], []]);
});

test('the page matrix: every build × kind is served, listed by the viewer, and passes its kind its options', async () => {
  const sandbox = await useSandbox();
  const viewer = await (await fetch(`${sandbox.url}/`)).text();
  expect(RUM_DEMO_PAGES).toHaveLength(RUM_BUILD_NAMES.length * RUM_PAGE_KINDS.length);
  for (const { path } of RUM_DEMO_PAGES) {
    const res = await fetch(`${sandbox.url}${path}`);
    expect([res.status, res.headers.get('content-type')], path).toEqual([200, 'text/html; charset=utf-8']);
    expect(viewer, path).toContain(`href="${path}"`);
  }
  const page = async (kind: (typeof RUM_PAGE_KINDS)[number]) =>
    (await fetch(`${sandbox.url}${rumPagePath('v5', kind)}`)).text();
  expect(await page('script')).toContain('<script src="/sdk/v5/datadog-rum.js"></script>');
  expect(await page('async')).toContain(`'/sdk/v5/datadog-rum.js?delay=${ASYNC_BUNDLE_DELAY_MS}'`);
  expect(await page('frame')).toContain(
    `<iframe title="Instrumented frame" src="${rumPagePath('v5', 'script')}"`,
  );
  expect(await page('frame')).not.toContain('/sdk/');
  expect(await page('replay-off')).toContain('sandboxStartRum({"sessionReplaySampleRate":0})');
  expect(await page('sampled-out')).toContain('sandboxStartRum({"sessionSampleRate":0})');
  expect(await page('manual-start')).toContain('"startSessionReplayRecordingManually":true');
  expect(await page('local-storage')).toContain('"sessionPersistence":"local-storage"');
  expect(await page('subdomains')).toContain('"trackSessionAcrossSubdomains":true');
  expect(await page('masked')).toContain('data-dd-privacy="allow"');
  for (const path of ['/demo/rum/v5/nope', '/demo/rum/v8/script', '/demo/rum/v5/script/x']) {
    expect((await fetch(`${sandbox.url}${path}`)).status, path).toBe(404);
  }
});

test('each build serves its own bundle, held back by ?delay= up to a bound', async () => {
  const sandbox = await useSandbox();
  for (const build of RUM_BUILD_NAMES) {
    const { bundle, label } = RUM_BUILDS[build];
    const text = await (await fetch(`${sandbox.url}/sdk/${build}/${bundle}`)).text();
    expect(text, build).toContain(`"${label.split(' ')[1]}"`);
  }
  const started = performance.now();
  expect((await fetch(`${sandbox.url}/sdk/v4/datadog-rum.js?delay=300`)).status).toBe(200);
  expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  const delays = ['-5', '1.5', 'abc', '0', '400', '99999999'].map((delay) =>
    bundleDelay(new URLSearchParams({ delay })),
  );
  expect(delays).toEqual([0, 0, 0, 0, 400, MAX_BUNDLE_DELAY_MS]);
});
