import { describe, expect, it } from 'vitest';
import { HEADER, LABEL_FREE_X, PAGE_HEIGHT, SECTIONS } from '../../sandbox/demo/posthog-layout';
import { decodeJpeg, nearWithin, pixel } from '../harness/jpeg';
import { until } from './firefox';
import { useFirefox } from './fixtures';

describe('Firefox: PostHog', () => {
  const fixture = useFirefox();

  it('"Capture this tab": the picture is taken from the tab, uploaded once and shown', async () => {
    const page = await fixture.openDemo('/demo/posthog.html');
    await page.waitForFunction('window.posthog?.__loaded === true', { timeout: 15_000 });
    const layoutWidth = await page.evaluate('document.documentElement.clientWidth');
    const popup = await fixture.popupFor(page);
    await popup.waitForText(fixture.sandbox.posthog.projectToken, 'PostHog');
    expect(
      await popup.run(
        `return [...document.querySelectorAll('input[type=radio]')].find((radio) => radio.checked && radio.closest('label')?.textContent.includes('Capture this tab')) !== undefined;`,
      ),
    ).toBe(true);

    await popup.click('Save PostHog heatmap', 'PostHog');
    await popup.waitForText('Open in PostHog', 'PostHog', 60_000);
    // The picture is fetched through the background after the link shows.
    const shownWidth = await until(
      () =>
        popup.run<number>(
          `const image = document.querySelector('img[alt="Heatmap screenshot"]'); return image?.complete ? image.naturalWidth : false;`,
        ),
      'the heatmap screenshot in the popup',
      30_000,
    );
    expect(shownWidth).toBe(layoutWidth);

    const heatmaps = fixture.sandbox.state().posthog.saved_heatmaps;
    expect(heatmaps).toHaveLength(1);
    expect(heatmaps[0]?.url).toBe(page.url());
    expect(heatmaps[0]?.images).toEqual([
      expect.objectContaining({ source: 'upload', width: layoutWidth, height: PAGE_HEIGHT }),
    ]);
    // The stored picture is the page, every section at its own y (not blank, not one slice repeated).
    const response = await fetch(
      `${fixture.sandbox.url}/_admin/posthog/images/${heatmaps[0]?.id}?width=${layoutWidth}`,
    );
    const image = decodeJpeg(new Uint8Array(await response.arrayBuffer()));
    expect([image.width, image.height]).toEqual([layoutWidth, PAGE_HEIGHT]);
    const near = nearWithin(40);
    expect(near(pixel(image, LABEL_FREE_X, HEADER.height / 2), HEADER.rgb), 'header').toBe(true);
    for (const block of SECTIONS) {
      const y = block.top + block.height / 2;
      expect(near(pixel(image, LABEL_FREE_X, y), block.rgb), `${block.label} at y=${y}`).toBe(true);
    }
    // The page is put back where the person left it.
    expect(await page.evaluate('window.scrollY')).toBe(0);
  });
});
