import type { RawPage } from './page-info';

/**
 * The page part of the probe: what every provider shares (URL, layout size, device signals).
 * Runs in the page's MAIN world inside the probe content script, where the page may have
 * replaced any built-in: every read is guarded and only bounded primitives come back.
 */
export function probePage(win: Window): RawPage {
  const MAX_STRING = 5000;
  function attempt<T>(fallback: T, get: () => T): T {
    try {
      return get();
    } catch {
      return fallback;
    }
  }
  function text(get: () => unknown): string | null {
    return attempt(null, () => {
      const value = get();
      return typeof value === 'string' ? value.slice(0, MAX_STRING) : null;
    });
  }
  function count(get: () => unknown): number | null {
    return attempt(null, () => {
      const value = get();
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    });
  }
  return {
    href: text(() => win.location.href),
    userAgent: text(() => win.navigator.userAgent),
    maxTouchPoints: count(() => win.navigator.maxTouchPoints),
    coarsePointer: attempt(null, () => {
      const matches = win.matchMedia('(pointer: coarse)').matches;
      return typeof matches === 'boolean' ? matches : null;
    }),
    viewport: { width: count(() => win.innerWidth), height: count(() => win.innerHeight) },
    screen: { width: count(() => win.screen.width), height: count(() => win.screen.height) },
  };
}
