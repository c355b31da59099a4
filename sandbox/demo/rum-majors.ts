import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The real Datadog browser SDK builds the demo pages load, one per supported major plus
 * `rum-slim`, installed side by side as npm aliases (package.json), and the page matrix made from
 * them: every build loaded by a plain `<script>` ("npm-style") and by Datadog's async CDN snippet,
 * plus the pages that must each get their own sentence (sampled out, SDK only in a frame).
 *
 *   /sdk/<build>/<bundle file>        the build's CDN bundle (`?delay=ms` holds it back, as a slow CDN)
 *   /sdk/<build>/chunks/<file>        its lazy chunks (v6+ load the recorder from there)
 *   /demo/rum/<build>/<page>          a generated page, one per kind of RUM_PAGE_KINDS
 */

const NODE_MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules');

export const RUM_BUILDS = {
  v4: { packageDir: 'rum-v4', bundle: 'datadog-rum.js', label: '@datadog/browser-rum 4.50.1' },
  v5: { packageDir: 'rum-v5', bundle: 'datadog-rum.js', label: '@datadog/browser-rum 5.35.1' },
  v6: { packageDir: 'rum-v6', bundle: 'datadog-rum.js', label: '@datadog/browser-rum 6.33.0' },
  v7: { packageDir: '@datadog/browser-rum', bundle: 'datadog-rum.js', label: '@datadog/browser-rum 7.16.2' },
  slim: {
    packageDir: '@datadog/browser-rum-slim',
    bundle: 'datadog-rum-slim.js',
    label: '@datadog/browser-rum-slim 7.16.0',
  },
} as const;
export type RumBuild = keyof typeof RUM_BUILDS;
export const RUM_BUILD_NAMES = Object.keys(RUM_BUILDS) as RumBuild[];

/** The majors with Session Replay, each of which gets the full page matrix. */
export const REPLAY_MAJORS = ['v4', 'v5', 'v6', 'v7'] as const satisfies readonly RumBuild[];

/** How a page loads and starts the SDK (its init options: KIND_OVERRIDES). */
export const RUM_PAGE_KINDS = [
  'script',
  'async',
  'sampled-out',
  'frame',
  'masked',
  'replay-off',
  'manual-start',
  'local-storage',
  'subdomains',
] as const;
export type RumPageKind = (typeof RUM_PAGE_KINDS)[number];

/** What each kind shows, as the viewer and the CLI list it. */
const KIND_TITLES: Record<RumPageKind, string> = {
  script: 'script tag, then DD_RUM.init (as an app bundling the npm package)',
  async: "Datadog's async CDN snippet: a stub DD_RUM {q, onReady} until the bundle arrives",
  'sampled-out': 'sessionSampleRate 0: RUM tracks no session',
  frame: 'no SDK in the top frame, the script page in an iframe',
  masked: 'defaultPrivacyLevel \'mask\', one element unmasked by data-dd-privacy="allow"',
  'replay-off': 'sessionReplaySampleRate 0: a tracked session not sampled for replay',
  // v4 does not know startSessionReplayRecordingManually; rum-init.js then skips its start call.
  'manual-start': 'the app never starts recording (startSessionReplayRecordingManually)',
  // v4 knows only allowFallbackToLocalStorage, which is used when cookies cannot be written.
  'local-storage': "the session in localStorage (sessionPersistence 'local-storage'; v4: cookie fallback)",
  subdomains: 'trackSessionAcrossSubdomains: the cookie on the widest domain allowed',
};

/** Every page of the matrix, for the demo listing. */
export const RUM_DEMO_PAGES = RUM_BUILD_NAMES.flatMap((build) =>
  RUM_PAGE_KINDS.map((kind) => ({
    path: rumPagePath(build, kind),
    title: `${RUM_BUILDS[build].label}: ${KIND_TITLES[kind]}`,
  })),
);

/** How long the async pages' bundle is held back, so the stub is seen "loading" first. */
export const ASYNC_BUNDLE_DELAY_MS = 1_500;
export const MAX_BUNDLE_DELAY_MS = 10_000;

export function rumPagePath(build: RumBuild, kind: RumPageKind): string {
  return `/demo/rum/${build}/${kind}`;
}

function bundleUrl(build: RumBuild): string {
  return `/sdk/${build}/${RUM_BUILDS[build].bundle}`;
}

