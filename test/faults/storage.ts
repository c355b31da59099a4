import type { Page } from '@playwright/test';

/**
 * "Storage write failing" without a hook in the extension: fill `chrome.storage.local` to its quota
 * (10 MB without `unlimitedStorage`) from one of the extension's own pages, so the extension's next
 * writes there (its jobs, lib/storage/items.ts) are refused with "quota exceeded"; then free it.
 * Evaluated in an extension page, where `chrome.storage` exists without waking the service worker.
 */

const FILL_PREFIX = 'fault-campaign-fill:';

declare const chrome: {
  storage: {
    local: {
      set(items: Record<string, unknown>): Promise<void>;
      get(keys: null | string[]): Promise<Record<string, unknown>>;
      getKeys(): Promise<string[]>;
      remove(keys: string[]): Promise<void>;
      getBytesInUse(keys: null): Promise<number>;
    };
  };
};

/** Fills the quota down to a few bytes; returns the bytes left free (by Chromium's count). */
export async function fillStorage(extensionPage: Page): Promise<number> {
  return extensionPage.evaluate(async (prefix) => {
    let n = 0;
    // Halving chunks: each size is written until refused, leaving less room than the next smaller one.
    for (let size = 1 << 20; size >= 1; size >>= 2) {
      const chunk = 'x'.repeat(size);
      for (;;) {
        try {
          await chrome.storage.local.set({ [`${prefix}${n++}`]: chunk });
        } catch {
          break;
        }
      }
    }
    return 10_485_760 - (await chrome.storage.local.getBytesInUse(null));
  }, FILL_PREFIX);
}

export async function freeStorage(extensionPage: Page): Promise<void> {
  await extensionPage.evaluate(async (prefix) => {
    const keys = (await chrome.storage.local.getKeys()).filter((key) => key.startsWith(prefix));
    await chrome.storage.local.remove(keys);
  }, FILL_PREFIX);
}

/**
 * Every stored job (`job:<id>` items, lib/storage/items.ts) as stored; by key first, so the
 * megabytes of a fill are never read.
 */
export async function storedJobs(extensionPage: Page): Promise<Record<string, unknown>[]> {
  return extensionPage.evaluate(async () => {
    const keys = (await chrome.storage.local.getKeys()).filter(
      (key) => key.startsWith('job:') && !key.endsWith('$'),
    );
    return Object.values(await chrome.storage.local.get(keys)) as Record<string, unknown>[];
  });
}
