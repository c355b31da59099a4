import { expect, test } from './fixtures';

/** The slice of the extension API this test calls inside the service worker. */
declare const chrome: {
  contextMenus: { create(item: { id: string; title: string }, done: () => void): void };
  runtime: { lastError?: { message?: string } };
};

test('the "Save heatmap snapshot" context menu item is registered at install', async ({ serviceWorker }) => {
  // Chrome offers no way to list menu items or click one from a test; creating the same id again
  // is refused only if the extension registered it.
  const error = await serviceWorker.evaluate(
    () =>
      new Promise<string | undefined>((resolve) =>
        chrome.contextMenus.create({ id: 'save-heatmap-snapshot', title: 'probe' }, () =>
          resolve(chrome.runtime.lastError?.message),
        ),
      ),
  );
  expect(error).toMatch(/duplicate id save-heatmap-snapshot/i);
});
