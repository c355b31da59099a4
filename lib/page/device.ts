import type { DeviceType } from './page-info';

export interface DeviceSignals {
  userAgent: string;
  maxTouchPoints: number;
  /** `matchMedia('(pointer: coarse)').matches`: the primary pointer is a finger. */
  coarsePointer: boolean;
  viewport: { width: number; height: number };
  screen: { width: number; height: number };
}

/** Below these short-side widths (CSS px) a touch-first device is a phone, then a tablet. */
const MOBILE_MAX_SHORT_SIDE = 600;
const TABLET_MAX_SHORT_SIDE = 1100;

/** What the user agent says outright; null when it does not name a device class. */
function deviceFromUserAgent(userAgent: string, maxTouchPoints: number): DeviceType | null {
  if (/iPhone|iPod/.test(userAgent)) return 'mobile';
  if (/iPad/.test(userAgent)) return 'tablet';
  if (/Android/.test(userAgent)) return /Mobile/.test(userAgent) ? 'mobile' : 'tablet';
  if (/Tablet/.test(userAgent)) return 'tablet';
  if (/Mobi/.test(userAgent)) return 'mobile';
  // iPadOS Safari sends a desktop Mac user agent; only the touch points give it away.
  if (/Macintosh/.test(userAgent) && maxTouchPoints > 1) return 'tablet';
  return null;
}

function shortSide({ viewport, screen }: DeviceSignals): number {
  const fromScreen = Math.min(screen.width, screen.height);
  return fromScreen > 0 ? fromScreen : Math.min(viewport.width, viewport.height);
}

/**
 * Datadog's heatmaps are split by device type; this is the type the page most likely reports.
 * Size only decides for a coarse (finger) primary pointer: touch laptops have touch points too
 * but a fine primary pointer, and are desktops.
 */
export function guessDeviceType(signals: DeviceSignals): DeviceType {
  const fromUserAgent = deviceFromUserAgent(signals.userAgent, signals.maxTouchPoints);
  if (fromUserAgent) return fromUserAgent;
  if (signals.coarsePointer) {
    const side = shortSide(signals);
    if (side > 0 && side < MOBILE_MAX_SHORT_SIDE) return 'mobile';
    if (side > 0 && side < TABLET_MAX_SHORT_SIDE) return 'tablet';
  }
  return 'desktop';
}
