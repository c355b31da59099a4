import path from 'node:path';
import { build } from 'esbuild';
import posthog from 'posthog-js';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  parsePosthogDetection,
  type RawPosthogInstance,
  type RawPosthogProbe,
} from '@/lib/providers/posthog/parse';
import { probePosthog } from '@/lib/providers/posthog/probe';

/** The probe copies instances into a List (see safe-read.ts): read back as an array. */
function instancesOf(raw: RawPosthogProbe): RawPosthogInstance[] {
  return Array.from((raw.posthog?.instances ?? []) as ArrayLike<RawPosthogInstance>);
}

/**
 * The probe against the real posthog-js (1.449.2, the npm build) and against what hostile pages
 * put in `window.posthog`. Each probe result is also parsed, as the background would.
 */

const TOKEN = 'phc_realLikeToken0123456789abcdefghijklmnopq';
const SECOND_TOKEN = 'phc_secondProjectToken0123456789abcdefghij';
const HREF = 'https://shop.example/products/42';

function fakeWindow(value?: unknown, extra: Record<string, unknown> = {}): Window {
  const win: Record<string, unknown> = { location: { href: HREF }, ...extra };
  if (value !== undefined) win.posthog = value;
  return win as unknown as Window;
}

function snippetStub(): unknown[] & Record<string, unknown> {
  // What PostHog's HTML snippet leaves before array.js arrives: an array with queues and stubs.
  const stub = [] as unknown as unknown[] & Record<string, unknown>;
  stub._i = [[TOKEN, { api_host: 'https://eu.i.posthog.com' }, 'posthog']];
  stub.__SV = 1;
  stub.init = () => undefined;
  stub.capture = () => undefined;
  stub.people = [];
  return stub;
}

