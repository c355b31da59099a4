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

/**
 * Open the options page (in a tab, see the options entrypoint's manifest meta). With the page's
 * SDK site, the options page preselects it: the site the app reports to is almost always the one
 * its keys belong to.
 */
export function openSettings(pageSite?: string | null) {
  if (pageSite)
    void browser.tabs.create({
      url: browser.runtime.getURL(`/options.html?site=${encodeURIComponent(pageSite)}`),
    });
  else void browser.runtime.openOptionsPage();
}
