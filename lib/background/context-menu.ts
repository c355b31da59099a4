import { browser } from 'wxt/browser';

const MENU_ID = 'save-heatmap-snapshot';

/** "Save heatmap snapshot" on the page's context menu. Clicking it grants `activeTab`, like the toolbar. */
export function registerContextMenu(): void {
  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create({
      id: MENU_ID,
      title: 'Save heatmap snapshot',
      contexts: ['page', 'frame', 'selection', 'link', 'image'],
    });
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== MENU_ID || tab?.id === undefined) return;
    void openPopupFor(tab.id, tab.windowId);
  });
}

/** The toolbar popup when the browser lets us open it; otherwise the same page in a small window. */
async function openPopupFor(tabId: number, windowId: number | undefined): Promise<void> {
  try {
    await (
      browser.action as unknown as { openPopup: (options?: { windowId?: number }) => Promise<void> }
    ).openPopup(windowId === undefined ? undefined : { windowId });
  } catch {
    await browser.windows.create({
      url: browser.runtime.getURL(`/popup.html?tabId=${tabId}`),
      type: 'popup',
      width: 400,
      height: 640,
    });
  }
}
