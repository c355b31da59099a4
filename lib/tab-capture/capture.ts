import type { z } from 'zod/mini';
import { TIMED_OUT, withTimeout } from '@/lib/time';
import {
  type Measurement,
  MeasurementSchema,
  PageAnswerSchema,
  RestoredSchema,
  ScrolledSchema,
} from './answer-schemas';
import { dataUrlToBlob } from './data-url';
import { encodeUnderLimit } from './encode';
import { browserGraphics, type Graphics } from './graphics';
import { planSlices } from './plan';
import { PAGE_CONTROLLER_FILE, PAGE_CONTROLLER_KEY, type PageCommand } from './protocol';
import { CaptureThrottle } from './rate-limit';
import { createStitcher } from './stitch';

/**
 * A full-page picture of a tab as the person sees it (logged in, in the state they clicked into),
 * made in the background from `tabs.captureVisibleTab` while the page controller scrolls the page
 * one viewport at a time. The page is always put back (scroll position, styles), even on failure.
 */
export interface CapturedPage {
  jpeg: Blob;
  /** CSS pixels: the page's layout width (document.documentElement.clientWidth). */
  width: number;
  /** CSS pixels: the height captured (the document's, unless truncated). */
  height: number;
  slices: number;
  /** The document was taller than MAX_CAPTURE_HEIGHT; only its top part is in the picture. */
  truncated: boolean;
  /** JPEG pixels per CSS pixel: 1, or less when the picture had to be shrunk to fit the upload limit. */
  imageScale: number;
}

/** The two ways `scripting.executeScript` is called here (a narrow view of the browser's type). */
export type ControllerInjection =
  | { target: { tabId: number }; files: string[] }
  | {
      target: { tabId: number };
      func: (key: string, command: PageCommand) => unknown;
      args: [string, PageCommand];
    };

export interface CaptureDeps {
  executeScript(injection: ControllerInjection): Promise<{ result?: unknown }[] | undefined>;
  /** PNG data URL of the window's visible tab (or of the tab's viewport while it is laid out at another width). */
  captureVisibleTab(windowId: number): Promise<string>;
  /** Whether the tab is the one in front in its window, i.e. the one captureVisibleTab pictures. */
  isFrontTab(tabId: number, windowId: number): Promise<boolean>;
  sleep(ms: number): Promise<void>;
  /** Monotonic milliseconds (performance.now). */
  now(): number;
  /** A sentence for the person about what is happening. */
  onProgress(sentence: string): void;
  /** Defaults to createImageBitmap + OffscreenCanvas; tests pass fakes. */
  graphics?: Graphics;
}

/** A page step waits at most two paints of 1 s each; anything longer is a page that hangs. */
const PAGE_STEP_TIMEOUT_MS = 5_000;

export async function captureFullPage(
  tabId: number,
  windowId: number,
  deps: CaptureDeps,
): Promise<CapturedPage> {
  const graphics = deps.graphics ?? browserGraphics;
  const page = pageChannel(tabId, deps);
  deps.onProgress('Preparing the page for its picture…');
  let captured: Awaited<ReturnType<typeof captureSlices>>;
  try {
    await page.install();
    captured = await captureSlices(page, windowId, deps, graphics);
  } finally {
    await page.restore();
  }
  deps.onProgress('Compressing the picture…');
  const { jpeg, scale } = await encodeUnderLimit(captured.canvas, graphics);
  return { jpeg, imageScale: scale, ...captured.summary };
}

