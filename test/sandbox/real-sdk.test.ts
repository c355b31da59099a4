import type { Page } from '@playwright/test';
import { expect, test } from 'vitest';
import type { Sandbox } from '../../sandbox/server';
import { findIndexedView, useBrowserForFile, useSandbox, waitFor } from './helpers';

/** The real Datadog RUM SDK, in real Chromium, uploading to the sandbox through its `proxy` option. */

const browser = useBrowserForFile();

interface InternalContext {
  application_id: string;
  session_id: string;
  view?: { id: string; url: string; name?: string };
}

/** The SDK's own ids for the current view, once it has started one (init finishes asynchronously). */
async function internalContext(page: Page): Promise<InternalContext> {
  const handle = await page.waitForFunction(() => {
    const rum = (window as unknown as { DD_RUM: { getInternalContext(): InternalContext | undefined } })
      .DD_RUM;
    const ctx = rum.getInternalContext();
    return ctx?.view ? ctx : undefined;
  });
  return (await handle.jsonValue()) as InternalContext;
}

/** Leaving a page makes the SDK flush its RUM batch and current replay segment (sendBeacon). */
async function leave(page: Page, sandbox: Sandbox): Promise<void> {
  await page.goto(`${sandbox.url}/demo/no-rum.html`);
}

/** Waits until the sandbox indexed the page's view (ids from the SDK itself) with its URL known. */
function indexedView(sandbox: Sandbox, ctx: InternalContext, needSegments: boolean) {
  return waitFor(() => {
    const view = findIndexedView(sandbox.state(), ctx);
    const ready = view?.url !== undefined && (!needSegments || view.segments.length > 0);
    return ready ? view : undefined;
  }, 20_000);
}

test('the SDK on the demo SPA uploads RUM views and decodable replay segments', {
  timeout: 60_000,
}, async () => {
  const sandbox = await useSandbox();
  const page = await browser().newPage();
  await page.goto(`${sandbox.url}/demo/`);
  await page.getByRole('heading', { name: 'Home' }).waitFor();
  await page.getByRole('link', { name: 'Product 42' }).click();
  await page.getByRole('button', { name: 'Add to cart' }).click();
  const ctx = await internalContext(page);
  expect(ctx.view?.url).toBe(`${sandbox.url}/demo/products/42`);
  // The SDK uploads a replay segment at the latest 5 s after its first record. Wait for that
  // rather than leaving at once: a segment still being compressed when the page unloads can be
  // lost (seen under load), which is the SDK's behaviour, not the sandbox's.
  await waitFor(() => (findIndexedView(sandbox.state(), ctx)?.segments.length ? true : undefined), 20_000);
  await leave(page, sandbox);

  const view = await indexedView(sandbox, ctx, true);
  expect(view).toMatchObject({ url: `${sandbox.url}/demo/products/42`, has_replay: true });
  const res = await fetch(
    `${sandbox.url}/api/v2/rum/replay/sessions/${ctx.session_id}/views/${ctx.view?.id}/segments`,
    { headers: { 'DD-API-KEY': sandbox.apiKey, 'DD-APPLICATION-KEY': sandbox.appKey } },
  );
  const segment = (await res.json()).data.segments[0];
  expect(segment.view.id).toBe(ctx.view?.id);
  expect(segment.records.length).toBeGreaterThan(0);
  expect(segment.records.some((r: { type: number }) => r.type === 2)).toBe(true);
  await page.close();
});

test('custom view names and replay-less sessions reach the index', { timeout: 60_000 }, async () => {
  const sandbox = await useSandbox();
  const page = await browser().newPage();
  await page.goto(`${sandbox.url}/demo/custom-name.html`);
  const named = await internalContext(page);
  expect(named.view?.name).toBe('checkout-step');
  await leave(page, sandbox);
  expect((await indexedView(sandbox, named, false)).name).toBe('checkout-step');

  const context = await browser().newContext(); // fresh cookies: a new session, sampled out of replay
  const plain = await context.newPage();
  await plain.goto(`${sandbox.url}/demo/no-replay.html`);
  const unrecorded = await internalContext(plain);
  await leave(plain, sandbox);
  const view = await indexedView(sandbox, unrecorded, false);
  expect([view.has_replay, view.segments.length]).toEqual([false, 0]);
  await context.close();
  await page.close();
});

test('the spoofed page exposes a junk DD_RUM that throws and lies', async () => {
  const sandbox = await useSandbox();
  const page = await browser().newPage();
  await page.goto(`${sandbox.url}/demo/spoofed.html`);
  const probe = await page.evaluate(() => {
    const rum = (window as unknown as { DD_RUM: Record<string, unknown> }).DD_RUM;
    let threw = false;
    try {
      void rum.getUser;
    } catch {
      threw = true;
    }
    const ctx = (rum.getInternalContext as () => { application_id: unknown; session_id: unknown })();
    return { threw, appId: ctx.application_id, sessionType: typeof ctx.session_id };
  });
  expect(probe).toEqual({ threw: true, appId: 'not-a-uuid', sessionType: 'number' });
  await page.close();
});
