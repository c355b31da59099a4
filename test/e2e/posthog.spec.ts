import type { Page } from '@playwright/test';
import { CHAT_BUTTON, HEADER, LABEL_FREE_X, PAGE_HEIGHT, SECTIONS } from '../../sandbox/demo/posthog-layout';
import type { Sandbox } from '../../sandbox/server';
import { configureForSandbox } from '../harness/browser';
import { decodeJpeg, nearWithin, pixel } from '../harness/jpeg';
import { controlWorker } from '../harness/worker-control';
import { expect, test } from './fixtures';
import { logInToDemoAccount, posthogLoaded } from './page';

/** The PostHog section of the popup (a page may also run Datadog). */
const posthogSection = (popup: Page) => popup.getByRole('region', { name: 'PostHog' });

function storedHeatmaps(sandbox: Sandbox) {
  return sandbox.state().posthog.saved_heatmaps;
}

/** The JPEG the sandbox stored for a saved heatmap, decoded. */
async function storedImage(sandbox: Sandbox, id: string, width: number) {
  const response = await fetch(`${sandbox.url}/_admin/posthog/images/${id}?width=${width}`);
  expect(response.status).toBe(200);
  return decodeJpeg(new Uint8Array(await response.arrayBuffer()));
}

/** JPEG shifts colours a little; a different section's colour is far away. */
const near = nearWithin(40);

/**
 * The public-looking name a server render is asked for: PostHog refuses to render the sandbox's own
 * 127.0.0.1 address (its URL safety check, sandbox/posthog/page-url.ts), so these tests type the
 * page's address under a name the stand-in treats as a public site; its renderer reaches the
 * sandbox under it. The person's tab stays at the sandbox's own address.
 */
const PUBLIC_HOST = 'shop.example.com';
test.use({ sandboxOptions: { posthog: { publicHosts: [PUBLIC_HOST] } } });

function publicAddress(page: Page): string {
  const url = new URL(page.url());
  url.hostname = PUBLIC_HOST;
  return url.href;
}

/** Requests that made (or tried to make) a heatmap: create, capture, prewarm. */
function createRequests(sandbox: Sandbox): string[] {
  return sandbox
    .posthogRequestKeys()
    .map((use) => use.request)
    .filter((request) => /^POST \/api\/projects\/\d+\/saved\/(?:capture\/|prewarm\/)?$/.test(request));
}

