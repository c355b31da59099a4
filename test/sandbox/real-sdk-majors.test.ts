import type { Page } from '@playwright/test';
import { expect, test } from 'vitest';
import { REPLAY_MAJORS, type RumBuild, rumPagePath } from '../../sandbox/demo/rum-majors';
import type { Sandbox } from '../../sandbox/server';
import { api, findIndexedView, useBrowserForFile, useSandbox, waitFor } from './helpers';

/**
 * Every SDK build, in real Chromium, uploading to the sandbox: each major with Session Replay
 * uploads a view and a decodable segment under the SDK's own ids, and the sandbox names the SDK
 * version that sent them; rum-slim uploads views only. One browser, pages in turn.
 */

const browser = useBrowserForFile();

interface Started {
  version: string;
  application_id: string;
  session_id: string;
  view: { id: string; url: string };
}

/** The SDK's version and ids for the current view, once init has started one. */
async function started(page: Page): Promise<Started> {
  const handle = await page.waitForFunction(() => {
    const rum = (window as unknown as { DD_RUM: { version: string; getInternalContext(): unknown } }).DD_RUM;
    const ctx = rum.getInternalContext() as Omit<Started, 'version'> | undefined;
    return ctx?.view ? { ...ctx, version: rum.version } : undefined;
  });
  return (await handle.jsonValue()) as Started;
}

/**
 * Opens the build's script page in a fresh context (its own session store), clicks, and leaves:
 * leaving flushes the RUM batch and the current segment at once. From v5 a segment is uploaded
 * within 5 s of its first record; it is awaited before leaving, since a segment still being
 * compressed as the page unloads can be lost. v4 holds it up to 30 s, so only leaving flushes it,
 * after a moment for its worker to compress the first records.
 */
async function visit(sandbox: Sandbox, build: RumBuild, withReplay: boolean): Promise<Started> {
  const context = await browser().newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${sandbox.url}${rumPagePath(build, 'script')}`);
    const ctx = await started(page);
    await page.getByRole('button', { name: 'Click me' }).click();
    if (withReplay && build === 'v4') await page.waitForTimeout(1_000);
    else if (withReplay)
      await waitFor(() => (findIndexedView(sandbox.state(), ctx)?.segments.length ? true : undefined));
    await page.goto(`${sandbox.url}/demo/no-rum.html`);
    return ctx;
  } finally {
    await context.close();
  }
}

test.each(REPLAY_MAJORS)(
  '%s uploads a view and decodable segments, named by its SDK version',
  {
    timeout: 30_000,
  },
  async (build) => {
    const sandbox = await useSandbox();
    const ctx = await visit(sandbox, build, true);
    expect(ctx.version).toMatch(new RegExp(`^${build.slice(1)}\\.`));
    const view = await waitFor(() => {
      const found = findIndexedView(sandbox.state(), ctx);
      return found?.url !== undefined && found.segments.length > 0 ? found : undefined;
    });
    expect(view).toMatchObject({ url: ctx.view.url, has_replay: true, sdk_version: ctx.version });
    const session = sandbox.state().applications[0]?.sessions.find((s) => s.id === ctx.session_id);
    expect(session?.sdk_versions).toEqual([ctx.version]);

    const answer = await api(
      sandbox,
      `/api/v2/rum/replay/sessions/${ctx.session_id}/views/${ctx.view.id}/segments`,
    );
    const segments = (answer.json as { data: { segments: SegmentJson[] } }).data.segments;
    const first = segments[0];
    expect(first).toMatchObject({
      index_in_view: 0,
      has_full_snapshot: true,
      application: { id: ctx.application_id },
      session: { id: ctx.session_id },
      view: { id: ctx.view.id },
    });
    const meta = first?.records.find((record) => record.type === 4);
    expect(meta?.data?.href).toBe(ctx.view.url);
    expect(first?.records.some((record) => record.type === 2)).toBe(true);
  },
);

interface SegmentJson {
  index_in_view: number;
  records: { type: number; data?: { href?: string } }[];
}

test('rum-slim uploads views, named by its SDK version, and no segments', { timeout: 30_000 }, async () => {
  const sandbox = await useSandbox();
  const ctx = await visit(sandbox, 'slim', false);
  const view = await waitFor(() => {
    const found = findIndexedView(sandbox.state(), ctx);
    return found?.url !== undefined ? found : undefined;
  });
  expect(view).toMatchObject({
    url: ctx.view.url,
    has_replay: false,
    sdk_version: ctx.version,
    segments: [],
  });
  expect(ctx.version).toMatch(/^7\./);
});
