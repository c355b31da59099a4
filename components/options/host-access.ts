import { browser } from 'wxt/browser';

/**
 * Make sure the extension may reach a custom API host (the manifest only grants the providers'
 * own hosts). `url` is the custom host, or null when none is needed. Resolves true when no
 * permission is needed or it is granted.
 *
 * Call it synchronously from the click/submit handler, before any await: browsers show the
 * permission prompt only during a user gesture. The request is the first statement, so it runs
 * in the caller's tick. The pattern has no port: match patterns cannot carry one in Firefox, and
 * without one they cover every port.
 */
export async function ensureHostAccess(url: URL | null): Promise<boolean> {
  if (url === null) return true;
  const origins = [`${url.protocol}//${url.hostname}/*`];
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
