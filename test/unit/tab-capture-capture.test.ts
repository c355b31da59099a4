import { describe, expect, it } from 'vitest';
import { type CaptureDeps, type ControllerInjection, captureFullPage } from '@/lib/tab-capture/capture';
import { ENCODING_STEPS, MAX_UPLOAD_BYTES } from '@/lib/tab-capture/encode';
import type { Bitmap, Canvas, Graphics } from '@/lib/tab-capture/graphics';
import { PAGE_CONTROLLER_FILE, type PageCommand } from '@/lib/tab-capture/protocol';
import { CAPTURE_RETRY_WAIT_MS, CAPTURE_SPACING_MS } from '@/lib/tab-capture/rate-limit';

/** A page 2000 CSS px high in a 1280×800 viewport (scrollbar 15 px), at the given pixel ratio. */
const PAGE = {
  layoutWidth: 1265,
  viewportWidth: 1280,
  viewportHeight: 800,
  documentHeight: 2000,
  scrollX: 0,
  scrollY: 640,
  visible: true,
};
const QUOTA_ERROR = new Error('This request exceeds the MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND quota.');

/** The screenshot's "pixels" are its width, carried in the data URL so the fake decoder can read it. */
const screenshotOf = (width: number) => `data:image/png;base64,${btoa(String(width))}`;

interface Draw {
  source: number[];
  target: number[];
}

function harness(options: {
  devicePixelRatio?: number;
  answer?: (command: PageCommand) => unknown;
  capture?: (call: number) => Promise<string>;
  jpegBytes?: (quality: number, pixels: number) => number;
  /** Whether tab 7 is in front, asked before and after each capture (call counts from 1). */
  front?: (call: number) => boolean;
}) {
  const ratio = options.devicePixelRatio ?? 1;
  const log: string[] = [];
  const draws: Draw[] = [];
  const sleeps: number[] = [];
  const captureTimes: number[] = [];
  const progress: string[] = [];
  let clock = 1_000;
  let captures = 0;
  let frontChecks = 0;
  const defaultAnswer = (command: PageCommand): unknown => {
    if (command.kind === 'measure') return { ok: true, value: { ...PAGE, devicePixelRatio: ratio } };
    if (command.kind === 'scroll')
      return { ok: true, value: { scrollY: command.y, viewportHeight: 800, visible: true } };
    return { ok: true, value: { scrollX: 0, scrollY: 640 } };
  };
  const canvas = (width: number, height: number): Canvas => ({
    width,
    height,
    getContext: () => ({
      fillStyle: '',
      imageSmoothingQuality: 'low',
      fillRect: () => {},
      drawImage: (_image, sx, sy, sw, sh, dx, dy, dw, dh) => {
        if (width === Math.round(PAGE.layoutWidth))
          draws.push({ source: [sx, sy, sw, sh], target: [dx, dy, dw, dh] });
      },
    }),
    convertToBlob: async ({ quality }) => {
      log.push(`encode ${quality} ${width}×${height}`);
      const bytes = options.jpegBytes?.(quality, width * height) ?? 1000;
      return new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' });
    },
  });
  const graphics: Graphics = {
    decode: async (image) => {
      const width = Number(await image.text());
      return { width, height: 800 * ratio, close: () => {} } satisfies Bitmap;
    },
    createCanvas: canvas,
  };
  const deps: CaptureDeps = {
    executeScript: async (injection: ControllerInjection) => {
      if ('files' in injection) {
        log.push(`inject ${injection.files.join()}`);
        return [{ result: undefined }];
      }
      const [, command] = injection.args;
      log.push(command.kind === 'scroll' ? `scroll ${command.y} hide=${command.hideFixed}` : command.kind);
      return [{ result: (options.answer ?? defaultAnswer)(command) }];
    },
    captureVisibleTab: async (windowId) => {
      log.push(`capture window ${windowId}`);
      captureTimes.push(clock);
      captures += 1;
      return options.capture ? options.capture(captures) : screenshotOf(1280 * ratio);
    },
    isFrontTab: async (tabId, windowId) => {
      frontChecks += 1;
      return tabId === 7 && windowId === 3 && (options.front?.(frontChecks) ?? true);
    },
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
    onProgress: (sentence) => progress.push(sentence),
    graphics,
  };
  return {
    deps,
    log,
    draws,
    sleeps,
    captureTimes,
    progress,
    defaultAnswer,
    tick: (ms: number) => (clock += ms),
  };
}

