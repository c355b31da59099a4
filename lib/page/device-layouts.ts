import type { DeviceType } from './page-info';

export const DEVICE_LABELS: Record<DeviceType, string> = {
  desktop: 'Desktop',
  tablet: 'Tablet',
  mobile: 'Mobile',
};
export const DEVICE_TYPES = Object.keys(DEVICE_LABELS) as DeviceType[];

/**
 * The layout "Save for all devices" gives the page for each device type: a CSS width and whether
 * the browser emulates a mobile viewport (the page's `<meta name="viewport">`, overlay scrollbars).
 * 1280 is the most common laptop width and above every usual desktop breakpoint; 768 is the
 * classic portrait tablet (iPad) and the usual tablet breakpoint; 375 is the most common phone
 * width (iPhone 6 to 13 mini, many Android phones). The height stays the page's own: heatmaps are
 * split by width, and the height only moves the fold.
 */
export const DEVICE_LAYOUTS: Record<DeviceType, { width: number; mobile: boolean }> = {
  desktop: { width: 1280, mobile: false },
  tablet: { width: 768, mobile: true },
  mobile: { width: 375, mobile: true },
};

/** "Tablet (768 px)": how sentences name a device's layout. */
export function deviceLayoutText(device: DeviceType): string {
  return `${DEVICE_LABELS[device]} (${DEVICE_LAYOUTS[device].width} px)`;
}
