import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { configureForSandbox, launchWithExtension } from '../test/harness/browser';

/** One sandbox for the browser figures, with its data in a temporary folder removed afterwards. */
export interface BrowserBench {
  sandbox: Sandbox;
  /** A fresh temporary folder (a browser profile), removed with the rest. */
  tempDir: (prefix: string) => Promise<string>;
}

export async function withBrowserBench(run: (bench: BrowserBench) => Promise<void>): Promise<void> {
  const dirs: string[] = [];
  const tempDir = async (prefix: string) => {
    const dir = await mkdtemp(path.join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  // The bench times the extension, not its 429 handling: 100 saves in seconds would hit Datadog's 100 a minute.
  const rateLimit = { limit: 100_000, periodSeconds: 60 };
  const sandbox = await startSandbox({ port: 0, dataDir: await tempDir('bench-sandbox-'), rateLimit });
  try {
    await run({ sandbox, tempDir });
  } finally {
    await sandbox.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }
}

/** A browser profile with the e2e build of the extension loaded and set up for the sandbox. */
export async function launchExtension(bench: BrowserBench) {
  const launched = await launchWithExtension(await bench.tempDir('bench-profile-'));
  await configureForSandbox(launched.serviceWorker, bench.sandbox);
  return launched;
}
export type ExtensionSession = Awaited<ReturnType<typeof launchExtension>>;

/** Runs per figure; the first is a warm-up and only counts among the raw samples (7 left: an odd count, one middle). */
export const RUNS = 8;

/** Milliseconds `action` takes, from Node's monotonic clock. */
export async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

/**
 * tsx compiles with esbuild's keepNames, which wraps named functions in a `__name(...)` helper that
 * exists only in Node: code handed to `evaluate` in a page or the worker needs a stand-in first.
 */
export async function allowKeptNames(target: {
  evaluate(expression: string): Promise<unknown>;
}): Promise<void> {
  await target.evaluate('globalThis.__name ??= (fn) => fn');
}