/** A file of a build's bundle directory, or null for anything else (no path can leave the directory). */
export function rumBundleFile(pathname: string): string | null {
  const match = /^\/sdk\/([a-z0-9]+)\/(chunks\/)?([A-Za-z0-9][A-Za-z0-9._-]*\.js)$/.exec(pathname);
  if (!match) return null;
  const build = RUM_BUILDS[match[1] as RumBuild] as (typeof RUM_BUILDS)[RumBuild] | undefined;
  if (!build || (!match[2] && match[3] !== build.bundle)) return null;
  const file = path.join(NODE_MODULES, build.packageDir, 'bundle', match[2] ?? '', match[3] ?? '');
  return fs.existsSync(file) ? file : null;
}

/** `?delay=ms` on a bundle URL, bounded. */
export function bundleDelay(search: URLSearchParams): number {
  const delay = Number(search.get('delay') ?? 0);
  return Number.isInteger(delay) && delay > 0 ? Math.min(delay, MAX_BUNDLE_DELAY_MS) : 0;
}

/** Parses `/demo/rum/<build>/<kind>`; null when it names no page of the matrix. */
export function rumPageFor(pathname: string): { build: RumBuild; kind: RumPageKind } | null {
  const match = /^\/demo\/rum\/([a-z0-9]+)\/([a-z-]+)$/.exec(pathname);
  if (!match) return null;
  const build = match[1] as RumBuild;
  const kind = match[2] as RumPageKind;
  if (!RUM_BUILD_NAMES.includes(build) || !RUM_PAGE_KINDS.includes(kind)) return null;
  return { build, kind };
}

/** Options each kind passes on top of the shared ones (sandbox/demo/config.ts). */
const KIND_OVERRIDES: Record<RumPageKind, Record<string, unknown>> = {
  script: {},
  async: {},
  'sampled-out': { sessionSampleRate: 0 },
  frame: {},
  masked: { defaultPrivacyLevel: 'mask' },
  'replay-off': { sessionReplaySampleRate: 0 },
  'manual-start': { startSessionReplayRecordingManually: true },
  'local-storage': { sessionPersistence: 'local-storage', allowFallbackToLocalStorage: true },
  subdomains: { trackSessionAcrossSubdomains: true },
};

function scriptLoading(build: RumBuild, overrides: string): string {
  return `<script src="${bundleUrl(build)}"></script>
  <script src="/demo/rum-config.js"></script>
  <script src="/demo/rum-init.js"></script>
  <script>window.sandboxStartRum(${overrides});</script>`;
}

/** Datadog's async snippet as its docs give it, with the bundle held back by the sandbox. */
function asyncLoading(build: RumBuild, overrides: string): string {
  return `<script src="/demo/rum-config.js"></script>
  <script src="/demo/rum-init.js"></script>
  <script>
    (function (h, o, u, n, d) {
      h = h[d] = h[d] || { q: [], onReady: function (c) { h.q.push(c); } };
      d = o.createElement(u); d.async = 1; d.src = n;
      n = o.getElementsByTagName(u)[0]; n.parentNode.insertBefore(d, n);
    })(window, document, 'script', '${bundleUrl(build)}?delay=${ASYNC_BUNDLE_DELAY_MS}', 'DD_RUM');
    window.DD_RUM.onReady(function () { window.sandboxStartRum(${overrides}); });
  </script>`;
}

function body(build: RumBuild, kind: RumPageKind): string {
  if (kind === 'frame') {
    return `<div class="card"><h2>The SDK runs in the frame below</h2>
      <iframe title="Instrumented frame" src="${rumPagePath(build, 'script')}" width="100%" height="320"></iframe></div>`;
  }
  const unmasked =
    kind === 'masked'
      ? '<p data-dd-privacy="allow">This paragraph is unmasked by data-dd-privacy="allow".</p>'
      : '';
  return `<div class="card"><h2>${RUM_BUILDS[build].label}, ${kind}</h2>
      <p>Loaded ${kind === 'async' ? 'with the async CDN snippet' : 'with a script tag'}.</p>${unmasked}
      <label>Email <input type="email" name="email" value="someone@example.com"></label>
      <button type="button" onclick="this.textContent = 'Clicked'">Click me</button></div>`;
}

export function rumPageHtml(build: RumBuild, kind: RumPageKind): string {
  const overrides = JSON.stringify(KIND_OVERRIDES[kind]);
  const loading =
    kind === 'frame'
      ? ''
      : kind === 'async'
        ? asyncLoading(build, overrides)
        : scriptLoading(build, overrides);
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${build} ${kind}</title>
  <link rel="stylesheet" href="/demo/style.css">
  ${loading}
</head>
<body>
  <header><h1>RUM ${build}: ${kind}</h1></header>
  <main>${body(build, kind)}</main>
</body>
</html>
`;
}
