import { PAGE_PROBES } from '@/lib/providers/page-probes';
import { probePage } from './probe';

/**
 * What the probe content script returns to `executeScript`: the page's own signals and each
 * provider's raw findings. One provider's probe failing never hides another's. The page shares
 * this world's built-ins and may have replaced them, so the loop uses neither iterators nor
 * `Object.entries`, and the answer is prototype-less: with `Object.prototype.then` defined, an
 * ordinary object would be a thenable, which the injection's promise would follow (stall or swap).
 */
export function runProbes(win: Window = window): { page: unknown; providers: Record<string, unknown> } {
  // Prototype-less: assigning a provider's key runs no setter the page put on Object.prototype.
  const providers = { __proto__: null } as unknown as Record<string, unknown>;
  for (let index = 0; index < PAGE_PROBES.length; index++) {
    // Indexing, not destructuring: destructuring an array calls its (replaceable) iterator.
    const entry = PAGE_PROBES[index] as (typeof PAGE_PROBES)[number];
    try {
      providers[entry[0]] = entry[1](win);
    } catch {
      providers[entry[0]] = null;
    }
  }
  return { __proto__: null, page: probePage(win), providers } as {
    page: unknown;
    providers: Record<string, unknown>;
  };
}
