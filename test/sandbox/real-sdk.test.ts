import { type Browser, chromium } from '@playwright/test';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { SandboxState } from '../../sandbox/server';
import { useSandbox, waitFor } from './helpers';

/** The real Datadog RUM SDK, in real Chromium, uploading to the sandbox through its `proxy` option. */

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});
afterAll(() => browser?.close());

interface InternalContext {
  application_id: string;
  session_id: string;
  view?: { id: string; url: string; name?: string };
}

function findView(state: SandboxState, ctx: InternalContext) {
  const app = state.applications.find((a) => a.id === ctx.application_id);
  const session = app?.sessions.find((s) => s.id === ctx.session_id);
  return session?.views.find((v) => v.id === ctx.view?.id);
}

test('the SDK on the demo SPA uploads RUM views and decodable replay segments', { timeout: 60_000 }, async () => {
  const sandbox = await useSandbox();
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${sandbox.url}/demo/`);
  await page.getByRole('heading', { name: 'Home' }).waitFor();
  await page.getByRole('link', { name: 'Product 42' }).click();
  await page.getByRole('button', { name: 'Add to cart' }).click();
  const ctx = await page.evaluate(
    () => (window as unknown as { DD_RUM: { getInternalContext(): unknown } }).DD_RUM.getInternalContext() as InternalContext,
  );
  expect(ctx.view?.url).toBe(`${sandbox.url}/demo/products/42`);

  // Leaving the page makes the SDK flush the RUM batch and the current replay segment (sendBeacon).
  await page.goto(`${sandbox.url}/demo/no-rum.html`);
  const view = await waitFor(() => {
    const found = findView(sandbox.state(), ctx);
    return found && found.url !== undefined && found.segments.length > 0 ? found : undefined;
  }, 20_000);
  expect(view.url).toBe(`${sandbox.url}/demo/products/42`);
  expect(view.has_replay).toBe(true);
  const segments = await fetch(
    `${sandbox.url}/api/v2/rum/replay/sessions/${ctx.session_id}/views/${ctx.view?.id}/segments`,
    { headers: { 'DD-API-KEY': sandbox.apiKey, 'DD-APPLICATION-KEY': sandbox.appKey } },
  ).then((r) => r.json());
  expect(segments.data.segments[0].records.length).toBeGreaterThan(0);
  expect(segments.data.segments[0].view.id).toBe(ctx.view?.id);
  await context.close();
});
