import { browser } from 'wxt/browser';
import { SAVE_NOW_COMMAND } from '@/lib/manifest';
import type { OneAction } from './one-action';

const MENU_ID = 'save-heatmap-snapshot';

/**
 * "Save heatmap snapshot" on the page's context menu and the "Save heatmap snapshot now" shortcut:
 * both save at once with the popup's defaults (one-action.ts). Either grants `activeTab`, like the
 * toolbar; the outcome comes back as a notification whose click opens the save or the popup.
 */
export function registerOneActionListeners(oneAction: OneAction): void {
  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create({
      id: MENU_ID,
      title: 'Save heatmap snapshot',
      contexts: ['page', 'frame', 'selection', 'link', 'image'],
    });
  });
  const onMenuClicked = (info: { menuItemId: string | number }, tab?: { id?: number }) => {
    if (info.menuItemId !== MENU_ID || tab?.id === undefined) return;
    void oneAction.saveNow(tab.id);
  };
  const onCommand = async (command: string, tab?: { id?: number }) => {
    if (command !== SAVE_NOW_COMMAND) return;
    // Chrome passes the tab; otherwise the active tab of the focused window is the one meant.
    const tabId = tab?.id ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
    if (tabId !== undefined) await oneAction.saveNow(tabId);
  };
  const onNotificationClicked = (notificationId: string) =>
    void oneAction.notificationClicked(notificationId);
  browser.contextMenus.onClicked.addListener(onMenuClicked);
  browser.commands.onCommand.addListener((command, tab) => void onCommand(command, tab));
  browser.notifications.onClicked.addListener(onNotificationClicked);
  browser.notifications.onButtonClicked?.addListener(onNotificationClicked);
  if (import.meta.env.MODE === 'e2e') {
    // Tests cannot click browser chrome, and Chrome's events have no `dispatch`: the e2e build
    // alone keeps the very functions registered above reachable from the service worker's global.
    Object.assign(globalThis, { oneActionListeners: { onMenuClicked, onCommand } });
  }
}

/** The toolbar popup when the browser lets us open it; otherwise the same page in a small window. */
export async function openPopupFor(tabId: number): Promise<void> {
  const { windowId } = await browser.tabs.get(tabId).catch(() => ({ windowId: undefined }));
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
