import { PAGE_CONTROLLER_KEY, type PageAnswer, type PageCommand } from './protocol';
import { type StyledElement, StyleOverrides } from './style-overrides';

/**
 * The page side of a full-page capture, installed by entrypoints/tab-capture.content.ts in the tab's
 * ISOLATED world: the page cannot replace the built-ins used here, but it shares (and owns) the DOM.
 * It measures, scrolls and hides, and remembers everything it changed so `restore` can undo it.
 * The DOM is reached through `PageEnvironment` so the logic is testable without a browser.
 */
export interface PageEnvironment {
  root: StyledElement;
  layoutWidth(): number;
  viewportWidth(): number;
  viewportHeight(): number;
  documentHeight(): number;
  devicePixelRatio(): number;
  scrollPosition(): { x: number; y: number };
  /** Jump, ignoring any `scroll-behavior: smooth` (a smooth scroll would be caught mid-way). */
  scrollTo(x: number, y: number): void;
  visible(): boolean;
  /** Resolve once the tab is shown, or after a short while if it stays hidden. */
  untilVisible(): Promise<void>;
  /** Resolve once what was just changed has been painted. */
  settle(): Promise<void>;
  /** Elements whose computed `position` is fixed or sticky right now. */
  pinnedElements(): { element: StyledElement; position: 'fixed' | 'sticky' }[];
}

export interface PageController {
  run(command: PageCommand): Promise<PageAnswer>;
}

export function createPageController(page: PageEnvironment): PageController {
  const overrides = new StyleOverrides();
  /** Where the person was before the capture started; null when nothing is to be restored. */
  let origin: { x: number; y: number } | null = null;

  // Sticky elements are laid out like relative ones with offsets ignored: unsticking them keeps the
  // layout and shows each one once, at its place in the document, instead of on every slice (or, if
  // hidden like fixed ones, never: a sticky section header in the middle of the page would vanish).
  function pinDown(hideFixed: boolean) {
    for (const { element, position } of page.pinnedElements()) {
      if (position === 'sticky') {
        overrides.override(element, 'position', 'relative');
        for (const side of ['top', 'right', 'bottom', 'left']) overrides.override(element, side, 'auto');
      } else if (hideFixed) {
        overrides.override(element, 'visibility', 'hidden');
      }
    }
  }

  const steps = {
    async measure() {
      // A tab just brought to the front may not have been told yet.
      if (!page.visible()) await page.untilVisible();
      origin ??= page.scrollPosition();
      overrides.override(page.root, 'scroll-behavior', 'auto');
      pinDown(false);
      return {
        layoutWidth: page.layoutWidth(),
        viewportWidth: page.viewportWidth(),
        viewportHeight: page.viewportHeight(),
        documentHeight: page.documentHeight(),
        devicePixelRatio: page.devicePixelRatio(),
        scrollX: origin.x,
        scrollY: origin.y,
        visible: page.visible(),
      };
    },
    async scroll(y: number, hideFixed: boolean) {
      if (!origin) throw new Error('scroll before measure');
      page.scrollTo(0, y);
      await page.settle();
      // After the scroll: pages often turn a header fixed or sticky only once scrolled past it.
      pinDown(hideFixed);
      await page.settle();
      return {
        scrollY: page.scrollPosition().y,
        viewportHeight: page.viewportHeight(),
        visible: page.visible(),
      };
    },
    async restore() {
      try {
        if (origin) page.scrollTo(origin.x, origin.y);
      } finally {
        origin = null;
        overrides.restoreAll();
      }
      return page.scrollPosition();
    },
  };

  return {
    async run(command) {
      try {
        if (command.kind === 'measure') return { ok: true, value: await steps.measure() };
        if (command.kind === 'scroll')
          return { ok: true, value: await steps.scroll(command.y, command.hideFixed) };
        if (command.kind === 'restore') return { ok: true, value: await steps.restore() };
        return { ok: false, error: 'unknown command' };
      } catch (error) {
        return { ok: false, error: String(error instanceof Error ? error.message : error).slice(0, 500) };
      }
    },
  };
}

/** Longest wait for a paint or for the tab to be shown: a hidden tab runs no animation frames. */
const SETTLE_TIMEOUT_MS = 1_000;

export function domEnvironment(window: Window): PageEnvironment {
  const document = window.document;
  const root = document.documentElement;
  return {
    root,
    layoutWidth: () => root.clientWidth,
    viewportWidth: () => window.innerWidth,
    viewportHeight: () => window.innerHeight,
    documentHeight: () => Math.max(root.scrollHeight, document.body?.scrollHeight ?? 0),
    devicePixelRatio: () => window.devicePixelRatio,
    scrollPosition: () => ({ x: window.scrollX, y: window.scrollY }),
    scrollTo: (x, y) => window.scrollTo({ left: x, top: y, behavior: 'instant' }),
    visible: () => document.visibilityState === 'visible',
    untilVisible: () =>
      new Promise((resolve) => {
        const done = () => {
          window.clearTimeout(timer);
          document.removeEventListener('visibilitychange', done);
          resolve();
        };
        const timer = window.setTimeout(done, SETTLE_TIMEOUT_MS);
        document.addEventListener('visibilitychange', done);
      }),
    settle: () =>
      new Promise((resolve) => {
        const timer = window.setTimeout(resolve, SETTLE_TIMEOUT_MS);
        const done = () => {
          window.clearTimeout(timer);
          resolve();
        };
        // Two frames: the first runs before the paint that shows the change, the second after it.
        window.requestAnimationFrame(() => window.requestAnimationFrame(done));
      }),
    pinnedElements: () =>
      [...document.querySelectorAll<HTMLElement>('body *')].flatMap((element) => {
        const { position } = window.getComputedStyle(element);
        return position === 'fixed' || position === 'sticky' ? [{ element, position }] : [];
      }),
  };
}

/** Install the controller once per page (a repeated injection keeps the one holding what to restore). */
export function installPageController(window: Window): void {
  const slot = globalThis as unknown as Record<symbol, PageController | undefined>;
  slot[Symbol.for(PAGE_CONTROLLER_KEY)] ??= createPageController(domEnvironment(window));
}
