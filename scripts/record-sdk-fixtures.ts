/**
 * `npm run record-sdk-fixtures`: loads every real Datadog RUM build (sandbox/demo/rum-majors.ts) in
 * real Chromium, in each state below, and writes what a page then shows to
 * `test/unit/fixtures/rum-sdk-recordings.json`, so unit tests hold the SDKs' own answers and
 * store strings instead of hand-typed ones. Each recording uses a fresh browser context (no cookies
 * or storage from another). Ids and times change from run to run; the order does not.
 *
 * The file: `{recordedAt, chromium, recordings: Recording[]}` with, per recording,
 *   {
 *     build: 'v4' | 'v5' | 'v6' | 'v7' | 'slim',
 *     version: string,             // the build's package version (what was served)
 *     state: State,                // see STATES
 *     page: string,                // the sandbox path loaded, e.g. /demo/rum/v5/replay-off
 *     dd_rum: {                    // window.DD_RUM once the SDK settled
 *       keys: string[],            // its own property names, sorted
 *       version: string | null,    // DD_RUM.version
 *       internalContext: object | null,          // DD_RUM.getInternalContext(), as JSON
 *       initConfiguration: {site?, sessionReplaySampleRate?, sessionPersistence?,
 *         defaultPrivacyLevel?, sessionSampleRate?, allowFallbackToLocalStorage?,
 *         trackSessionAcrossSubdomains?},        // only the keys the page passed
 *       replayLink: string | null, // DD_RUM.getSessionReplayLink()
 *     } | {                        // state 'async-stub': the snippet's stub before the bundle arrives
 *       keys: string[], qIsArray: boolean, onReadyIsFunction: boolean,
 *     },
 *     cookies: {_dd_s: string[], _dd_s_v2: string[]},   // raw values in document.cookie, in its order
 *     localStorage: {_dd_s: string | null, _dd_s_v2: string | null},
 *   }
 *
 * States, in this order for each build in RUM_BUILDS order (v4, v5, v6, v7, slim):
 *   recording (script page), sampled-out, replay-off, forced (replay-off, then
 *   `startSessionReplayRecording({force: true})`: v5+ mark the store `forcedReplay=1`, v4 and slim
 *   change nothing), v4-not-started (v4 only: the app never starts recording), local-storage
 *   (v5+: `sessionPersistence`; v4: cookies disabled through CDP, so its
 *   `allowFallbackToLocalStorage` falls back), subdomains, async-stub, masked.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from '@playwright/test';
import {
  RUM_BUILD_NAMES,
  RUM_BUILDS,
  type RumBuild,
  type RumPageKind,
  rumPagePath,
} from '../sandbox/demo/rum-majors';
import { startSandbox } from '../sandbox/server';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/harness/browser';

const OUTPUT = path.resolve('test/unit/fixtures/rum-sdk-recordings.json');
const STORE_KEYS = ['_dd_s', '_dd_s_v2'] as const;
const INIT_CONFIGURATION_KEYS = [
  'site',
  'sessionReplaySampleRate',
  'sessionPersistence',
  'defaultPrivacyLevel',
  'sessionSampleRate',
  'allowFallbackToLocalStorage',
  'trackSessionAcrossSubdomains',
];
/** Longest wait for the SDK to write its store (or, forced, to mark it); then it is recorded as it is. */
const SETTLE_TIMEOUT_MS = 8_000;
/** After the store is written: the recorder (a lazy chunk from v6) starts and the link settles. */
const AFTER_STORE_MS = 1_500;

interface StateSpec {
  kind: RumPageKind;
  builds: readonly RumBuild[];
  /** Cookies cannot be written (CDP), so v4's `allowFallbackToLocalStorage` falls back. */
  cookiesDisabled?: (build: RumBuild) => boolean;
  /** After settling: force replay and wait for the store's `forcedReplay=1` (builds that write it). */
  force?: boolean;
  stub?: boolean;
}

const ALL = RUM_BUILD_NAMES;
/** Builds that write `forcedReplay=1` (from 5.21; v4 cannot force, slim has no replay). */
const FORCE_MARKERS: readonly RumBuild[] = ['v5', 'v6', 'v7'];

const STATES = {
  recording: { kind: 'script', builds: ALL },
  'sampled-out': { kind: 'sampled-out', builds: ALL },
  'replay-off': { kind: 'replay-off', builds: ALL },
  forced: { kind: 'replay-off', builds: ALL, force: true },
  'v4-not-started': { kind: 'manual-start', builds: ['v4'] },
  // v5+ read `sessionPersistence`; v4 only falls back to localStorage when cookies fail.
  'local-storage': { kind: 'local-storage', builds: ALL, cookiesDisabled: (build) => build === 'v4' },
  subdomains: { kind: 'subdomains', builds: ALL },
  'async-stub': { kind: 'async', builds: ALL, stub: true },
  masked: { kind: 'masked', builds: ALL },
} as const satisfies Record<string, StateSpec>;
type State = keyof typeof STATES;

