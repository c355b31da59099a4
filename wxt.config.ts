import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { noInnerHtml } from './lib/build/no-inner-html';
import { manifestFor } from './lib/manifest';

// `wxt build --mode e2e` builds the test variant to .output/chrome-mv3-e2e (see lib/manifest.ts).
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // MV3 everywhere: one permission model (activeTab + scripting), and Firefox supports it since 109.
  manifestVersion: 3,
  vite: () => ({ plugins: [preact(), noInnerHtml()] }),
  manifest: ({ browser, mode }) => manifestFor({ browser, e2e: mode === 'e2e' }),
  hooks: {
    // The bench's blank page (the baseline of "popup open") exists in the e2e build only: production
    // never ships it. Removed rather than skipped, so production builds warn about nothing.
    'entrypoints:resolved': (wxt, entrypoints) => {
      const blank = entrypoints.findIndex((entrypoint) => entrypoint.name === 'bench-blank');
      if (wxt.config.mode !== 'e2e' && blank !== -1) entrypoints.splice(blank, 1);
    },
  },
});
