import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import { goToProduct42, internalContext } from '../test/e2e/page';
import { tabIdOf } from '../test/harness/browser';
import { allowKeptNames, type BrowserBench, launchExtension } from './browser-session';
import { openDemo } from './popup-open';
import { replayCovers } from './save-overhead';
import { type Figure, ratioFigure } from './stats';

/**
 * Figure 6: the service worker's JS heap after 100 saves against after 1 save (and after 200
 * against after 100, past the engine's warm-up), each read after a forced GC
 * (`HeapProfiler.collectGarbage`, then `Runtime.getHeapUsage`) on the worker's own CDP target,
 * three readings each. The saves go through the popup's messages (`detect` once, then
 * `datadog:save` and `get-job` until done) from an extension page, with no ingestion delay and the
 * replay already covering the moment, so 100 saves take seconds.
 */

const SAVES = 100;
const READINGS = 3;
const GOAL = 1.1;

/** The worker's CDP target, reached through a page session (Playwright opens sessions on pages only). */
async function workerHeap(context: BrowserContext, page: Page) {
  const cdp: CDPSession = await context.newCDPSession(page);
  const { targetInfos } = await cdp.send('Target.getTargets');
  const worker = targetInfos.find((target) => target.type === 'service_worker');
  if (!worker) throw new Error('No service worker target');
  const { sessionId } = await cdp.send('Target.attachToTarget', {
    targetId: worker.targetId,
    flatten: false,
  });
  let nextId = 0;
  const answers = new Map<number, (result: unknown) => void>();
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message) as { id?: number; result?: unknown };
    if (message.id !== undefined) answers.get(message.id)?.(message.result);
  });
  const call = (method: string) =>
    new Promise<unknown>((resolve) => {
      nextId += 1;
      answers.set(nextId, resolve);
      void cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id: nextId, method }),
      });
    });
  return async (): Promise<number[]> => {
    const readings: number[] = [];
    for (let i = 0; i < READINGS; i++) {
      await call('HeapProfiler.collectGarbage');
      readings.push(((await call('Runtime.getHeapUsage')) as { usedSize: number }).usedSize);
    }
    return readings;
  };
}

/** Declared for the extension page: the message channel the popup's client uses. */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

type Context = Record<string, unknown> & { capturedAt: number };

/** What the popup asks first: the page's Datadog context (its capture moment is now). */
function detectContext(page: Page, tabId: number): Promise<Context> {
  return page.evaluate(async (tabId) => {
    const reply = (await chrome.runtime.sendMessage({ type: 'detect', payload: { tabId } })) as {
      ok: boolean;
      data?: { providers?: { datadog?: { context?: Context } } };
    };
    const context = reply.data?.providers?.datadog?.context;
    if (!context) throw new Error(`No Datadog context detected: ${JSON.stringify(reply).slice(0, 300)}`);
    return context;
  }, tabId);
}

/** `count` saves from the extension page, one after another, each until its job is done. */
function saveFromPage(page: Page, context: Context, from: number, count: number): Promise<void> {
  return page.evaluate(
    async ({ context, from, count }) => {
      const ask = async (type: string, payload: unknown) => {
        const reply = (await chrome.runtime.sendMessage({ type, payload })) as
          | { ok: true; data: Record<string, unknown> }
          | { ok: false; error: string };
        if (!reply.ok) throw new Error(`${type}: ${reply.error}`);
        return reply.data;
      };
      for (let i = from; i < from + count; i++) {
        const input = {
          viewName: context.viewName,
          snapshotName: `bench ${i}`,
          deviceType: context.deviceGuess,
          deviceTypeSelectedByUser: false,
        };
        let job = await ask('datadog:save', { context, input });
        const deadline = performance.now() + 60_000;
        while (job.state !== 'done') {
          if (job.state === 'failed' || performance.now() > deadline)
            throw new Error(`save ${i} did not finish: ${JSON.stringify(job).slice(0, 300)}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
          job = await ask('get-job', { jobId: job.id });
        }
      }
    },
    { context, from, count },
  );
}

export async function measureHeap(bench: BrowserBench): Promise<Figure[]> {
  bench.sandbox.clearFaults();
  const session = await launchExtension(bench);
  try {
    const demo = await goToProduct42(await openDemo(session, bench));
    const viewId = (await internalContext(demo)).view?.id ?? '';
    const tabId = await tabIdOf(session.serviceWorker, demo);
    const page = await session.context.newPage();
    await page.goto(`chrome-extension://${session.extensionId}/bench-blank.html`);
    await allowKeptNames(page);
    const context = await detectContext(page, tabId);
    await replayCovers(bench.sandbox, demo, viewId, context.capturedAt);
    const read = await workerHeap(session.context, page);
    await saveFromPage(page, context, 0, 1);
    const afterOne = await read();
    await saveFromPage(page, context, 1, SAVES - 1);
    const afterAll = await read();
    await saveFromPage(page, context, SAVES, SAVES);
    const afterTwice = await read();
    const stored = bench.sandbox
      .state()
      .snapshots.filter((s) => s.attributes.snapshot_name.startsWith('bench '));
    if (stored.length < 2 * SAVES)
      throw new Error(`Only ${stored.length} of ${2 * SAVES} saves reached the sandbox`);
    // Readings after a forced GC, not runs: none is a warm-up.
    const heapFigure = (name: string, baselineLabel: string, value: number[], baseline: number[]) =>
      ratioFigure({
        name,
        baselineLabel,
        value,
        baseline,
        unit: 'B',
        goal: GOAL,
        goalLabel: `≤ ${GOAL}× (noise)`,
        warmUp: 0,
      });
    return [
      heapFigure(`service-worker heap after ${SAVES} saves`, 'after 1 save', afterAll, afterOne),
      // The first saves also grow the heap with the engine's own warm-up (compiled code, type
      // feedback); a leak keeps growing after it, so the next 100 saves tell the two apart.
      heapFigure(
        `service-worker heap after ${2 * SAVES} saves`,
        `after ${SAVES} saves`,
        afterTwice,
        afterAll,
      ),
    ];
  } finally {
    await session.context.close();
  }
}
