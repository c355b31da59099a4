import { browser } from 'wxt/browser';
import { DEVICE_LAYOUT_PERMISSION } from '@/lib/manifest';

/** Firefox has no `debugger` API: there no page is laid out at another width. */
export const DEVICE_LAYOUT_SUPPORTED = !import.meta.env.FIREFOX;

/**
 * The optional permission to lay the page out at other widths, asked for within the click (a
 * permission prompt needs the person's gesture).
 */
export async function layoutPermitted(): Promise<boolean> {
  const permissions = { permissions: [DEVICE_LAYOUT_PERMISSION] };
  if (await browser.permissions.contains(permissions)) return true;
  return browser.permissions.request(permissions);
}