describe('captureFullPage', () => {
  it('injects the controller, measures, scrolls and captures each slice, restores, then encodes', async () => {
    const { deps, log } = harness({});
    const page = await captureFullPage(7, 3, deps);
    expect(log).toEqual([
      `inject ${PAGE_CONTROLLER_FILE}`,
      'measure',
      'scroll 0 hide=false',
      'capture window 3',
      'scroll 800 hide=true',
      'capture window 3',
      'scroll 1200 hide=true',
      'capture window 3',
      'restore',
      'encode 0.85 1265×2000',
    ]);
    expect(page).toMatchObject({ width: 1265, height: 2000, slices: 3, truncated: false, imageScale: 1 });
    expect(page.jpeg.type).toBe('image/jpeg');
  });

  it('draws each slice’s new rows at its place, without the scrollbar', async () => {
    const { deps, draws } = harness({});
    await captureFullPage(7, 3, deps);
    expect(draws).toEqual([
      { source: [0, 0, 1265, 800], target: [0, 0, 1265, 800] },
      { source: [0, 0, 1265, 800], target: [0, 800, 1265, 800] },
      { source: [0, 400, 1265, 400], target: [0, 1600, 1265, 400] },
    ]);
  });

  it('reads device pixels at ratio 2 and draws them in CSS pixels', async () => {
    const { deps, draws } = harness({ devicePixelRatio: 2 });
    const page = await captureFullPage(7, 3, deps);
    expect(page.width).toBe(1265);
    expect(draws.at(-1)).toEqual({ source: [0, 800, 2530, 800], target: [0, 1600, 1265, 400] });
  });

  it('spaces captures at least CAPTURE_SPACING_MS apart on the monotonic clock', async () => {
    const { deps, captureTimes } = harness({});
    await captureFullPage(7, 3, deps);
    const gaps = captureTimes.slice(1).map((time, index) => time - (captureTimes[index] ?? 0));
    expect(gaps).toEqual([CAPTURE_SPACING_MS, CAPTURE_SPACING_MS]);
    expect(CAPTURE_SPACING_MS).toBeGreaterThanOrEqual(500);
  });

  it('does not wait when the page itself took longer than the spacing', async () => {
    const state = harness({
      answer: (command) => {
        if (command.kind === 'scroll') state.tick(CAPTURE_SPACING_MS + 1);
        return state.defaultAnswer(command);
      },
    });
    await captureFullPage(7, 3, state.deps);
    expect(state.sleeps).toEqual([]);
  });

  it('retries once after Chrome’s per-second quota refusal', async () => {
    const { deps, sleeps, log } = harness({
      capture: async (call) => {
        if (call === 2) throw QUOTA_ERROR;
        return screenshotOf(1280);
      },
    });
    const page = await captureFullPage(7, 3, deps);
    expect(page.slices).toBe(3);
    expect(sleeps).toContain(CAPTURE_RETRY_WAIT_MS);
    expect(log.filter((line) => line.startsWith('capture'))).toHaveLength(4);
  });

  it('gives up after a second refusal, still restoring the page', async () => {
    const { deps, log } = harness({
      capture: async (call) => {
        if (call >= 2) throw QUOTA_ERROR;
        return screenshotOf(1280);
      },
    });
    await expect(captureFullPage(7, 3, deps)).rejects.toThrow(/MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND/);
    expect(log.filter((line) => line.startsWith('capture'))).toHaveLength(3);
    expect(log.at(-1)).toBe('restore');
  });

  it('does not retry other capture errors', async () => {
    const { deps, log } = harness({
      capture: async () => {
        throw new Error("Either the '<all_urls>' or 'activeTab' permission is required.");
      },
    });
    await expect(captureFullPage(7, 3, deps)).rejects.toThrow(/activeTab/);
    expect(log.filter((line) => line.startsWith('capture'))).toHaveLength(1);
    expect(log.at(-1)).toBe('restore');
  });

  it('restores the page when a page step fails, and reports the page’s reason', async () => {
    const state = harness({
      answer: (command) =>
        command.kind === 'scroll' && command.y > 0
          ? { ok: false, error: 'boom' }
          : state.defaultAnswer(command),
    });
    await expect(captureFullPage(7, 3, state.deps)).rejects.toThrow('The page failed the scroll step: boom');
    expect(state.log.slice(-2)).toEqual(['scroll 800 hide=true', 'restore']);
  });

  it('keeps the original error when restoring fails too', async () => {
    const { deps } = harness({
      answer: (command) => (command.kind === 'measure' ? { ok: true, value: { nonsense: 1 } } : undefined),
    });
    await expect(captureFullPage(7, 3, deps)).rejects.toThrow(/measure step with unexpected values/);
  });

  it('refuses a tab that is not in front (captureVisibleTab would take another tab)', async () => {
    const state = harness({
      answer: (command) =>
        command.kind === 'scroll' && command.y === 800
          ? { ok: true, value: { scrollY: 800, viewportHeight: 800, visible: false } }
          : state.defaultAnswer(command),
    });
    await expect(captureFullPage(7, 3, state.deps)).rejects.toThrow(/in front/);
    expect(state.log.filter((line) => line.startsWith('capture'))).toHaveLength(1);
    expect(state.log.at(-1)).toBe('restore');
  });

  it('discards a screenshot when another tab came to the front around it', async () => {
    // Checks 1–2 bracket the first capture, 3–4 the second: the tab loses the front after capture 2.
    const { deps, log } = harness({ front: (check) => check < 4 });
    await expect(captureFullPage(7, 3, deps)).rejects.toThrow(/in front/);
    expect(log.filter((line) => line.startsWith('capture'))).toHaveLength(2);
    expect(log.at(-1)).toBe('restore');
  });

  it('does not capture at all when the tab is not in front', async () => {
    const { deps, log } = harness({ front: () => false });
    await expect(captureFullPage(7, 3, deps)).rejects.toThrow(/in front/);
    expect(log.filter((line) => line.startsWith('capture'))).toEqual([]);
  });

  it('refuses a page that did not scroll where asked', async () => {
    const state = harness({
      answer: (command) =>
        command.kind === 'scroll'
          ? { ok: true, value: { scrollY: 0, viewportHeight: 800, visible: true } }
          : state.defaultAnswer(command),
    });
    await expect(captureFullPage(7, 3, state.deps)).rejects.toThrow(/did not scroll to 800 px/);
    expect(state.log.at(-1)).toBe('restore');
  });

  it('tells the person what it is doing, slice by slice', async () => {
    const { deps, progress } = harness({});
    await captureFullPage(7, 3, deps);
    expect(progress).toEqual([
      'Preparing the page for its picture…',
      "Taking the page's picture: part 1 of 3…",
      "Taking the page's picture: part 2 of 3…",
      "Taking the page's picture: part 3 of 3…",
      'Compressing the picture…',
    ]);
  });

  it('flags a page taller than the cap as truncated', async () => {
    const state = harness({
      answer: (command) =>
        command.kind === 'measure'
          ? { ok: true, value: { ...PAGE, documentHeight: 50_000, devicePixelRatio: 1 } }
          : state.defaultAnswer(command),
    });
    const page = await captureFullPage(7, 3, state.deps);
    expect(page).toMatchObject({ truncated: true, height: 15_000, slices: 19 });
  });

  it('lowers quality, then scale, until the JPEG fits MAX_UPLOAD_BYTES', async () => {
    // Bytes grow with quality and pixels; only quality 0.55 at 3/4 scale fits.
    const { deps, log } = harness({
      jpegBytes: (quality, pixels) => (quality * pixels * MAX_UPLOAD_BYTES) / (0.32 * 1265 * 2000),
    });
    const page = await captureFullPage(7, 3, deps);
    expect(log.filter((line) => line.startsWith('encode'))).toEqual([
      'encode 0.85 1265×2000',
      'encode 0.7 1265×2000',
      'encode 0.55 1265×2000',
      'encode 0.55 949×1500',
    ]);
    expect(page.imageScale).toBe(0.75);
    expect(page.jpeg.size).toBeLessThanOrEqual(MAX_UPLOAD_BYTES);
    expect(page.width).toBe(1265);
  });

  it('gives up after the last encoding step rather than upload too much', async () => {
    const { deps, log } = harness({ jpegBytes: () => MAX_UPLOAD_BYTES + 1 });
    await expect(captureFullPage(7, 3, deps)).rejects.toThrow(/too large/);
    expect(log.filter((line) => line.startsWith('encode'))).toHaveLength(ENCODING_STEPS.length);
  });
});
