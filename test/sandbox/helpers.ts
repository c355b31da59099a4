import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { type Browser, chromium } from '@playwright/test';
import { afterAll, beforeAll, onTestFinished } from 'vitest';
import { type Sandbox, type SandboxOptions, type SandboxState, startSandbox } from '../../sandbox/server';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../harness/browser';

/** Starts a sandbox on a random port with a fresh temp dataDir; closed after the test. */
export async function useSandbox(options: SandboxOptions = {}): Promise<Sandbox & { dataDir: string }> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'dd-sandbox-'));
  const sandbox = await startSandbox({ port: 0, ...options, dataDir });
  onTestFinished(() => sandbox.close().catch(() => {}));
  return Object.assign(sandbox, { dataDir });
}

export interface ApiCall {
  method?: string;
  body?: unknown;
  /** Override or drop (null) the auth headers. */
  apiKey?: string | null;
  appKey?: string | null;
}

export async function api(sandbox: Sandbox, pathAndQuery: string, call: ApiCall = {}) {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const apiKey = call.apiKey === undefined ? sandbox.apiKey : call.apiKey;
  const appKey = call.appKey === undefined ? sandbox.appKey : call.appKey;
  if (apiKey !== null) headers['DD-API-KEY'] = apiKey;
  if (appKey !== null) headers['DD-APPLICATION-KEY'] = appKey;
  if (call.body !== undefined) headers['Content-Type'] = 'application/json';
  const body = typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
  const res = await fetch(`${sandbox.url}${pathAndQuery}`, {
    method: call.method ?? 'GET',
    headers,
    body: call.body === undefined ? undefined : body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? safeJson(text) : undefined };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The create body from datadog-api.md / the API reference example. */
export function referenceCreateBody() {
  return {
    data: {
      type: 'snapshots',
      attributes: {
        application_id: 'aaaaaaaa-1111-2222-3333-bbbbbbbbbbbb',
        device_type: 'desktop',
        event_id: '11111111-2222-3333-4444-555555555555',
        is_device_type_selected_by_user: false,
        session_id: 'string',
        snapshot_name: 'My Snapshot',
        start: 0,
        view_id: 'string',
        view_name: '/home',
      },
    },
  };
}

/** The update body from the API reference example (its curl form, without data.id). */
export function referenceUpdateBody() {
  return {
    data: {
      type: 'snapshots',
      attributes: {
        event_id: '11111111-2222-3333-4444-555555555555',
        is_device_type_selected_by_user: false,
        start: 0,
      },
    },
  };
}

export const IDS = {
  application: 'aaaaaaaa-1111-2222-3333-bbbbbbbbbbbb',
  session: '00000000-0000-0000-0000-000000000001',
  view: '00000000-0000-0000-0000-000000000002',
};

export interface SegmentSpec {
  start: number;
  end: number;
  index: number;
  session?: string;
  view?: string;
  /** The segment's records; by default a Meta (800×600) and a full snapshot at `start`, one record at `end`. */
  records?: { type: number; timestamp: number; data?: unknown }[];
}

/** The SDK version the hand-made uploads claim, as every real major sends it (`dd-evp-origin-version`). */
export const TEST_SDK_VERSION = '7.16.2';

/** Uploads one replay segment to the intake exactly as the SDK does (multipart, deflated records). */
export async function uploadSegment(sandbox: Sandbox, spec: SegmentSpec): Promise<Response> {
  const form = segmentForm(spec);
  return fetch(intakeUrl(sandbox, '/api/v2/replay'), { method: 'POST', body: form });
}

/** The multipart body the SDK sends for one segment: metadata that matches its records. */
export function segmentForm(spec: SegmentSpec, metaOverrides: Record<string, unknown> = {}): FormData {
  const records = spec.records ?? [
    { type: 4, timestamp: spec.start, data: { href: 'https://example.com/', width: 800, height: 600 } },
    { type: 2, timestamp: spec.start, data: { node: { id: 1 } } },
    { type: 3, timestamp: spec.end, data: { source: 2 } },
  ];
  const raw = JSON.stringify({ records });
  const compressed = zlib.deflateSync(raw);
  const meta = {
    start: spec.start,
    end: spec.end,
    creation_reason: spec.index === 0 ? 'init' : 'segment_duration_limit',
    records_count: records.length,
    has_full_snapshot: records.some((record) => record.type === 2),
    index_in_view: spec.index,
    source: 'browser',
    raw_segment_size: raw.length,
    compressed_segment_size: compressed.length,
    application: { id: IDS.application },
    session: { id: spec.session ?? IDS.session },
    view: { id: spec.view ?? IDS.view },
    ...metaOverrides,
  };
  const form = new FormData();
  form.append('segment', new Blob([compressed]), `${meta.session.id}-${spec.start}`);
  form.append('event', new Blob([JSON.stringify(meta)], { type: 'application/json' }), 'blob');
  return form;
}

/** The proxy URL the SDK posts to, with the forwarded query every major sends. */
export function intakeUrl(sandbox: Sandbox, forwardPath: string, sdkVersion = TEST_SDK_VERSION): string {
  const separator = forwardPath.includes('?') ? '&' : '?';
  const query = new URLSearchParams({
    ddsource: 'browser',
    'dd-api-key': 'pubsandbox',
    'dd-evp-origin-version': sdkVersion,
    'dd-request-id': 'r1',
  });
  return `${sandbox.url}/intake?ddforward=${encodeURIComponent(`${forwardPath}${separator}${query}`)}`;
}

/** Polls `check` until it returns a value (not undefined) or the timeout expires. */
export async function waitFor<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One headless Chromium for the whole test file (pages in turn); the getter is valid inside tests. */
export function useBrowserForFile(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });
  afterAll(() => browser?.close());
  return () => {
    if (!browser) throw new Error('the browser is started by beforeAll');
    return browser;
  };
}

/** The ids `DD_RUM.getInternalContext()` gives for the page's current view. */
export interface SdkIds {
  application_id: string;
  session_id: string;
  view?: { id: string };
}

/** The sandbox's entry for the view the SDK named, if it has indexed it. */
export function findIndexedView(state: SandboxState, ids: SdkIds) {
  return state.applications
    .find((a) => a.id === ids.application_id)
    ?.sessions.find((s) => s.id === ids.session_id)
    ?.views.find((v) => v.id === ids.view?.id);
}
