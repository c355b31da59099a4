/**
 * `npm run store-assets`: the Chrome Web Store and Firefox Add-ons listing images, made from the
 * demo the way `npm start` runs it (the e2e build in Chromium against the sandbox, through the same
 * harness), written to store-assets/ (ignored by git):
 *
 * - 1-datadog-popup.png, 2-posthog-popup.png: the popup over the demo page it read (1280×800);
 * - 3-options.png: the options page (1280×800);
 * - 4-saved-result.png: the popup after a Datadog save, over the page; 5-sandbox-viewer.png: the
 *   snapshot as the stand-in for Datadog holds it (1280×800);
 * - promo-tile-440x280.png: the small promotional tile, rendered from an HTML page with the icon.
 *
 * Tests cannot open the toolbar popup, so the popup page is pictured at a popup's size and laid
 * over the page's picture where the browser draws it (top right).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { startSandbox } from '../sandbox/server';
import { goToProduct42, logInToDemoAccount, posthogLoaded, saveFromPopup } from '../test/e2e/page';
import { configureForSandbox, launchWithExtension, openPopupFor } from '../test/harness/browser';

const OUT = path.resolve('store-assets');
/** The stores' screenshot size. */
const SCREEN = { width: 1280, height: 800 };
/** The largest popup Chrome draws is 800×600; ours is 380 wide (components/popup). */
const POPUP = { width: 380, height: 600 };

async function main() {
  log('Building the extension (sandbox build, .output/chrome-mv3-e2e)…');
  execFileSync('npx', ['wxt', 'build', '--mode', 'e2e'], { stdio: 'ignore' });
  const scratch = await mkdtemp(path.join(tmpdir(), 'heatmap-store-assets-'));
  const sandbox = await startSandbox({ port: 0, dataDir: path.join(scratch, 'data') });
  const { context, serviceWorker, extensionId } = await launchWithExtension(path.join(scratch, 'profile'));
  await configureForSandbox(serviceWorker, sandbox);
  await mkdir(OUT, { recursive: true });
  const popupOver = async (page: Page) => {
    const popup = await openPopupFor(context, serviceWorker, extensionId, page);
    await popup.setViewportSize(POPUP);
    return popup;
  };

  try {
    const shop = await newScreen(context);
    await shop.goto(`${sandbox.url}/demo/`);
    await goToProduct42(shop);
    const datadogPopup = await popupOver(shop);
    await datadogPopup.getByRole('button', { name: 'Save snapshot' }).waitFor();
    await compose(context, shop, datadogPopup, '1-datadog-popup.png');

    const account = await newScreen(context);
    await account.goto(`${sandbox.url}/demo/login.html`);
    await logInToDemoAccount(account);
    await posthogLoaded(account);
    const posthogPopup = await popupOver(account);
    await posthogPopup.getByRole('button', { name: 'Save PostHog heatmap' }).waitFor();
    await compose(context, account, posthogPopup, '2-posthog-popup.png');

    const options = await newScreen(context);
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await options.getByRole('button', { name: 'Test connection' }).first().waitFor();
    await shoot(options, '3-options.png');

    await shop.bringToFront();
    const saved = await saveFromPopup(datadogPopup);
    await saved.scrollIntoViewIfNeeded();
    await compose(context, shop, datadogPopup, '4-saved-result.png');
    const viewer = await newScreen(context);
    await viewer.goto(`${sandbox.url}/`);
    await viewer.getByText('Saved snapshots (1)').waitFor();
    await viewer.getByText('Saved snapshots (1)').scrollIntoViewIfNeeded();
    await shoot(viewer, '5-sandbox-viewer.png');

    await promoTile(context);
  } finally {
    await context.close();
    await sandbox.close();
  }
  log(`Listing images written to ${OUT}`);
}

async function newScreen(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize(SCREEN);
  return page;
}

async function shoot(page: Page, file: string): Promise<void> {
  await page.screenshot({ path: path.join(OUT, file) });
  log(`${file} (${SCREEN.width}×${SCREEN.height})`);
}

/** The page with the popup where the browser opens it, below the toolbar button at the top right. */
async function compose(context: BrowserContext, page: Page, popup: Page, file: string): Promise<void> {
  const background = (await page.screenshot()).toString('base64');
  const panel = (await popup.screenshot()).toString('base64');
  const canvas = await newScreen(context);
  await canvas.setContent(`<!doctype html>
    <body style="margin:0;width:${SCREEN.width}px;height:${SCREEN.height}px;overflow:hidden;
      background:url(data:image/png;base64,${background}) no-repeat">
      <img src="data:image/png;base64,${panel}" alt="" style="position:absolute;top:8px;right:16px;
        border:1px solid #c4c4cc;border-radius:8px;box-shadow:0 8px 28px rgb(0 0 0 / 0.28)">
    </body>`);
  await shoot(canvas, file);
  await canvas.close();
}

/** The 440×280 tile: the icon, the name and what it does, on the icon's own indigo. */
async function promoTile(context: BrowserContext): Promise<void> {
  const icon = (await readFile(path.resolve('assets/icon.svg'))).toString('base64');
  const tile = await context.newPage();
  await tile.setViewportSize({ width: 440, height: 280 });
  await tile.setContent(`<!doctype html>
    <body style="margin:0;width:440px;height:280px;display:flex;align-items:center;gap:22px;
      padding:0 30px;box-sizing:border-box;background:linear-gradient(135deg,#312e81,#4338ca);
      color:#fff;font-family:system-ui,'DejaVu Sans',sans-serif">
      <img src="data:image/svg+xml;base64,${icon}" width="120" height="120" alt="">
      <div>
        <div style="font-size:30px;font-weight:700;line-height:1.1">Heatmap<br>Snapshots</div>
        <div style="margin-top:12px;font-size:16px;line-height:1.35;color:#e0e7ff">
          Save a heatmap of the page you see to <b>Datadog RUM</b> or <b>PostHog</b>, in one click.
        </div>
      </div>
    </body>`);
  await tile.screenshot({ path: path.join(OUT, 'promo-tile-440x280.png') });
  await tile.close();
  log('promo-tile-440x280.png (440×280)');
}

function log(message: string) {
  console.log(`[store-assets] ${message}`);
}

main().catch((error) => {
  console.error(`[store-assets] failed: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
