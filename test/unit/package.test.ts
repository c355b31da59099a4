import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ICON_SIZES, iconPath, manifestFor } from '@/lib/manifest';

/**
 * What the stores read before anyone installs: the listing's strings and the reviewer's list of
 * permissions. The packaged zips themselves are checked by scripts/check-package.ts (npm test).
 */
const root = path.resolve(__dirname, '../..');
const messages: Record<string, { message: string }> = JSON.parse(
  readFileSync(path.join(root, 'public/_locales/en/messages.json'), 'utf8'),
);
const MSG = /^__MSG_(\w+)__$/;

/** A manifest string as the browser shows it: `__MSG_x__` looked up in the English messages. */
function shown(value: string): string {
  const key = MSG.exec(value)?.[1];
  if (key === undefined) return value;
  const entry = messages[key];
  if (!entry) throw new Error(`No message "${key}" in public/_locales/en/messages.json`);
  return entry.message;
}

/** The backticked names in the bullets of one `## heading` section of docs/permissions.md. */
function justified(heading: string): string[] {
  const doc = readFileSync(path.join(root, 'docs/permissions.md'), 'utf8');
  const section = doc.split(/^## /m).find((part) => part.startsWith(heading));
  if (!section) throw new Error(`docs/permissions.md has no "## ${heading}" section`);
  return section
    .split('\n')
    .filter((line) => line.startsWith('- '))
    .flatMap((line) =>
      [...(line.split(': ')[0] ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? ''),
    );
}

describe.each(['chrome', 'firefox'])('the %s production listing', (browser) => {
  const manifest = manifestFor({ browser, e2e: false });

  it('takes its name, description and shortcut texts from _locales, within the stores’ limits', () => {
    expect(manifest.default_locale).toBe('en');
    for (const text of [manifest.name, manifest.description]) expect(text).toMatch(MSG);
    // Chrome Web Store: name ≤ 75 characters, summary ≤ 132.
    expect(shown(manifest.name).length).toBeLessThanOrEqual(75);
    expect(shown(manifest.name)).toMatch(/Datadog.*PostHog/);
    expect(shown(manifest.description).length).toBeLessThanOrEqual(132);
    for (const command of Object.values(manifest.commands)) expect(shown(command.description)).not.toBe('');
  });

  it('shows the icon at every size on the toolbar', () => {
    expect(manifest.action.default_icon).toEqual(
      Object.fromEntries(ICON_SIZES.map((size) => [String(size), iconPath(size)])),
    );
  });
});

describe('docs/permissions.md', () => {
  it('justifies exactly the permissions the production manifest asks for', () => {
    const chrome = manifestFor({ browser: 'chrome', e2e: false });
    expect(justified('Permissions')).toEqual(chrome.permissions);
    expect(justified('Optional permissions')).toEqual(chrome.optional_permissions);
    expect(justified('Host permissions')).toEqual(chrome.host_permissions);
    expect(justified('Optional host permissions')).toEqual(chrome.optional_host_permissions);
    // Firefox asks for the same, less the optional `debugger` (it has no such API).
    const firefox = manifestFor({ browser: 'firefox', e2e: false });
    expect(firefox.permissions).toEqual(chrome.permissions);
    expect(firefox.host_permissions).toEqual(chrome.host_permissions);
  });
});
