import type { BrowserContext, CDPSession, Page } from '@playwright/test';

/**
 * Stops the extension's service worker the way Chromium does when it goes idle, without taking
 * the browser down: through the DevTools protocol of an extension page (`ServiceWorker.stopWorker`
 * on the running version). Playwright keeps the same `Worker` object across a restart and gives
 * no event for it, so never evaluate in the worker while it is stopped: wake it through the
 * extension instead (`wake`, or the popup's own polling).
 */
export interface WorkerControl {
  /** Stops the running worker version and waits until Chromium says it stopped. */
  stop(): Promise<void>;
  /** Wakes the worker by messaging it from the extension page, and waits until it runs again. */
  wake(): Promise<void>;
  /** Every status each worker version went through, oldest first. */
  statuses(): Map<string, string[]>;
  detach(): Promise<void>;
}

const WAIT_MS = 10_000;

/** The one extension API used from the page (evaluated there, where `chrome` exists). */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

export async function controlWorker(context: BrowserContext, extensionPage: Page): Promise<WorkerControl> {
  const cdp: CDPSession = await context.newCDPSession(extensionPage);
  const versions = new Map<string, string[]>();
  const listeners = new Set<() => void>();
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions: updated }) => {
    for (const version of updated) {
      versions.set(version.versionId, [...(versions.get(version.versionId) ?? []), version.runningStatus]);
    }
    for (const listener of listeners) listener();
  });
  await cdp.send('ServiceWorker.enable');

  const latest = (id: string) => versions.get(id)?.at(-1);
  const runningVersion = () => [...versions.keys()].find((id) => latest(id) === 'running');
  const until = (met: () => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      if (met()) return resolve();
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`The service worker did not reach "${what}" within ${WAIT_MS / 1000} s.`));
      }, WAIT_MS);
      const check = () => {
        if (!met()) return;
        clearTimeout(timer);
        listeners.delete(check);
        resolve();
      };
      listeners.add(check);
    });

  return {
    async stop() {
      await until(() => runningVersion() !== undefined, 'running');
      const versionId = runningVersion() as string;
      await cdp.send('ServiceWorker.stopWorker', { versionId });
      await until(() => latest(versionId) === 'stopped', 'stopped');
    },
    async wake() {
      // Any message wakes the worker; whether it is answered does not matter here.
      await extensionPage
        .evaluate(() => chrome.runtime.sendMessage({ type: 'wake' }).catch(() => undefined))
        .catch(() => undefined);
      await until(() => runningVersion() !== undefined, 'running');
    },
    statuses: () => new Map(versions),
    detach: () => cdp.detach(),
  };
}
