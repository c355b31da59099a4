import { browser } from 'wxt/browser';
import { DEVICE_LAYOUTS } from '@/lib/page/device-layouts';
import type { DeviceType } from '@/lib/page/page-info';

/** A tab laid out at chosen device widths until `end`, which puts it back as it was. */
export interface DeviceLayoutSession {
  apply(device: DeviceType, height: number): Promise<void>;
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
    async apply(device, height) {
      const { width, mobile } = DEVICE_LAYOUTS[device];
      // deviceScaleFactor 0: keep the screen's own pixel ratio.
      await api.sendCommand(target, 'Emulation.setDeviceMetricsOverride', {
        width,
        height,
        deviceScaleFactor: 0,
        mobile,
      });
    },
    async end() {
      try {
        await api.sendCommand(target, 'Emulation.clearDeviceMetricsOverride');
      } finally {
        await api.detach(target);
      }
    },
  };
}
