import { browser } from 'wxt/browser';
import { hostPermissionPattern } from '@/lib/shared/api-url';

/**
 * Make sure the extension may reach a custom API host (the manifest only grants the providers'
 * own hosts). `url` is the custom host, or null when none is needed. Resolves true when no
 * permission is needed or it is granted.
 *
 * Call it synchronously from the click/submit handler, before any await: browsers show the
 * permission prompt only during a user gesture. The request is the first statement, so it runs
 * in the caller's tick. The pattern is the one the background checks before each request.
 */
export async function ensureHostAccess(url: URL | null): Promise<boolean> {
  if (url === null) return true;
  const origins = [hostPermissionPattern(url)];
  try {
    if (await browser.permissions.request({ origins })) return true;
  } catch {
    // The API can throw (no gesture, or a test browser); what counts is whether we have access.
  }
  try {
    return await browser.permissions.contains({ origins });
  } catch {
    return false;
  }
}

/**
 * What the options page says once the prompt for `host` is answered: null when access is there
 * (or no custom host is involved), else that the action was not done and, plainly, that the keys
 * will not go there (the background also refuses, before every request).
 */
export async function hostRefusal(
  hostAccess: Promise<boolean>,
  host: URL | null,
  action: 'save' | 'test',
): Promise<string | null> {
  if (host === null || (await hostAccess)) return null;
  const done = action === 'save' ? 'Not saved' : 'Not tested';
  return `${done}: the extension was not allowed to reach ${host.host}, so your keys will not be sent there. To use this address, try again and allow access when asked.`;
}
