import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { manifestFor } from './lib/manifest';

// WXT_E2E=1 builds the test variant to .output/chrome-mv3-e2e (see lib/manifest.ts).
const e2e = process.env.WXT_E2E === '1';

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  outDirTemplate: e2e ? '{{browser}}-mv{{manifestVersion}}-e2e' : undefined,
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => manifestFor({ browser, e2e }),
});
