/**
 * What the background and the page controller say to each other. The page side runs in the tab's
 * ISOLATED world (pristine built-ins, shared DOM); its answers still cross a boundary the page can
 * influence (it owns the DOM the numbers come from), so the background parses every answer with
 * answer-schemas.ts. This module has no zod so that the content script stays small.
 */

/** The key under which the controller lives on the isolated world's globalThis (`Symbol.for`). */
export const PAGE_CONTROLLER_KEY = 'heatmap-snapshots/tab-capture';

/** The built content script (entrypoints/tab-capture.content.ts), as `scripting.executeScript` wants it. */
export const PAGE_CONTROLLER_FILE = '/content-scripts/tab-capture.js';

export type PageCommand =
  /** Remember the scroll position and styles to restore, then report the page's geometry. */
  | { kind: 'measure' }
  /** Scroll to `y` (x = 0), hide fixed elements if asked, wait until painted. */
  | { kind: 'scroll'; y: number; hideFixed: boolean }
  /** Put every touched style and the scroll position back. Safe to send more than once. */
  | { kind: 'restore' };

/** The controller never throws across the boundary (Chrome drops injected errors); it answers this. */
export type PageAnswer = { ok: true; value: unknown } | { ok: false; error: string };
