import { expect, type Frame, type Page } from '@playwright/test';
import type { SandboxState } from '../../sandbox/server';

/** What the real SDK says about itself in the page: the ground truth the extension must match. */
export interface InternalContext {
  application_id: string;
  session_id: string;
  view?: { id: string; url: string; name?: string };
}

/** Read from the page's top frame, or from one of its frames (an SDK that runs only in a frame). */
export async function internalContext(page: Page | Frame): Promise<InternalContext> {
  const handle = await page.waitForFunction(() => {
    const rum = (window as { DD_RUM?: { getInternalContext?: () => unknown } }).DD_RUM;
    const context =
      typeof rum?.getInternalContext === 'function'
        ? (rum.getInternalContext() as { view?: unknown })
        : undefined;
    return context?.view ? context : undefined;
  });
  return (await handle.jsonValue()) as InternalContext;
}

/** The session's `created` time from the SDK's session store: `_dd_s_v2` (v7) or `_dd_s` (v4–v6), cookie or localStorage. */
export async function sessionCreated(page: Page): Promise<number> {
  const store = await page.evaluate(() => {
    for (const name of ['_dd_s_v2', '_dd_s']) {
      const cookie = document.cookie.split('; ').find((entry) => entry.startsWith(`${name}=`));
      const value = cookie ? decodeURIComponent(cookie.slice(name.length + 1)) : localStorage.getItem(name);
      if (value) return value;
    }
    return null;
  });
  const created = new URLSearchParams(store ?? '').get('created');
  if (!created) throw new Error(`No session store in the page (${store})`);
  return Number(created);
}

/** On the demo SPA, move to a product page through its client-side router, as a person would. */
export async function goToProduct42(page: Page): Promise<Page> {
  await internalContext(page);
  await page.getByRole('link', { name: 'Product 42' }).click();
  await page.waitForURL('**/demo/products/42');
  await page.waitForFunction(() => {
    const rum = (window as { DD_RUM?: { getInternalContext?: () => { view?: { url: string } } | undefined } })
      .DD_RUM;
    return rum?.getInternalContext?.()?.view?.url.endsWith('/demo/products/42');
  });
  return page;
}

/** The sandbox's record of a view, with its segments (metadata only). */
export function sandboxView(state: SandboxState, viewId: string) {
  for (const application of state.applications) {
    for (const session of application.sessions) {
      const view = session.views.find((candidate) => candidate.id === viewId);
      if (view) return view;
    }
  }
  return undefined;
}

/** Click "Save snapshot" and wait for the popup to report the save; returns the status region. */
export async function saveFromPopup(popup: Page) {
  await popup.getByRole('button', { name: 'Save snapshot' }).click();
  const saved = popup.getByRole('status').filter({ hasText: 'Saved' });
  // Generous: a save waits up to 20 s for the replay to reach the capture moment.
  await expect(saved).toBeVisible({ timeout: 60_000 });
  return saved;
}

/** Waits until the page's posthog-js has loaded (`posthog.__loaded`). */
export async function posthogLoaded(page: Page): Promise<void> {
  await page.waitForFunction(
    () => (window as { posthog?: { __loaded?: boolean } }).posthog?.__loaded === true,
  );
}

/** On the demo's login page, log in and wait for the account page it leads to. */
export async function logInToDemoAccount(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL('**/demo/account.html');
}
