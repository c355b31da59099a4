import { browser } from 'wxt/browser';
import type { DeviceLayout } from '@/lib/page/device-layouts';

/** A tab laid out at chosen widths until `end`, which puts it back as it was. */
export interface DeviceLayoutSession {
  apply(layout: DeviceLayout, height: number): Promise<void>;
  /**
   * A PNG `data:` URL of the tab's viewport as laid out now, through the same session
   * (`Page.captureScreenshot`). Not `tabs.captureVisibleTab`: that pictures the window's last
   * composited frame, and in Chromium its first picture after the layout still showed the window
   * at its own width (1280 px, seen even 1.5 s after the override), while CDP renders the tab's
   * emulated viewport itself.
   */
  captureViewport(): Promise<string>;
  /** Clears the layout and lets go of the tab; safe to call after a failed `apply`. */
  end(): Promise<void>;
}

/** The CDP version `debugger.attach` asks for (every Chromium since 2017 speaks it). */
const PROTOCOL_VERSION = '1.3';

/**
 * Device emulation through `chrome.debugger` (optional permission `debugger`, asked for from the
 * popup's click): `Emulation.setDeviceMetricsOverride` lays the page out at exact widths, with the
 * mobile flag, without touching the person's window; clearing the override and detaching puts the
 * page back. Throws when the browser has no `debugger` API (Firefox) or the permission is missing.
 */
export async function openDebuggerLayout(tabId: number): Promise<DeviceLayoutSession> {
  const api = browser.debugger;
  if (api === undefined) throw new Error('This browser cannot lay a page out at another width.');
  const target = { tabId };
  await api.attach(target, PROTOCOL_VERSION);
  return {
    async apply({ width, mobile }, height) {
      // deviceScaleFactor 0: keep the screen's own pixel ratio.
      await api.sendCommand(target, 'Emulation.setDeviceMetricsOverride', {
        width,
        height,
        deviceScaleFactor: 0,
        mobile,
      });
      // The page's layout width is then the width itself: a classic scrollbar would take 15 px of it.
      await api.sendCommand(target, 'Emulation.setScrollbarsHidden', { hidden: true });
    },
    async captureViewport() {
      const shot = await api.sendCommand(target, 'Page.captureScreenshot', { format: 'png' });
      const data = (shot as { data?: unknown } | undefined)?.data;
      if (typeof data !== 'string' || data === '')
        throw new Error('The browser gave no picture of the page.');
      return `data:image/png;base64,${data}`;
    },
    async end() {
      try {
        await api.sendCommand(target, 'Emulation.clearDeviceMetricsOverride');
        await api.sendCommand(target, 'Emulation.setScrollbarsHidden', { hidden: false });
      } finally {
        await api.detach(target);
      }
    },
  };
}
