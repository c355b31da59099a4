import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import sharp from 'sharp';
import { defineConfig } from 'wxt';
import { ICON_SIZES, iconPath, manifestFor, PRIVACY_PAGE } from './lib/manifest';
import { preactWithoutInnerHtml } from './scripts/preact-without-inner-html';

// `wxt build --mode e2e` builds the test variant to .output/chrome-mv3-e2e (see lib/manifest.ts).
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/auto-icons'],
  // Every icon size is rendered from one SVG (a filled tile: readable on light and dark toolbars).
  autoIcons: { baseIconPath: 'assets/icon.svg', sizes: [...ICON_SIZES] },
  // MV3 everywhere: one permission model (activeTab + scripting), and Firefox supports it since 109.
  manifestVersion: 3,
  vite: () => ({ plugins: [preact(), preactWithoutInnerHtml()] }),
  manifest: ({ browser, mode }) => manifestFor({ browser, e2e: mode === 'e2e' }),
  hooks: {
    // After auto-icons (config hooks run after modules'): its plain PNGs re-encoded with a 256-colour
    // palette keep the icon's gradient and weigh 7 kB instead of 17 (issue #10's package size).
    'build:done': async (wxt) => {
      for (const size of ICON_SIZES) {
        const file = resolve(wxt.config.outDir, iconPath(size));
        const png = await sharp(file).png({ palette: true, quality: 90, effort: 10, compressionLevel: 9 });
        await writeFile(file, await png.toBuffer());
      }
    },
    // The privacy statement ships in the package, as text, so the options page links it offline.
    'build:publicAssets': (_wxt, assets) => {
      assets.push({ absoluteSrc: resolve('PRIVACY.md'), relativeDest: PRIVACY_PAGE });
    },
    // The bench's blank page (the baseline of "popup open") exists in the e2e build only: production
    // never ships it. Removed rather than skipped, so production builds warn about nothing.
    'entrypoints:resolved': (wxt, entrypoints) => {
      const blank = entrypoints.findIndex((entrypoint) => entrypoint.name === 'bench-blank');
      if (wxt.config.mode !== 'e2e' && blank !== -1) entrypoints.splice(blank, 1);
    },
  },
});