async function captureSlices(page: PageChannel, windowId: number, deps: CaptureDeps, graphics: Graphics) {
  const measured = await page.send({ kind: 'measure' }, MeasurementSchema);
  requireVisible(measured.visible);
  const plan = planSlices(measured.documentHeight, measured.viewportHeight);
  const stitcher = createStitcher({ ...measured, height: plan.height }, graphics);
  const throttle = new CaptureThrottle(deps);
  for (const [index, slice] of plan.slices.entries()) {
    deps.onProgress(`Taking the page's picture: part ${index + 1} of ${plan.slices.length}…`);
    const scrolled = await page.send(
      { kind: 'scroll', y: slice.scrollY, hideFixed: index > 0 },
      ScrolledSchema,
    );
    requireVisible(scrolled.visible);
    requireSameViewport(measured, scrolled.viewportHeight);
    const screenshot = await throttle.run(() => captureFrontTab(page.tabId, windowId, deps));
    await stitcher.add(slice, scrolled.scrollY, dataUrlToBlob(screenshot));
  }
  return {
    canvas: stitcher.canvas,
    summary: {
      width: stitcher.canvas.width,
      height: plan.height,
      slices: plan.slices.length,
      truncated: plan.truncated,
    },
  };
}

const KEEP_IN_FRONT = 'Keep the tab in front while its picture is taken, then try again.';

// captureVisibleTab takes whatever tab is in front: a tab switched away from would be missed.
function requireVisible(visible: boolean) {
  if (!visible) throw new Error(KEEP_IN_FRONT);
}

/**
 * The screenshot, only if our tab was in front before and after it was taken: otherwise it may show
 * another tab, even another site, which must never be uploaded. (Page visibility alone is not
 * enough: headless Chromium reports every tab visible.)
 */
async function captureFrontTab(tabId: number, windowId: number, deps: CaptureDeps): Promise<string> {
  if (!(await deps.isFrontTab(tabId, windowId))) throw new Error(KEEP_IN_FRONT);
  const screenshot = await deps.captureVisibleTab(windowId);
  if (!(await deps.isFrontTab(tabId, windowId))) throw new Error(KEEP_IN_FRONT);
  return screenshot;
}

function requireSameViewport(measured: Measurement, viewportHeight: number) {
  if (viewportHeight !== measured.viewportHeight)
    throw new Error('The window changed size while the picture was taken. Try again.');
}

type PageChannel = ReturnType<typeof pageChannel>;

/** Talks to the controller in the tab's isolated world, one parsed answer per command. */
function pageChannel(tabId: number, deps: CaptureDeps) {
  const target = { tabId };
  async function send<T>(command: PageCommand, schema: z.ZodMiniType<T>): Promise<T> {
    const results = await withStepTimeout(
      deps.executeScript({ target, func: runControllerCommand, args: [PAGE_CONTROLLER_KEY, command] }),
    );
    const answer = PageAnswerSchema.safeParse(results?.[0]?.result);
    if (!answer.success) throw new Error(`The page did not answer the ${command.kind} step.`);
    if (!answer.data.ok) throw new Error(`The page failed the ${command.kind} step: ${answer.data.error}`);
    const value = schema.safeParse(answer.data.value);
    if (!value.success) throw new Error(`The page answered the ${command.kind} step with unexpected values.`);
    return value.data;
  }
  return {
    tabId,
    send,
    install: () => withStepTimeout(deps.executeScript({ target, files: [PAGE_CONTROLLER_FILE] })),
    /** Best effort, never throws: it runs in a `finally` and must not hide the error that got us there. */
    async restore() {
      try {
        await send({ kind: 'restore' }, RestoredSchema);
      } catch {
        // The tab is gone or navigated away: nothing is left to restore.
      }
    },
  };
}

/** Injected into the page (serialised, so self-contained): runs one command on the controller. */
function runControllerCommand(key: string, command: PageCommand): unknown {
  const controller = (globalThis as unknown as Record<symbol, { run(c: PageCommand): unknown } | undefined>)[
    Symbol.for(key)
  ];
  return controller ? controller.run(command) : { ok: false, error: 'page controller missing' };
}

/** A page step that does not answer within its time is a page that hangs: an error with a sentence. */
async function withStepTimeout<T>(work: Promise<T>): Promise<T> {
  const result = await withTimeout(work, PAGE_STEP_TIMEOUT_MS);
  if (result === TIMED_OUT)
    throw new Error(`The page did not answer within ${PAGE_STEP_TIMEOUT_MS / 1000} s.`);
  return result;
}
