import { HEADER, LABEL_FREE_X, PAGE_HEIGHT, SECTIONS } from '../../sandbox/demo/posthog-layout';
import { canAttach, tabIdOf } from '../harness/browser';
import { decodeJpeg, nearWithin, pixel } from '../harness/jpeg';
import { expect, test } from './fixtures';
import { posthogLoaded } from './page';

/** JPEG shifts colours a little; a different section's colour is far away. */
const near = nearWithin(40);

test('PostHog: "Capture this tab" at 375 and 1280 px uploads one heatmap with a picture at each width; the page ends as it was', async ({
  sandbox,
  serviceWorker,
  openDemo,
  popupFor,
}) => {
  test.setTimeout(120_000);
  const page = await openDemo('/demo/posthog.html');
  await posthogLoaded(page);
  const tabId = await tabIdOf(serviceWorker, page);
  const widthBefore = await page.evaluate(() => window.innerWidth);
  const popup = await popupFor(page);

  const section = popup.getByRole('region', { name: 'PostHog' });
  await expect(section.getByRole('radio', { name: 'Capture this tab' })).toBeChecked();
  // The capture starts from the tab's own width, as before.
  await expect(section.getByLabel('Widths')).toHaveValue(String(widthBefore));
  await section.getByLabel('Widths').fill('375, 1280');
  await section.getByRole('button', { name: 'Save PostHog heatmap' }).click();
  await expect(section.getByText('Laying out the page at 1280 px… 2 of 2')).toBeVisible({ timeout: 30_000 });
  await expect(section.getByRole('img', { name: 'Heatmap screenshot' })).toBeVisible({ timeout: 60_000 });

  const heatmaps = sandbox.state().posthog.saved_heatmaps;
  expect(heatmaps).toHaveLength(1);
  const [saved] = heatmaps;
  const uploads = saved?.images.filter((image) => image.source === 'upload') ?? [];
  expect(uploads.map((image) => image.width).sort((a, b) => a - b)).toEqual([375, 1280]);
  for (const width of [375, 1280]) {
    const response = await fetch(`${sandbox.url}/_admin/posthog/images/${saved?.id}?width=${width}`);
    expect(response.status).toBe(200);
    const image = decodeJpeg(new Uint8Array(await response.arrayBuffer()));
    // The picture is the page laid out at that width, every section at its own y, not the
    // window's picture squeezed into the width. (At 375 px the big labels wrap across the
    // sections' middles: only their top and bottom rows are sampled.)
    expect([image.width, image.height]).toEqual([width, PAGE_HEIGHT]);
    expect(near(pixel(image, LABEL_FREE_X, HEADER.height / 2), HEADER.rgb), `header at ${width}`).toBe(true);
    for (const block of SECTIONS) {
      for (const y of [block.top + 40, block.top + block.height - 40]) {
        expect(near(pixel(image, LABEL_FREE_X, y), block.rgb), `${block.label} at y=${y}, ${width} px`).toBe(
          true,
        );
      }
    }
  }

  expect(await page.evaluate(() => window.innerWidth)).toBe(widthBefore);
  expect(await canAttach(serviceWorker, tabId)).toBe('attached and detached');
});
