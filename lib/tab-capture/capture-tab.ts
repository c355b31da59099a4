import { browser } from 'wxt/browser';
import { browserCaptureDeps } from './browser-deps';
import { type CapturedPage, captureFullPage } from './capture';

/**
 * Capture the tab the person acts on. `captureVisibleTab` pictures a window's active tab, so the
 * target tab is brought to the front first: when the person clicked the toolbar it already is;
 * when the popup was opened as a page (a separate tab or window) it is not. `viewportShot`
 * replaces `captureVisibleTab` while the tab is laid out at another width (DeviceLayoutSession).
 */
export async function captureTab(
  tabId: number,
  onProgress: (sentence: string) => void,
  viewportShot?: () => Promise<string>,
): Promise<CapturedPage> {
  const tab = await browser.tabs.get(tabId);
  if (!tab.active) await browser.tabs.update(tabId, { active: true });
  const deps = browserCaptureDeps(onProgress);
  return captureFullPage(
    tabId,
    tab.windowId,
    viewportShot ? { ...deps, captureVisibleTab: viewportShot } : deps,
  );
}

/** A JPEG as a `data:` URL: how a picture travels through storage and messages. */
export async function blobToDataUrl(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  const CHUNK = 0x8000;
  for (let offset = 0; offset < bytes.length; offset += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + CHUNK));
  }
  return `data:${blob.type};base64,${btoa(binary)}`;
}
