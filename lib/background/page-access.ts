import { browser } from 'wxt/browser';
import { messageOf } from '@/lib/errors';
import type { PageProblem } from '@/lib/messages/protocol';

/**
 * The only way the extension touches a web page, and only when the person acts (popup, context
 * menu, shortcut, which grant `activeTab`): a content-script file injected into the top frame on
 * demand, whose return value comes back through `executeScript`. Nothing stays behind in the
 * page. Iframes are not probed: an SDK in an iframe tracks its own views, and the person acts on
 * the page they see.
 */
export const PAGE_ANSWER_TIMEOUT_MS = 5_000;

export type PageResult = { ok: true; value: unknown } | { ok: false; problem: PageProblem };

/** Schemes and hosts no extension may script: answered before trying, without reading error text. */
const RESTRICTED_URL =
  /^(chrome|chrome-extension|chrome-search|chrome-untrusted|devtools|edge|about|moz-extension|view-source|resource):|^https:\/\/(chromewebstore\.google\.com|chrome\.google\.com\/webstore|addons\.mozilla\.org)(\/|$)/i;

const MESSAGES: Record<PageProblem['kind'], string> = {
  timeout: `The page did not answer within ${PAGE_ANSWER_TIMEOUT_MS / 1000} s (it may be busy). Try again.`,
  restricted: 'This is a browser or store page; extensions cannot read it. Open your web app and try again.',
  'no-access':
    'The extension may only read a page when you click its button, use its menu item or its shortcut on that page.',
  'tab-gone': 'That tab is gone. Open the page again.',
  failed: 'The page could not be read.',
};

export function pageProblem(kind: PageProblem['kind'], detail?: string): PageProblem {
  const message = detail ? `${MESSAGES[kind].replace(/\.$/, '')} (${detail.slice(0, 200)}).` : MESSAGES[kind];
  return { kind, message };
}

type Injection = { files: readonly string[]; world: 'MAIN' | 'ISOLATED' };

/** The tab's URL when the extension may see it; `undefined` without access; throws when the tab is gone. */
async function tabUrl(tabId: number): Promise<string | undefined> {
  return (await browser.tabs.get(tabId)).url;
}

/**
 * Run a content-script file in the tab's top frame and return its value. A busy or hostile page
 * (a getter that loops) must not leave the popup waiting: the answer races a timeout.
 */
export async function runInPage(
  tabId: number,
  injection: Injection,
  timeoutMs = PAGE_ANSWER_TIMEOUT_MS,
): Promise<PageResult> {
  let url: string | undefined;
  try {
    url = await tabUrl(tabId);
  } catch {
    return { ok: false, problem: pageProblem('tab-gone') };
  }
  if (url !== undefined && RESTRICTED_URL.test(url)) return { ok: false, problem: pageProblem('restricted') };

  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([
      browser.scripting.executeScript({
        target: { tabId },
        world: injection.world,
        files: [...injection.files] as never,
      }),
      timedOut,
    ]);
    if (outcome === 'timeout') return { ok: false, problem: pageProblem('timeout') };
    return { ok: true, value: outcome[0]?.result };
  } catch (error) {
    // Without host access the tab's URL is hidden from us: that is the reason, whatever the text says.
    if (url === undefined) return { ok: false, problem: pageProblem('no-access') };
    return { ok: false, problem: pageProblem('failed', messageOf(error)) };
  } finally {
    clearTimeout(timer);
  }
}