function packageVersion(build: RumBuild): string {
  const file = path.resolve('node_modules', RUM_BUILDS[build].packageDir, 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

/** The stores as the page sees them, read in the page (run by `page.evaluate`). */
function readStores(keys: readonly string[]) {
  const cookies: Record<string, string[]> = {};
  const local: Record<string, string | null> = {};
  for (const key of keys) {
    cookies[key] = [];
    local[key] = localStorage.getItem(key);
  }
  for (const pair of document.cookie.split('; ')) {
    const at = pair.indexOf('=');
    const name = at < 0 ? pair : pair.slice(0, at);
    if (name in cookies) cookies[name]?.push(pair.slice(at + 1));
  }
  return { cookies, localStorage: local };
}

type RumGlobal = Record<string, unknown> & {
  version?: string;
  getInternalContext(): unknown;
  getInitConfiguration(): Record<string, unknown> | undefined;
  getSessionReplayLink(): string | undefined;
};

function readDdRum(configKeys: readonly string[]) {
  const rum = (window as unknown as { DD_RUM: RumGlobal }).DD_RUM;
  const configuration = rum.getInitConfiguration() ?? {};
  const initConfiguration: Record<string, unknown> = {};
  for (const key of configKeys) if (key in configuration) initConfiguration[key] = configuration[key];
  return {
    keys: Object.getOwnPropertyNames(rum).sort(),
    version: rum.version ?? null,
    internalContext: JSON.parse(JSON.stringify(rum.getInternalContext() ?? null)),
    initConfiguration,
    replayLink: rum.getSessionReplayLink() ?? null,
  };
}

function readStub() {
  const rum = (window as unknown as { DD_RUM: Record<string, unknown> }).DD_RUM;
  return {
    keys: Object.getOwnPropertyNames(rum).sort(),
    qIsArray: Array.isArray(rum.q),
    onReadyIsFunction: typeof rum.onReady === 'function',
  };
}

/** Waits until `test` holds in the page, or the timeout passes (the state is recorded either way). */
async function settle(page: Page, test: string): Promise<void> {
  await page.waitForFunction(test, undefined, { timeout: SETTLE_TIMEOUT_MS }).catch(() => {
    console.log(`[record] ${page.url()}: still not (${test}) after ${SETTLE_TIMEOUT_MS} ms; recorded as is`);
  });
}

const STORE_WRITTEN = `(document.cookie + (localStorage.getItem('_dd_s') ?? '') + (localStorage.getItem('_dd_s_v2') ?? '')).includes('expire=')`;

async function record(browser: Browser, origin: string, build: RumBuild, state: State) {
  const spec: StateSpec = STATES[state];
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    if (spec.cookiesDisabled?.(build)) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setDocumentCookieDisabled', { disabled: true });
    }
    const pagePath = rumPagePath(build, spec.kind);
    await page.goto(`${origin}${pagePath}`, { waitUntil: spec.stub ? 'commit' : 'load' });
    let ddRum: unknown;
    if (spec.stub) {
      await page.waitForFunction('window.DD_RUM !== undefined');
      ddRum = await page.evaluate(readStub);
      if (await page.evaluate('window.DD_RUM.version !== undefined')) {
        throw new Error(`${pagePath}: the bundle arrived before the stub was read`);
      }
    } else {
      await settle(page, STORE_WRITTEN);
      if (spec.force) {
        await page.evaluate('window.DD_RUM.startSessionReplayRecording({force: true})');
        if (FORCE_MARKERS.includes(build))
          await settle(
            page,
            `document.cookie.includes('forcedReplay=1') || (localStorage.getItem('_dd_s_v2') ?? '').includes('forcedReplay=1')`,
          );
      }
      await page.waitForTimeout(AFTER_STORE_MS);
      ddRum = await page.evaluate(readDdRum, INIT_CONFIGURATION_KEYS);
    }
    const stores = await page.evaluate(readStores, STORE_KEYS);
    return { build, version: packageVersion(build), state, page: pagePath, dd_rum: ddRum, ...stores };
  } finally {
    await context.close();
  }
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'record-sdk-'));
const sandbox = await startSandbox({ port: 0, dataDir });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const recordings = [];
  for (const build of RUM_BUILD_NAMES) {
    for (const state of Object.keys(STATES) as State[]) {
      if (!(STATES[state].builds as readonly RumBuild[]).includes(build)) continue;
      console.log(`[record] ${build} ${state}`);
      recordings.push(await record(browser, sandbox.url, build, state));
    }
  }
  const file = { recordedAt: new Date().toISOString(), chromium: browser.version(), recordings };
  fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
  fs.writeFileSync(OUTPUT, `${JSON.stringify(file, null, 2)}\n`);
  // In the repository's JSON style, so a new recording differs from the last by its values only.
  execFileSync(path.resolve('node_modules/.bin/biome'), ['format', '--write', OUTPUT], { stdio: 'ignore' });
  console.log(`[record] ${recordings.length} recordings in ${path.relative(process.cwd(), OUTPUT)}`);
} finally {
  await browser.close();
  await sandbox.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
