import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import type { DatadogDetection, Privacy, ReplayStatus } from '@/lib/providers/datadog/context';
import { parseDatadogDetection } from '@/lib/providers/datadog/parse';
import { probeDatadog } from '@/lib/providers/datadog/probe';
import { CAPTURED_AT, pageInfo } from './fixtures';

/**
 * Detection against what the real SDK builds showed in Chromium (test/unit/fixtures/
 * rum-sdk-recordings.json, written by scripts/record-sdk-fixtures.ts): a window is rebuilt from
 * each recording (DD_RUM answering the recorded values, the recorded cookies and localStorage),
 * probed and parsed, and the outcome is checked against what each state must give.
 */

const RecordedRumSchema = z.object({
  keys: z.array(z.string()),
  version: z.string().nullable(),
  // Loose: the SDK's whole answer is handed back to the probe, not only the fields checked here.
  internalContext: z
    .looseObject({
      application_id: z.string(),
      session_id: z.string(),
      view: z.looseObject({ id: z.string() }),
    })
    .nullable(),
  initConfiguration: z.record(z.string(), z.unknown()).nullable(),
  replayLink: z.string().nullable(),
});
const RecordedStubSchema = z.object({
  keys: z.array(z.string()),
  qIsArray: z.boolean(),
  onReadyIsFunction: z.boolean(),
});
const STORE_KEYS = ['_dd_s', '_dd_s_v2'] as const;
const RecordingSchema = z.object({
  build: z.enum(['v4', 'v5', 'v6', 'v7', 'slim']),
  version: z.string(),
  state: z.enum([
    'recording',
    'sampled-out',
    'replay-off',
    'forced',
    'v4-not-started',
    'local-storage',
    'subdomains',
    'async-stub',
    'masked',
  ]),
  page: z.string(),
  dd_rum: z.union([RecordedStubSchema, RecordedRumSchema]),
  cookies: z.record(z.enum(STORE_KEYS), z.array(z.string())),
  localStorage: z.record(z.enum(STORE_KEYS), z.string().nullable()),
});
type Recording = z.infer<typeof RecordingSchema>;

const RECORDINGS = z
  .object({ recordings: z.array(RecordingSchema).min(1) })
  .parse(
    JSON.parse(readFileSync(path.join(__dirname, 'fixtures/rum-sdk-recordings.json'), 'utf8')),
  ).recordings;

/** The `masked` demo page unmasks one paragraph with `data-dd-privacy="allow"` (sandbox/demo/rum-majors.ts). */
const MASKED_PAGE_OVERRIDES = 1;

/** `window.DD_RUM` with the recorded keys, answering what the real SDK answered. */
function recordedRum(recording: Recording): Record<string, unknown> {
  const dd = recording.dd_rum;
  const rum: Record<string, unknown> = {};
  for (const key of dd.keys) rum[key] = () => undefined;
  if ('qIsArray' in dd) {
    rum.q = dd.qIsArray ? [] : {};
    if (!dd.onReadyIsFunction) delete rum.onReady;
    return rum;
  }
  // The SDK answers `undefined` where the recording (JSON) says null.
  return Object.assign(rum, {
    version: dd.version ?? undefined,
    getInternalContext: () => dd.internalContext ?? undefined,
    getInitConfiguration: () => dd.initConfiguration ?? undefined,
    getSessionReplayLink: () => dd.replayLink ?? undefined,
  });
}

function recordedWindow(recording: Recording): Window {
  const cookie = STORE_KEYS.flatMap((key) =>
    (recording.cookies[key] ?? []).map((value) => `${key}=${value}`),
  ).join('; ');
  const overrides = recording.state === 'masked' ? MASKED_PAGE_OVERRIDES : 0;
  return {
    DD_RUM: recordedRum(recording),
    document: { cookie, querySelectorAll: () => ({ length: overrides }) },
    localStorage: {
      getItem: (key: string) => recording.localStorage[key as (typeof STORE_KEYS)[number]] ?? null,
    },
  } as unknown as Window;
}

