import { type Browser, chromium } from '@playwright/test';
import { CHROMIUM_PATH } from '../chromium';
import {
  MAX_RENDER_HEIGHT,
  MOBILE_BELOW_WIDTH,
  RENDER_JPEG_QUALITY,
  RENDER_TIMEOUT_MS,
  RENDER_VIEWPORT_HEIGHT,
} from './defaults';

/**
 * Renders a page server-side like PostHog does: headless Chromium, a fresh context per width (so
 * no cookies: a page behind a login renders as its login form), full-page JPEG. The browser is
 * launched on first use and closed by `close()`. One page is rendered at a time.
 */

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];

export interface RenderedImage {
  width: number;
  jpeg: Buffer;
}

export class PageRenderer {
  private browser: Promise<Browser> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  /** `publicHosts` (page-url.ts) resolve to this machine in the renderer's Chromium. */
  constructor(private readonly publicHosts: ReadonlySet<string> = new Set()) {}

  render(url: string, widths: readonly number[]): Promise<RenderedImage[]> {
    const job = this.queue.then(() => this.renderNow(url, widths));
    this.queue = job.catch(() => {});
    return job;
  }

  async close(): Promise<void> {
    this.closed = true;
    const browser = this.browser;
    this.browser = null;
    if (browser) await (await browser.catch(() => null))?.close();
  }

  private async renderNow(url: string, widths: readonly number[]): Promise<RenderedImage[]> {
    if (this.closed) throw new Error('sandbox is closing');
    const browser = await this.launch();
    const images: RenderedImage[] = [];
    for (const width of widths) {
      const mobile = width < MOBILE_BELOW_WIDTH;
      const context = await browser.newContext({
        viewport: { width, height: RENDER_VIEWPORT_HEIGHT },
        isMobile: mobile,
        hasTouch: mobile,
        deviceScaleFactor: 1,
      });
      try {
        const page = await context.newPage();
        await page.goto(url, { waitUntil: 'load', timeout: RENDER_TIMEOUT_MS });
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        const jpeg = await page.screenshot({
          fullPage: true,
          type: 'jpeg',
          quality: RENDER_JPEG_QUALITY,
          timeout: RENDER_TIMEOUT_MS,
          ...(height > MAX_RENDER_HEIGHT ? { clip: { x: 0, y: 0, width, height: MAX_RENDER_HEIGHT } } : {}),
        });
        images.push({ width, jpeg });
      } finally {
        await context.close().catch(() => {});
      }
    }
    return images;
  }

  private launch(): Promise<Browser> {
    const hostRules = [...this.publicHosts].map((host) => `MAP ${host} 127.0.0.1`).join(',');
    this.browser ??= chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: hostRules === '' ? CHROMIUM_ARGS : [...CHROMIUM_ARGS, `--host-resolver-rules=${hostRules}`],
    });
    // A failed launch is not cached: the next render tries again.
    this.browser.catch(() => {
      this.browser = null;
    });
    return this.browser;
  }
}