describe('probePosthog with the real posthog-js', () => {
  beforeAll(() => {
    const config = { persistence: 'memory', autocapture: false, advanced_disable_flags: true } as const;
    posthog.init(TOKEN, {
      ...config,
      api_host: 'https://eu.i.posthog.com',
      ui_host: 'https://eu.posthog.com',
    });
    posthog.init(SECOND_TOKEN, { ...config, api_host: 'https://us.i.posthog.com' }, 'marketing');
  });

  test('copies the default and the named instance, and parses them as ready', () => {
    const raw = probePosthog(fakeWindow(posthog));
    expect(instancesOf(raw).map((instance) => instance?.name)).toEqual(['posthog', 'marketing']);
    const detection = parsePosthogDetection(JSON.parse(JSON.stringify(raw)), HREF);
    expect(detection.status).toBe('ready');
    if (detection.status !== 'ready') return;
    const [main, named] = detection.instances;
    expect(main).toMatchObject({
      name: 'posthog',
      token: TOKEN,
      apiHost: 'https://eu.i.posthog.com',
      uiHost: 'https://eu.posthog.com',
      distinctId: posthog.get_distinct_id(),
      recording: 'not-recorded',
    });
    expect(main?.sessionId).toBe(posthog.get_session_id());
    expect(main?.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(named).toMatchObject({
      name: 'marketing',
      token: SECOND_TOKEN,
      apiHost: 'https://us.i.posthog.com',
    });
    expect(named?.uiHost).toBeNull();
  });

  test('copies only what is used: no other config key (the page may keep secrets there)', () => {
    const json = JSON.stringify(probePosthog(fakeWindow(posthog)));
    expect(json).not.toContain('persistence');
    expect(json).not.toContain('autocapture');
    expect(json.length).toBeLessThan(5000);
  });
});

describe('probePosthog on other pages', () => {
  test('no window.posthog: null, parsed as absent', () => {
    const raw = probePosthog(fakeWindow());
    expect(raw.posthog).toBeNull();
    expect(parsePosthogDetection(raw, HREF)).toEqual({ status: 'absent' });
  });

  test("the snippet's stub: seen as an array with an init queue, nothing called, parsed as not-loaded", () => {
    let called = false;
    const stub = snippetStub();
    stub.get_session_id = () => {
      called = true;
    };
    const raw = probePosthog(fakeWindow(stub));
    expect(raw.posthog).toMatchObject({ isArray: true, hasInitQueue: true, instances: { length: 0 } });
    expect(called).toBe(false);
    expect(parsePosthogDetection(raw, HREF)).toEqual({ status: 'not-loaded' });
  });

  test('posthog-js loaded but init not called (__loaded false): not-loaded', () => {
    const raw = probePosthog(fakeWindow({ __loaded: false, config: { token: '' } }));
    expect(parsePosthogDetection(raw, HREF)).toEqual({ status: 'not-loaded' });
  });

  test('window.posthog getter throws: unreadable, parsed as invalid', () => {
    const win = { location: { href: HREF } };
    Object.defineProperty(win, 'posthog', {
      get() {
        throw new Error('no');
      },
    });
    const raw = probePosthog(win as unknown as Window);
    expect(raw.posthog?.type).toBe('unreadable');
    expect(parsePosthogDetection(raw, HREF)).toEqual({
      status: 'invalid',
      problem: 'window.posthog could not be read.',
    });
  });

  test('a revoked Proxy as window.posthog never throws', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const raw = probePosthog(fakeWindow(proxy));
    expect(raw.posthog?.type).toBe('object');
    expect(parsePosthogDetection(raw, HREF).status).toBe('invalid');
  });

  test('methods that throw or return megabytes: bounded copies, the instance is still ready', () => {
    const fake = {
      __loaded: true,
      config: { token: TOKEN, api_host: '/ingest', ui_host: 'x'.repeat(1_000_000) },
      get_session_id: () => {
        throw new Error('s'.repeat(1_000_000));
      },
      get_distinct_id: () => 'd'.repeat(3_000_000),
      sessionRecordingStarted: () => true,
    };
    const raw = probePosthog(fakeWindow(fake));
    expect(JSON.stringify(raw).length).toBeLessThan(10_000);
    const detection = parsePosthogDetection(raw, HREF);
    expect(detection).toEqual({
      status: 'ready',
      instances: [
        {
          name: 'posthog',
          token: TOKEN,
          // A relative api_host (a same-origin reverse proxy) is resolved against the page.
          apiHost: 'https://shop.example',
          uiHost: null,
          sessionId: null,
          distinctId: null,
          recording: 'recording',
        },
      ],
    });
  });

  test('named instances are bounded to 5 in all', () => {
    const instance = (token: string) => ({
      __loaded: true,
      config: { token, api_host: 'https://us.i.posthog.com' },
    });
    const main: Record<string, unknown> = instance(TOKEN);
    for (let index = 0; index < 20; index++) main[`named${index}`] = instance(SECOND_TOKEN);
    const raw = probePosthog(fakeWindow(main));
    expect(instancesOf(raw)).toHaveLength(5);
    const detection = parsePosthogDetection(raw, HREF);
    expect(detection.status === 'ready' && detection.instances.length).toBe(5);
  });

  test('a self-reference and non-instance properties are not taken for named instances', () => {
    const main: Record<string, unknown> = {
      __loaded: true,
      config: { token: TOKEN, api_host: 'https://x.example' },
    };
    main.self = main;
    main.persistence = { props: {} };
    main.sessionRecording = { status: 'disabled' };
    const raw = probePosthog(fakeWindow(main));
    expect(instancesOf(raw).map((instance) => instance?.name)).toEqual(['posthog']);
    expect(instancesOf(raw)[0]?.recordingStatus).toBe('disabled');
  });
});

describe('the probe bundle', () => {
  test('bundles without zod or wxt: only safe-read is imported at runtime', async () => {
    const root = path.resolve(__dirname, '../..');
    const result = await build({
      entryPoints: [path.join(root, 'lib/providers/posthog/probe.ts')],
      bundle: true,
      write: false,
      format: 'esm',
      metafile: true,
      alias: { '@': root },
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs).map((file) => path.relative(root, path.resolve(file)));
    expect(inputs.sort()).toEqual(['lib/probe/safe-read.ts', 'lib/providers/posthog/probe.ts']);
    expect(result.outputFiles[0]?.text.length).toBeLessThan(12_000);
  });
});