test('PostHog: the popup detects posthog-js and saves a picture captured from the tab, shows it, lists it and deletes it', async ({
  sandbox,
  openDemo,
  popupFor,
}) => {
  const page = await openDemo('/demo/posthog.html');
  await posthogLoaded(page);
  const layoutWidth = await page.evaluate(() => document.documentElement.clientWidth);
  const popup = await popupFor(page);

  const section = posthogSection(popup);
  await expect(section.getByRole('region', { name: 'Detected' })).toContainText(sandbox.posthog.projectToken);
  await expect(section.getByRole('radio', { name: 'Capture this tab' })).toBeChecked();
  await section.getByRole('button', { name: 'Save PostHog heatmap' }).click();

  const picture = section.getByRole('img', { name: 'Heatmap screenshot' });
  await expect(picture).toBeVisible({ timeout: 60_000 });
  expect(await picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(layoutWidth);
  await expect(section.getByRole('link', { name: 'Open in PostHog' })).toBeVisible();

  const [saved] = storedHeatmaps(sandbox);
  expect(saved?.url).toBe(page.url());
  const meta = saved?.images[0];
  expect(meta).toMatchObject({ source: 'upload', width: layoutWidth, height: PAGE_HEIGHT });
  const image = await storedImage(sandbox, saved?.id ?? '', layoutWidth);
  expect([image.width, image.height]).toEqual([layoutWidth, PAGE_HEIGHT]);

  // Every part of the tall page at its own y: not blank, not one slice repeated.
  expect(near(pixel(image, LABEL_FREE_X, HEADER.height / 2), HEADER.rgb), 'header').toBe(true);
  for (const block of SECTIONS) {
    for (const y of [block.top + 40, block.top + block.height / 2, block.top + block.height - 40]) {
      expect(near(pixel(image, LABEL_FREE_X, y), block.rgb), `${block.label} at y=${y}`).toBe(true);
    }
  }
  // The fixed chat button appears once, where the person saw it, not on every slice.
  // A column near the button's left edge, clear of its label.
  const chatX = layoutWidth - CHAT_BUTTON.right - CHAT_BUTTON.size + 6;
  let chatRows = 0;
  for (let y = 0; y < image.height; y++) if (near(pixel(image, chatX, y), CHAT_BUTTON.rgb)) chatRows++;
  expect(chatRows).toBeGreaterThan(CHAT_BUTTON.size - 8);
  expect(chatRows).toBeLessThan(CHAT_BUTTON.size + 8);
  // The page is put back where the person left it.
  expect(await page.evaluate(() => window.scrollY)).toBe(0);

  await section.getByText('Saved heatmaps of this page').click();
  const item = section.getByRole('listitem').filter({ hasText: saved?.name ?? 'missing' });
  await expect(item).toBeVisible();
  await item.getByRole('button', { name: 'Delete' }).click();
  await item.getByRole('button', { name: 'Confirm delete' }).click();
  await expect(item).toHaveCount(0);
  expect(storedHeatmaps(sandbox)[0]?.deleted).toBe(true);
});

test('PostHog: a server-rendered save goes through 202 (rendering) to the JPEG', async ({
  sandbox,
  context,
  popupFor,
}) => {
  sandbox.posthog.setRenderMs(2_500);
  // The tab shows the page at its public-looking address (PostHog renders only those): the test's
  // browser reaches the sandbox under that name by request routing.
  const origin = new URL(sandbox.url);
  await context.route(`http://${PUBLIC_HOST}:${origin.port}/**`, (route) =>
    route.continue({ url: route.request().url().replace(`//${PUBLIC_HOST}:`, `//${origin.hostname}:`) }),
  );
  const page = await context.newPage();
  await page.goto(`http://${PUBLIC_HOST}:${origin.port}/demo/posthog.html`);
  await posthogLoaded(page);
  const popup = await popupFor(page);
  const section = posthogSection(popup);
  await section.getByRole('radio', { name: 'Let PostHog render it' }).check();
  // The data URL is offered for a server render only.
  await expect(section.getByLabel('Heatmap data URL')).toBeVisible();
  await section.getByLabel('Widths').fill('1024');
  await section.getByRole('button', { name: 'Save PostHog heatmap' }).click();

  await expect(section.getByRole('status')).toContainText(/render/i, { timeout: 30_000 });
  await expect(section.getByRole('img', { name: 'Heatmap screenshot' })).toBeVisible({ timeout: 60_000 });
  const [saved] = storedHeatmaps(sandbox);
  expect(saved?.images.map((image) => [image.source, image.width])).toEqual([['render', 1024]]);
  expect([saved?.source, saved?.url]).toEqual(['server', page.url()]);

  // Regenerate from the list (the list shows the Page URL's heatmaps): PostHog renders it again.
  await section.getByText('Saved heatmaps of this page').click();
  const item = section.getByRole('listitem').filter({ hasText: saved?.name ?? 'missing' });
  await item.getByRole('button', { name: 'Regenerate' }).click();
  await expect(section.getByText(/PostHog is rendering .* again/)).toBeVisible();
  await expect.poll(() => storedHeatmaps(sandbox)[0]?.status).toBe('processing');
  await expect.poll(() => storedHeatmaps(sandbox)[0]?.status, { timeout: 30_000 }).toBe('completed');
});

test('PostHog: a page running both SDKs saves a Datadog snapshot and a PostHog heatmap', async ({
  sandbox,
  openDemo,
  popupFor,
}) => {
  const page = await openDemo('/demo/both.html');
  await posthogLoaded(page);
  const popup = await popupFor(page);
  const datadog = popup.getByRole('region', { name: 'Datadog' });
  await datadog.getByRole('button', { name: 'Save snapshot' }).click();
  await expect(datadog.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible({ timeout: 60_000 });

  const posthog = posthogSection(popup);
  await posthog.getByRole('button', { name: 'Save PostHog heatmap' }).click();
  await expect(posthog.getByRole('img', { name: 'Heatmap screenshot' })).toBeVisible({ timeout: 60_000 });

  expect(sandbox.state().snapshots).toHaveLength(1);
  expect(storedHeatmaps(sandbox)).toHaveLength(1);
});

test('PostHog: a bad personal API key and a key without heatmap:write each get their own sentence', async ({
  context,
  extensionId,
  sandbox,
}) => {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const fieldset = options.getByRole('group', { name: 'PostHog' });

  await fieldset.getByLabel('Personal API key').fill('phx_not_a_real_key');
  await fieldset.getByRole('button', { name: 'Test connection' }).click();
  await expect(fieldset.getByRole('alert')).toContainText(/key/i);
  const badKey = await fieldset.getByRole('alert').textContent();

  await fieldset.getByLabel('Personal API key').fill(sandbox.posthog.readKey);
  await fieldset.getByRole('button', { name: 'Test connection' }).click();
  await expect(fieldset.getByRole('alert')).toContainText('heatmap:write');
  expect(await fieldset.getByRole('alert').textContent()).not.toBe(badKey);

  await fieldset.getByLabel('Personal API key').fill(sandbox.posthog.fullKey);
  await fieldset.getByRole('button', { name: 'Test connection' }).click();
  await expect(fieldset.getByRole('status')).toContainText('can read and save heatmaps');

  // No test made a create call (they share PostHog's strictest throttle) nor any heatmap.
  expect(sandbox.posthogRequestKeys().map((use) => use.request)).toContain(
    `PATCH /api/projects/${sandbox.posthog.projectId}/saved/write-access-check/`,
  );
  expect(createRequests(sandbox)).toEqual([]);
  expect(storedHeatmaps(sandbox)).toEqual([]);
});

/** The share of pixels (0–1) whose colour differs clearly (JPEG noise stays well below 48 per channel). */
function changedShare(a: { data: Uint8Array }, b: { data: Uint8Array }): number {
  let changed = 0;
  const pixels = Math.min(a.data.length, b.data.length) / 4;
  for (let pixel = 0; pixel < pixels; pixel++) {
    const offset = pixel * 4;
    for (let channel = 0; channel < 3; channel++) {
      if (Math.abs((a.data[offset + channel] ?? 0) - (b.data[offset + channel] ?? 0)) > 48) {
        changed++;
        break;
      }
    }
  }
  return changed / pixels;
}

test('PostHog: a page behind a login is pictured as the person sees it, where a server render sees only the login form', async ({
  sandbox,
  openDemo,
  popupFor,
}) => {
  const page = await openDemo('/demo/login.html');
  await logInToDemoAccount(page);
  await expect(page.getByText('Welcome back')).toBeVisible();
  await posthogLoaded(page);
  const seen = decodeJpeg(await page.screenshot({ type: 'jpeg', quality: 90, fullPage: true }));

  const popup = await popupFor(page);
  const section = posthogSection(popup);
  await section.getByRole('button', { name: 'Save PostHog heatmap' }).click();
  await expect(section.getByRole('img', { name: 'Heatmap screenshot' })).toBeVisible({ timeout: 60_000 });
  const [captured] = storedHeatmaps(sandbox);
  const capturedImage = await storedImage(sandbox, captured?.id ?? '', seen.width);
  expect([capturedImage.width, capturedImage.height]).toEqual([seen.width, seen.height]);

  // PostHog's own renderer loads the same page without the person's cookie. It refuses the
  // sandbox's own address, with PostHog's sentence, before rendering anything.
  await section.getByRole('radio', { name: 'Let PostHog render it' }).check();
  await section.getByLabel('Widths').fill(String(seen.width));
  await section.getByRole('button', { name: 'Save PostHog heatmap' }).click();
  await expect(section.getByRole('alert')).toContainText('Local/Loopback host not allowed', {
    timeout: 30_000,
  });
  expect(storedHeatmaps(sandbox)).toHaveLength(1);
  await section.getByLabel('Page URL').fill(publicAddress(page));
  await section.getByRole('button', { name: 'Save PostHog heatmap' }).click();
  await expect.poll(() => storedHeatmaps(sandbox).length, { timeout: 30_000 }).toBe(2);
  const rendered = storedHeatmaps(sandbox).find((heatmap) => heatmap.id !== captured?.id);
  await expect
    .poll(() => storedHeatmaps(sandbox).find((h) => h.id === rendered?.id)?.images.length, {
      timeout: 60_000,
    })
    .toBe(1);
  const renderedImage = await storedImage(sandbox, rendered?.id ?? '', seen.width);

  // The capture is the page the person saw; the render (compared over the rows both have) is not.
  expect(changedShare(capturedImage, seen)).toBeLessThan(0.002);
  expect(changedShare(renderedImage, seen)).toBeGreaterThan(0.01);
});

test('PostHog: a save survives the service worker stopping mid-save, and the picture is uploaded once', async ({
  sandbox,
  openDemo,
  popupFor,
  context,
}) => {
  sandbox.posthog.setRenderMs(6_000);
  const page = await openDemo('/demo/posthog.html');
  await posthogLoaded(page);
  const popup = await popupFor(page);
  const section = posthogSection(popup);

  const worker = await controlWorker(context, popup);

  await section.getByRole('button', { name: 'Save PostHog heatmap' }).click();
  // The upload has happened (PostHog holds the heatmap) and the job now waits for the render.
  await expect.poll(() => storedHeatmaps(sandbox).length, { timeout: 30_000 }).toBe(1);
  await worker.stop();

  // The popup keeps asking about the job, which wakes the worker; it resumes the save.
  await expect(section.getByRole('img', { name: 'Heatmap screenshot' })).toBeVisible({ timeout: 60_000 });
  // The popup's polling woke a new run of the worker: some version is running again.
  expect([...worker.statuses().values()].some((statuses) => statuses.at(-1) === 'running')).toBe(true);
  const heatmaps = storedHeatmaps(sandbox);
  expect(heatmaps).toHaveLength(1);
  expect(heatmaps[0]?.images.filter((image) => image.source === 'upload')).toHaveLength(1);
});

test('PostHog: a page with a second named instance offers both; a page with only the snippet says posthog-js is not loaded', async ({
  openDemo,
  popupFor,
}) => {
  const page = await openDemo('/demo/posthog-second.html');
  await page.waitForFunction(
    () =>
      (window as { posthog?: { __loaded?: boolean; second?: { __loaded?: boolean } } }).posthog?.second
        ?.__loaded === true,
  );
  const popup = await popupFor(page);
  const instances = posthogSection(popup).getByRole('group', { name: 'PostHog instance' });
  await expect(instances.getByRole('radio')).toHaveCount(2);
  await instances.getByRole('radio').nth(1).check();
  await expect(posthogSection(popup).getByRole('region', { name: 'Detected' })).toContainText(
    'phc_sandbox_second_token',
  );

  const stub = await openDemo('/demo/posthog-stub.html');
  const stubPopup = await popupFor(stub);
  await expect(posthogSection(stubPopup).getByText('posthog-js is not loaded yet')).toBeVisible();
  await expect(stubPopup.getByRole('button', { name: 'Save PostHog heatmap' })).toHaveCount(0);
});

test('PostHog: a page reporting to another PostHog Cloud region than the settings is pointed out', async ({
  sandbox,
  serviceWorker,
  openDemo,
  popupFor,
}) => {
  await configureForSandbox(serviceWorker, sandbox, {}, { apiUrl: 'https://us.posthog.com' });
  const page = await openDemo('/demo/posthog.html');
  await posthogLoaded(page);
  // As a page behind a reverse proxy to EU Cloud is set up (PostHog's proxy guide sets ui_host).
  await page.evaluate(() => {
    (window as unknown as { posthog: { config: { ui_host: string } } }).posthog.config.ui_host =
      'https://eu.posthog.com';
  });
  const popup = await popupFor(page);
  await expect(
    posthogSection(popup).getByText(
      /reports to PostHog Cloud EU.*but the extension uses https:\/\/us\.posthog\.com/,
    ),
  ).toBeVisible();
  await expect(posthogSection(popup).getByRole('button', { name: 'Change PostHog URL' })).toBeVisible();
});

test.describe('PostHog throttle', () => {
  // PostHog's per-user create throttle (10 a minute) cut to 1 in 20 s: one create spends it, and
  // the capture (a few seconds) reaches PostHog well within the window; 20 s is within the save's
  // budget for waiting out `Retry-After`.
  test.use({
    sandboxOptions: {
      posthog: {
        publicHosts: [PUBLIC_HOST],
        createThrottle: [{ scope: 'ai_burst', limit: 1, periodSeconds: 20 }],
      },
    },
  });

  test('PostHog: a throttled capture (429 with Retry-After) waits, then saves once', async ({
    sandbox,
    openDemo,
    popupFor,
  }) => {
    const page = await openDemo('/demo/posthog.html');
    await posthogLoaded(page);
    const popup = await popupFor(page);
    // Another create of the same user has just spent the throttle.
    const spent = await fetch(`${sandbox.url}/api/projects/${sandbox.posthog.projectId}/saved/`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sandbox.posthog.fullKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: `https://${PUBLIC_HOST}/other`, type: 'iframe' }),
    });
    expect(spent.status).toBe(201);
    const section = posthogSection(popup);
    await section.getByRole('button', { name: 'Save PostHog heatmap' }).click();
    await expect(section.getByRole('img', { name: 'Heatmap screenshot' })).toBeVisible({ timeout: 60_000 });
    // The upload was answered 429, waited out and sent again: one captured heatmap.
    const capture = `POST /api/projects/${sandbox.posthog.projectId}/saved/capture/`;
    expect(createRequests(sandbox).filter((request) => request === capture)).toHaveLength(2);
    expect(storedHeatmaps(sandbox).filter((heatmap) => heatmap.source === 'toolbar')).toHaveLength(1);
  });
});

