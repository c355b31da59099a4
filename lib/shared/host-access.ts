import { browser } from 'wxt/browser';
import { checkApiUrl, hostPermissionPattern } from './api-url';
import { defaultHttpDependencies, RefusedBeforeSending } from './http';

/**
 * The background's one gate in front of every request that carries keys: the address must pass
 * the API-URL rule and the browser must hold the host permission for it, checked again before
 * each request (a person can withdraw a permission at any time, and a refused prompt must never
 * be followed by keys going there anyway). Both providers' clients get their `fetch` through here.
 */

/** Whether the extension may reach `url`'s host; injectable for tests. */
export type HostAccessCheck = (url: URL) => Promise<boolean>;

export const hasHostPermission: HostAccessCheck = async (url) => {
  try {
    return await browser.permissions.contains({ origins: [hostPermissionPattern(url)] });
  } catch {
    return false;
  }
};

/** A request refused before anything was sent. */
export class HostAccessError extends RefusedBeforeSending {
  readonly kind = 'host-access';
}

/**
 * Why keys must not be sent to `baseUrl`, as a sentence saying what to do; null when they may.
 * `provider` names whose keys they are (“Datadog”).
 */
export async function hostAccessProblem(
  baseUrl: string,
  provider: string,
  hasAccess: HostAccessCheck = hasHostPermission,
): Promise<string | null> {
  const checked = checkApiUrl(baseUrl, 'The API URL');
  if (!checked.ok) {
    return `Your ${provider} keys were not sent: ${checked.problem}. Correct it in the extension settings.`;
  }
  if (await hasAccess(checked.url)) return null;
  return `Your ${provider} keys were not sent: the extension has no permission to reach ${checked.url.host}. Open the extension settings, Save and allow access when asked (or use ${provider}’s own address).`;
}

/**
 * `fetch` for a client of `baseUrl`: each request must go to that origin and pass
 * `hostAccessProblem` at the moment it is sent, or it is refused (thrown, so nothing is sent).
 */
export function guardedFetch(
  baseUrl: string,
  provider: string,
  hasAccess: HostAccessCheck = hasHostPermission,
  inner: typeof fetch = defaultHttpDependencies.fetch,
): typeof fetch {
  return async (input, init) => {
    const target = input instanceof Request ? input.url : String(input);
    let sameOrigin = false;
    try {
      sameOrigin = new URL(target).origin === new URL(baseUrl).origin;
    } catch {
      // Not a URL: refused below.
    }
    if (!sameOrigin) {
      throw new HostAccessError(`Your ${provider} keys were not sent: the request was not to ${baseUrl}.`);
    }
    const problem = await hostAccessProblem(baseUrl, provider, hasAccess);
    if (problem !== null) throw new HostAccessError(problem);
    return inner(input, init);
  };
}
