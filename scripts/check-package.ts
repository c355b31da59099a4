/**
 * `npm run test:package` (part of `npm test`): builds the store packages from a clean build
 * (`npm run zip`) and opens them as a reviewer would. Each packaged manifest must carry
 * package.json's version, its name and description from _locales, an icon at every declared path
 * (a PNG of the declared size), the privacy statement, exactly the audited permissions (lib/manifest.ts, audited in
 * test/unit/manifest.test.ts), the default CSP, and no remote code: no script loaded from the
 * network, no `eval` or `new Function` in the bundles. Firefox's sources archive must hold what a
 * reviewer needs to rebuild. Exits 1 and names each problem otherwise.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import JSZip from 'jszip';
import { manifestFor, PRIVACY_PAGE } from '../lib/manifest';

const root = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};
const problems: string[] = [];
const check = (ok: boolean, problem: string) => {
  if (!ok) problems.push(problem);
};
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Width and height from a PNG's IHDR chunk, or null when the bytes are not a PNG. */
function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!signature.every((byte, i) => bytes[i] === byte)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const REMOTE_SCRIPT = /<script[^>]+src=["']?(https?:)?\/\//i;
const DYNAMIC_CODE = /(?<![\w$.])eval\s*\(|new\s+Function\s*\(/;

async function checkPackage(browser: 'chrome' | 'firefox'): Promise<void> {
  const file = `${pkg.name}-${pkg.version}-${browser}.zip`;
  const zip = await JSZip.loadAsync(await readFile(path.join(root, '.output', file)));
  const text = async (name: string) => zip.file(name)?.async('string') ?? null;
  const manifestText = await text('manifest.json');
  if (manifestText === null) return void problems.push(`${file}: no manifest.json`);
  const manifest = JSON.parse(manifestText);
  const expected = manifestFor({ browser, e2e: false });

  check(
    manifest.version === pkg.version,
    `${file}: version ${manifest.version}, package.json ${pkg.version}`,
  );
  check(manifest.default_locale === 'en', `${file}: default_locale is not "en"`);
  const messages = JSON.parse((await text('_locales/en/messages.json')) ?? '{}');
  for (const value of [manifest.name, manifest.description]) {
    const key = /^__MSG_(\w+)__$/.exec(value)?.[1];
    check(
      key !== undefined && typeof messages[key]?.message === 'string',
      `${file}: "${value}" is not a message`,
    );
  }

  const icons: [string, string][] = [
    ...Object.entries<string>(manifest.icons ?? {}),
    ...Object.entries<string>(manifest.action?.default_icon ?? {}),
  ];
  check(Object.keys(manifest.icons ?? {}).length >= 4, `${file}: fewer than 4 icon sizes`);
  for (const [size, iconPath] of icons) {
    const bytes = await zip.file(iconPath)?.async('uint8array');
    const png = bytes ? pngSize(bytes) : null;
    check(
      png !== null && png.width === Number(size) && png.height === Number(size),
      `${file}: icon ${iconPath} is not a ${size}×${size} PNG`,
    );
  }

  for (const key of [
    'permissions',
    'optional_permissions',
    'host_permissions',
    'optional_host_permissions',
  ] as const) {
    check(
      same(manifest[key], expected[key]),
      `${file}: ${key} ${JSON.stringify(manifest[key])} is not the audited list`,
    );
  }
  check(manifest.content_security_policy === undefined, `${file}: sets its own content_security_policy`);
  // The options page links it: the statement the package carries is PRIVACY.md as it is now.
  check(
    (await text(PRIVACY_PAGE)) === (await readFile(path.join(root, 'PRIVACY.md'), 'utf8')),
    `${file}: ${PRIVACY_PAGE} is not PRIVACY.md`,
  );

  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    if (entry.name.endsWith('.html')) {
      check(!REMOTE_SCRIPT.test(await entry.async('string')), `${file}: ${entry.name} loads a remote script`);
    }
    if (entry.name.endsWith('.js')) {
      check(
        !DYNAMIC_CODE.test(await entry.async('string')),
        `${file}: ${entry.name} uses eval or new Function`,
      );
    }
  }
  console.log(`[check-package] ${file}: ${Object.keys(zip.files).length} entries checked`);
}

/** Firefox Add-ons reviewers rebuild from this: the sources, the lock file, no build output or dependencies. */
async function checkSources(): Promise<void> {
  const file = `${pkg.name}-${pkg.version}-sources.zip`;
  const zip = await JSZip.loadAsync(await readFile(path.join(root, '.output', file)));
  const names = Object.keys(zip.files);
  for (const needed of [
    'package.json',
    'package-lock.json',
    'wxt.config.ts',
    'lib/manifest.ts',
    'assets/icon.svg',
  ]) {
    check(names.includes(needed), `${file}: lacks ${needed}`);
  }
  check(
    !names.some((name) => /^(node_modules|\.output)\//.test(name)),
    `${file}: holds node_modules or .output`,
  );
  console.log(`[check-package] ${file}: ${names.length} entries checked`);
}

await checkPackage('chrome');
await checkPackage('firefox');
await checkSources();
if (problems.length > 0) {
  for (const problem of problems) console.error(`[check-package] ${problem}`);
  process.exit(1);
}
console.log('[check-package] packages ok');
