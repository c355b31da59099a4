import { expect, type Page } from '@playwright/test';
import { goToProduct42 } from '../test/e2e/page';
import { openPopupFor } from '../test/harness/browser';
import { type BrowserBench, type ExtensionSession, launchExtension, RUNS, timed } from './browser-session';
import { type Figure, ratioFigure } from './stats';

/**
 * Figure 1: opening the popup until the detected context is rendered and "Save snapshot" can be
 * clicked, against the e2e build's blank preact page (entrypoints/bench-blank) opened the same way:
 * a new page, the popup's size, its URL. The two alternate, so both see the same machine load.
 */

const GOAL = 1.2;

async function openBlank({ context, extensionId }: ExtensionSession): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 380, height: 720 });
  await page.goto(`chrome-extension://${extensionId}/bench-blank.html`);
  await expect(page.getByRole('button', { name: 'Ready' })).toBeEnabled();
  return page;
}

async function openPopup(session: ExtensionSession, target: Page): Promise<Page> {
  const popup = await openPopupFor(session.context, session.serviceWorker, session.extensionId, target);
  await expect(popup.getByRole('region', { name: 'Detected' }).first()).toBeVisible();
  await expect(popup.getByRole('button', { name: 'Save snapshot' })).toBeEnabled();
  return popup;
}

export async function measurePopupOpen(bench: BrowserBench): Promise<Figure[]> {
  const session = await launchExtension(bench);
  try {
    const target = await goToProduct42(await openDemo(session, bench));
    const popup: number[] = [];
    const blank: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      let opened: Page | undefined;
      blank.push(await timed(async () => (opened = await openBlank(session))));
      await opened?.close();
      popup.push(await timed(async () => (opened = await openPopup(session, target))));
      await opened?.close();
    }
    return [
      ratioFigure({
        name: 'popup open → detected context rendered and "Save snapshot" usable',
        baselineLabel: 'blank preact page',
        value: popup,
        baseline: blank,
        unit: 'ms',
        goal: GOAL,
      }),
    ];
  } finally {
    await session.context.close();
  }
}

/** The demo SPA in a new tab of the session's browser. */
export async function openDemo(
  session: ExtensionSession,
  bench: BrowserBench,
  path = '/demo/',
): Promise<Page> {
  const page = await session.context.newPage();
  await page.goto(`${bench.sandbox.url}${path}`);
  return page;
}
