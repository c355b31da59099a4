import type { DeviceType } from './page-info';

export const DEVICE_LABELS: Record<DeviceType, string> = {
  desktop: 'Desktop',
  tablet: 'Tablet',
  mobile: 'Mobile',
};
export const DEVICE_TYPES = Object.keys(DEVICE_LABELS) as DeviceType[];

/** A page laid out at a CSS width, as a phone or tablet (mobile viewport) or not. */
export interface DeviceLayout {
  width: number;
  mobile: boolean;
}

/**
 * Narrower than this, a layout emulates a mobile viewport (the page's `<meta name="viewport">`,
 * overlay scrollbars): 1024 is the usual desktop breakpoint, so tablets in portrait and phones
 * lay out as touch devices and anything wider as a desktop. The one rule for every width laid out.
 */
const MOBILE_BELOW_WIDTH = 1024;

export function layoutAtWidth(width: number): DeviceLayout {
  return { width, mobile: width < MOBILE_BELOW_WIDTH };
}

/**
 * The layout "Save for all devices" gives the page for each device type.
 * 1280 is the most common laptop width and above every usual desktop breakpoint; 768 is the
 * classic portrait tablet (iPad) and the usual tablet breakpoint; 375 is the most common phone
 * width (iPhone 6 to 13 mini, many Android phones). The height stays the page's own: heatmaps are
 * split by width, and the height only moves the fold.
 */
export const DEVICE_LAYOUTS: Record<DeviceType, DeviceLayout> = {
  desktop: layoutAtWidth(1280),
  tablet: layoutAtWidth(768),
  mobile: layoutAtWidth(375),
};

/** "Tablet (768 px)": how sentences name a device's layout. */
export function deviceLayoutText(device: DeviceType): string {
  return `${DEVICE_LABELS[device]} (${DEVICE_LAYOUTS[device].width} px)`;
}
