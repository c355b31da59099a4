import { browser } from 'wxt/browser';
import { sleep } from '@/lib/time';
import type { CaptureDeps } from './capture';

/** The real browser behind captureFullPage's dependencies, for the background service worker. */
export function browserCaptureDeps(onProgress: (sentence: string) => void): CaptureDeps {
  return {
    executeScript: (injection) =>
      browser.scripting.executeScript(injection as Parameters<typeof browser.scripting.executeScript>[0]),
    captureVisibleTab: (windowId) => browser.tabs.captureVisibleTab(windowId, { format: 'png' }),
    isFrontTab: async (tabId, windowId) =>
      (await browser.tabs.query({ active: true, windowId })).some((tab) => tab.id === tabId),
    sleep,
    now: () => performance.now(),
    onProgress,
  };
}