test('PostHog: a capture of a page whose address has a query and a fragment makes one heatmap at the address PostHog accepts, and says so; it offers no Regenerate', async ({
  sandbox,
  openDemo,
  popupFor,
}) => {
  const page = await openDemo('/demo/posthog.html?ref=home#pricing');
  await posthogLoaded(page);
  const accepted = new URL('/demo/posthog.html', sandbox.url).href;
  const popup = await popupFor(page);
  const section = posthogSection(popup);
  // A capture keeps no data URL of its own: the field is not offered, a sentence says why.
  await expect(section.getByLabel('Heatmap data URL')).toHaveCount(0);
  await expect(section.getByText('A captured heatmap draws the clicks of its own page URL')).toBeVisible();
  await expect(
    section.getByText(`PostHog gets ${accepted} (the query and fragment were left out`),
  ).toBeVisible();
  await section.getByRole('button', { name: 'Save PostHog heatmap' }).click();
  await expect(section.getByRole('img', { name: 'Heatmap screenshot' })).toBeVisible({ timeout: 60_000 });
  await expect(
    section.getByText(
      `Saved for ${accepted} (the query and fragment were left out: PostHog refuses them in a page URL).`,
    ),
  ).toBeVisible();

  const heatmaps = storedHeatmaps(sandbox);
  expect(heatmaps).toHaveLength(1);
  expect(heatmaps[0]).toMatchObject({ url: accepted, data_url: accepted, source: 'toolbar' });
  expect(createRequests(sandbox)).toHaveLength(1);

  // The page's list finds it under the accepted address; a captured heatmap offers no Regenerate.
  await section.getByText('Saved heatmaps of this page').click();
  const item = section.getByRole('listitem').filter({ hasText: heatmaps[0]?.name ?? 'missing' });
  await expect(item.getByRole('button', { name: 'Delete' })).toBeVisible();
  await expect(item.getByRole('button', { name: 'Regenerate' })).toHaveCount(0);
});
