import { browser } from 'wxt/browser';

/**
 * The tab the popup acts on: `?tabId=N` when given (tests open the popup as a page, where the
 * "active tab" would be the popup itself), else the active tab of the current window.
 */
export async function targetTabId(): Promise<number> {
  const fromUrl = new URLSearchParams(location.search).get('tabId');
  if (fromUrl !== null && /^\d+$/.test(fromUrl)) return Number(fromUrl);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) throw new Error('There is no tab to look at in this window.');
  return tab.id;
}

/** Open the options page (in a tab, see the options entrypoint's manifest meta). */
export function openSettings() {
  void browser.runtime.openOptionsPage();
}
