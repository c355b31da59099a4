import { expect, type Page, type Worker } from '@playwright/test';
import type { Sandbox, SandboxState } from '../sandbox/server';
import { goToProduct42, internalContext, sandboxView } from '../test/e2e/page';
import { openPopupFor } from '../test/harness/browser';
import { type BrowserBench, launchExtension, RUNS } from './browser-session';
import { openDemo } from './popup-open';
import { type Figure, ratioFigure } from './stats';

/**
 * Figure 2: a save's own overhead, click → snapshot stored in the sandbox, against the same API
 * requests made directly with `fetch` from the service worker. The sandbox's deliberate ingestion
 * delay is 0 and each run clicks only once the page's replay covers the detected moment, so neither
 * the delay nor the SDK's upload period is part of the time: nothing is left to subtract. Both are
 * timed in the browser's clock from their start (the click as the popup sees it; the worker's
 * first `fetch`) to the snapshot stored, so neither counts the harness's calls into the browser.
 */

const GOAL = 1.1;

/** Epoch milliseconds, sub-millisecond: comparable with `performance.timeOrigin + performance.now()` in the browser. */
const epochNow = () => performance.timeOrigin + performance.now();
const POLL_MS = 5;

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Waits until the sandbox holds replay of the view up to `moment` (moving the mouse makes records). */
export async function replayCovers(
  sandbox: Sandbox,
  page: Page,
  viewId: string,
  moment: number,
): Promise<void> {
  const covered = (state: SandboxState) =>
    (sandboxView(state, viewId)?.segments ?? []).some((segment) => segment.end >= moment);
  const deadline = performance.now() + 30_000;
  for (let step = 0; !covered(sandbox.state()); step++) {
    if (performance.now() > deadline) throw new Error('The demo page’s replay never reached the moment');
    await page.mouse.move(100 + (step % 50) * 4, 200);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What a save sent, as `METHOD path` in order: the baseline sends the same. */
type Sent = { method: string; path: string }[];

/**
 * The same requests from the worker with `fetch`; a POST sends the body the save sent, renamed.
 * Resolves with the moment (epoch ms, the browser's clock) the first request was about to leave.
 */
async function sendDirectly(
  serviceWorker: Worker,
  sandbox: Sandbox,
  sent: Sent,
  body: unknown,
): Promise<number> {
  return serviceWorker.evaluate(
    async ({ base, keys, sent, body }) => {
      const startedAt = performance.timeOrigin + performance.now();
      for (const { method, path } of sent) {
        const response = await fetch(`${base}${path}`, {
          method,
          headers: {
            Accept: 'application/json',
            'DD-API-KEY': keys.api,
            'DD-APPLICATION-KEY': keys.app,
            ...(method === 'POST' ? { 'Content-Type': 'application/json' } : {}),
          },
          ...(method === 'POST' ? { body: JSON.stringify(body) } : {}),
        });
        await response.arrayBuffer();
      }
      return startedAt;
    },
    { base: sandbox.url, keys: { api: sandbox.apiKey, app: sandbox.appKey }, sent, body },
  );
}

export async function measureSaveOverhead(bench: BrowserBench): Promise<Figure[]> {
  const { sandbox } = bench;
  sandbox.clearFaults();
  const session = await launchExtension(bench);
  try {
    const page = await goToProduct42(await openDemo(session, bench));
    const viewId = (await internalContext(page)).view?.id ?? '';
    const saves: number[] = [];
    const direct: number[] = [];
    let sent: Sent = [];
    for (let run = 0; run < RUNS; run++) {
      const popup = await openPopupFor(session.context, session.serviceWorker, session.extensionId, page);
      const save = popup.getByRole('button', { name: 'Save snapshot' });
      await expect(save).toBeEnabled();
      await replayCovers(sandbox, page, viewId, Date.now());
      const stored = sandbox.state().snapshots.length;
      const requestsBefore = sandbox.apiRequests().length;
      let requestsAtStored = requestsBefore;
      // Timed from the click as the popup sees it: the harness's own calls (locating the button,
      // dispatching) are not the save's time, as the baseline's `evaluate` call is not its time.
      await popup.evaluate(() => {
        const at = globalThis as { benchClickAt?: number };
        document.addEventListener(
          'click',
          () => (at.benchClickAt = performance.timeOrigin + performance.now()),
          {
            capture: true,
            once: true,
          },
        );
      });
      await save.dispatchEvent('click');
      await until(() => sandbox.state().snapshots.length > stored, 'the snapshot');
      const storedAt = epochNow();
      requestsAtStored = sandbox.apiRequests().length;
      saves.push(
        storedAt - (await popup.evaluate(() => (globalThis as { benchClickAt?: number }).benchClickAt ?? 0)),
      );
      await popup.close();
      // Only what the save sent up to its snapshot (the popup then lists the view's snapshots).
      sent = sandbox
        .apiRequests()
        .slice(requestsBefore, requestsAtStored)
        .map((line) => {
          const [method = '', path = ''] = line.split(' ');
          return { method, path };
        });
      const last = sandbox.state().snapshots.at(-1);
      const body = {
        data: { type: 'snapshots', attributes: { ...last?.attributes, snapshot_name: `direct ${run}` } },
      };
      const before = sandbox.state().snapshots.length;
      const sentAt = await sendDirectly(session.serviceWorker, sandbox, sent, body);
      await until(() => sandbox.state().snapshots.length > before, 'the direct snapshot');
      direct.push(epochNow() - sentAt);
    }
    return [
      ratioFigure({
        name: 'save overhead: click → snapshot stored',
        baselineLabel: 'the same API requests with fetch from the worker',
        value: saves,
        baseline: direct,
        unit: 'ms',
        goal: GOAL,
      }),
    ].map((figure) => ({
      ...figure,
      note: `requests: ${sent.map((r) => `${r.method} …${r.path.slice(-12)}`).join(', ')}`,
    }));
  } finally {
    await session.context.close();
  }
}
