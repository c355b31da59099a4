import { attempt, readNumber, readText } from '@/lib/probe/safe-read';
import type { RawPage } from './page-info';

/**
 * The page part of the probe: what every provider shares (URL, layout size, device signals).
 * Runs in the page's MAIN world inside the probe content script, where the page may have
 * replaced any built-in: every read goes through `lib/probe/safe-read.ts`.
 */
export function probePage(win: Window): RawPage {
  return {
    href: readText(() => win.location.href),
    userAgent: readText(() => win.navigator.userAgent),
    maxTouchPoints: readNumber(() => win.navigator.maxTouchPoints),
    coarsePointer: attempt(null, () => {
      const matches = win.matchMedia('(pointer: coarse)').matches;
      return typeof matches === 'boolean' ? matches : null;
    }),
    viewport: { width: readNumber(() => win.innerWidth), height: readNumber(() => win.innerHeight) },
    screen: { width: readNumber(() => win.screen.width), height: readNumber(() => win.screen.height) },
  };
}