/** The session's start as its store says (`created`), read here without the extension's store parser. */
function recordedSessionStart(recording: Recording, sessionId: string): number {
  const stores = [...Object.values(recording.cookies).flat(), ...Object.values(recording.localStorage)];
  const store = stores.find((text) => text?.includes(`id=${sessionId}`));
  const created = store ? /(?:^|&)created=(\d+)/.exec(store)?.[1] : undefined;
  if (created === undefined) throw new Error(`no store with created for ${recording.page}`);
  return Number(created);
}

type Expected =
  | { status: 'ready'; replay: ReplayStatus; privacy: Privacy }
  | Exclude<DatadogDetection, { status: 'ready' | 'invalid' }>;

const RECORDING: ReplayStatus = { state: 'recording', forced: false };
/** The demo pages' shared init sets `defaultPrivacyLevel: 'allow'` (sandbox/demo/config.ts). */
const PAGE_ALLOW: Privacy = { level: 'allow', source: 'page', overrides: 0 };

/** What each recorded state must be detected as: the list, per build. */
function expectedFor({ build, state, version }: Recording): Expected {
  if (state === 'async-stub') return { status: 'loading' };
  if (build === 'slim') return { status: 'unsupported', reason: 'slim-package', sdkVersion: version };
  const notSampled: ReplayStatus = {
    state: 'not-recorded',
    reason: 'replay-not-sampled',
    // v4 cannot be asked to record a session not sampled for replay (forcing came in 5.21).
    canStartRecording: build !== 'v4',
  };
  switch (state) {
    case 'sampled-out':
      return { status: 'no-session', reason: 'sampled-out' };
    case 'replay-off':
      return { status: 'ready', replay: notSampled, privacy: PAGE_ALLOW };
    case 'forced':
      return {
        status: 'ready',
        replay: build === 'v4' ? notSampled : { state: 'recording', forced: true },
        privacy: PAGE_ALLOW,
      };
    case 'v4-not-started':
      return {
        status: 'ready',
        replay: { state: 'not-recorded', reason: 'replay-not-started', canStartRecording: true },
        privacy: PAGE_ALLOW,
      };
    case 'masked':
      return {
        status: 'ready',
        replay: RECORDING,
        privacy: { level: 'mask', source: 'page', overrides: MASKED_PAGE_OVERRIDES },
      };
    case 'recording':
    case 'local-storage':
    case 'subdomains':
      return { status: 'ready', replay: RECORDING, privacy: PAGE_ALLOW };
  }
}

describe('detection of the real SDK builds (recordings)', () => {
  test('every build was recorded in every state it has', () => {
    const builds = new Set(RECORDINGS.map((recording) => recording.build));
    expect([...builds].sort()).toEqual(['slim', 'v4', 'v5', 'v6', 'v7']);
    for (const build of builds) {
      const states = RECORDINGS.filter((recording) => recording.build === build).map(
        (recording) => recording.state,
      );
      expect(states.length, build).toBeGreaterThanOrEqual(8);
      expect(states, build).toEqual(
        expect.arrayContaining(['recording', 'sampled-out', 'replay-off', 'async-stub']),
      );
    }
  });

  test.each(RECORDINGS.map((recording) => [`${recording.build} ${recording.state}`, recording] as const))(
    '%s',
    (_name, recording) => {
      const dd = recording.dd_rum;
      const context = 'internalContext' in dd ? dd.internalContext : null;
      const sessionStart = context ? recordedSessionStart(recording, context.session_id) : null;
      const page = pageInfo({}, sessionStart === null ? CAPTURED_AT : sessionStart + 65_000);
      const detection = parseDatadogDetection(probeDatadog(recordedWindow(recording)), page);
      const expected = expectedFor(recording);
      if (expected.status !== 'ready') {
        expect(detection).toEqual(expected);
        return;
      }
      if (context === null) throw new Error('a ready state was recorded without a context');
      expect(detection).toEqual({
        status: 'ready',
        replay: expected.replay,
        privacy: expected.privacy,
        context: expect.objectContaining({
          applicationId: context.application_id,
          sessionId: context.session_id,
          viewId: context.view.id,
          sessionStart,
          sdkVersion: recording.version,
          site: 'datadoghq.eu',
        }),
      });
    },
  );
});
