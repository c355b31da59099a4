import { browser } from 'wxt/browser';
import { messageOf } from '@/lib/errors';
import type { PageProblem } from '@/lib/messages/protocol';
import type { FrameAnswer } from '@/lib/page/frame-offers';
import type { PageTarget } from '@/lib/page/target';
import { TIMED_OUT, withTimeout } from '@/lib/time';

/** A busy or hostile page (a getter that loops) must not leave the popup waiting. */
const PAGE_ANSWER_TIMEOUT_MS = 5_000;

type PageResult = { ok: true; value: unknown } | { ok: false; problem: PageProblem };
type FramesResult = { ok: true; value: FrameAnswer[] } | { ok: false; problem: PageProblem };
/** `executeScript`'s target: the top frame, chosen frames, or all of them. */
type InjectionTarget = Browser.scripting.InjectionTarget;

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

function pageProblem(kind: PageProblem['kind'], detail?: string): PageProblem {
  const message = detail ? `${MESSAGES[kind].replace(/\.$/, '')} (${detail.slice(0, 200)}).` : MESSAGES[kind];
  return { kind, message };
}

type Injection = { file: ScriptPublicPath; world: 'MAIN' | 'ISOLATED' };

/**
 * Inject one content-script file where `target` says and return each frame's answer: how the
 * probes and "Start recording" reach a page, only when the person acts (popup, context menu,
 * shortcut, which grant `activeTab`). Nothing stays behind in the page. The same checks, timeout
 * and problem kinds hold for one frame and for all. (The tab capture drives its own controller:
 * lib/tab-capture/.)
 */
async function inject(target: InjectionTarget, injection: Injection): Promise<FramesResult> {
  let url: string | undefined;
  try {
    // Hidden (undefined) without access to the tab; throws when the tab is gone.
    url = (await browser.tabs.get(target.tabId)).url;
  } catch {
    return { ok: false, problem: pageProblem('tab-gone') };
  }
  if (url !== undefined && RESTRICTED_URL.test(url)) return { ok: false, problem: pageProblem('restricted') };

  try {
    const outcome = await withTimeout(
      browser.scripting.executeScript({ target, world: injection.world, files: [injection.file] }),
      PAGE_ANSWER_TIMEOUT_MS,
    );
    if (outcome === TIMED_OUT) return { ok: false, problem: pageProblem('timeout') };
    return { ok: true, value: outcome.map(({ frameId, result }) => ({ frameId, result })) };
  } catch (error) {
    // Without host access the tab's URL is hidden from us: that is the reason, whatever the text says.
    if (url === undefined) return { ok: false, problem: pageProblem('no-access') };
    return { ok: false, problem: pageProblem('failed', messageOf(error)) };
  }
}

/** Run the file in the target's frame (the top frame unless `frameId` is given) and return its value. */
export async function runInPage(target: PageTarget, injection: Injection): Promise<PageResult> {
  const { tabId, frameId } = target;
  const answer = await inject(frameId === undefined ? { tabId } : { tabId, frameIds: [frameId] }, injection);
  return answer.ok ? { ok: true, value: answer.value[0]?.result } : answer;
}

/** Run the file in every frame of the tab the extension may reach; one answer per frame. */
export function runInAllFrames(tabId: number, injection: Injection): Promise<FramesResult> {
  return inject({ tabId, allFrames: true }, injection);
}
