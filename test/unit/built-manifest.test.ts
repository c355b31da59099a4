import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestFor } from '@/lib/manifest';

/**
 * The manifest the production build really ships (not only what lib/manifest.ts returns): the
 * permissions must stay the audited list, and content scripts must be injected on demand only.
 */
const root = path.resolve(__dirname, '../..');

describe('built production manifest', () => {
  it('asks for exactly the audited permissions and registers no content script', { timeout: 120_000 }, () => {
    execFileSync('npx', ['wxt', 'build'], { cwd: root, stdio: 'ignore' });
    const manifest = JSON.parse(readFileSync(path.join(root, '.output/chrome-mv3/manifest.json'), 'utf8'));
    // The audited list itself is written out once, in manifest.test.ts; the build must ship it as is.
    const expected = manifestFor({ browser: 'chrome', e2e: false });
    expect(manifest.permissions).toEqual(expected.permissions);
    expect(manifest.commands).toEqual(expected.commands);
    expect(manifest.host_permissions).toEqual([
      'https://api.datadoghq.com/*',
      'https://api.us3.datadoghq.com/*',
      'https://api.us5.datadoghq.com/*',
      'https://api.datadoghq.eu/*',
      'https://api.ap1.datadoghq.com/*',
      'https://api.ap2.datadoghq.com/*',
      'https://api.uk1.datadoghq.com/*',
      'https://api.ddog-gov.com/*',
      'https://api.us2.ddog-gov.com/*',
      'https://us.posthog.com/*',
      'https://eu.posthog.com/*',
    ]);
    expect(manifest.optional_host_permissions).toEqual(['http://*/*', 'https://*/*']);
    expect(manifest.optional_permissions).toEqual(expected.optional_permissions);
    expect(manifest.content_scripts ?? []).toEqual([]);
    expect(manifest.web_accessible_resources ?? []).toEqual([]);
    // The on-demand scripts are in the package, for `scripting.executeScript({files})`.
    for (const file of ['probe.js', 'datadog-recording.js', 'tab-capture.js']) {
      expect(
        readFileSync(path.join(root, '.output/chrome-mv3/content-scripts', file), 'utf8').length,
      ).toBeGreaterThan(0);
    }
  });
});
