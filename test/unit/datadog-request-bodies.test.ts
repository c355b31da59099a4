import { client as officialClient, v1, v2 } from '@datadog/datadog-api-client';
import { describe, expect, test } from 'vitest';
import { activeTime } from '@/lib/jobs/job';
import { DEVICE_LAYOUTS, DEVICE_TYPES } from '@/lib/page/device-layouts';
import type { DeviceType } from '@/lib/page/page-info';
import { saveForAllDevices } from '@/lib/providers/datadog/all-devices';
import { createDatadogClient, type DatadogClient } from '@/lib/providers/datadog/client';
import type { PageContext } from '@/lib/providers/datadog/context';
import { defaultSaveInput } from '@/lib/providers/datadog/default-input';
import type { DatadogJob, SaveInput } from '@/lib/providers/datadog/job';
import { runDatadogJob } from '@/lib/providers/datadog/save-job';
import { buildRepointAttributes, type ReplayLookup } from '@/lib/providers/datadog/snapshot-request';
import { modelIssues } from '../../sandbox/api/official-models';
import {
  CAPTURED_AT,
  pageContext,
  SESSION_ID,
  sandboxSegment,
  saveInput,
  saveJob,
  VIEW_ID,
} from './fixtures';

/**
 * Every Datadog request body the extension can send, made by its own builders and client, checked
 * against Datadog's models (the official client's, through sandbox/api/official-models.ts), and
 * sent again by the official client (`RumReplayHeatmapsApi`, `RumReplaySessionsApi`,
 * `KeyManagementApi`) from the same values: both must send the same request.
 */

const API = 'https://api.datadoghq.eu';
const KEYS = { apiKey: 'api-key-1', appKey: 'app-key-1' };

interface Sent {
  method: string;
  url: string;
  body: unknown;
}

/** A fetch that records what it is asked and answers as Datadog would (201 for a create, etc.). */
function recordingFetch() {
  const sent: Sent[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    sent.push({ method, url: String(input), body });
    const url = new URL(String(input));
    const reply = (status: number, json: unknown) =>
      new Response(JSON.stringify(json), { status, headers: { 'Content-Type': 'application/json' } });
    if (url.pathname.endsWith('/segments')) return reply(200, { data: { segments: [] } });
    if (url.pathname === '/api/v2/validate_keys') return reply(200, { status: 'ok' });
    if (url.pathname === '/api/v1/validate') return reply(200, { valid: true });
    if (method === 'DELETE') return new Response(null, { status: 204 });
    if (method === 'GET') return reply(200, { data: [] });
    const attributes = (body as { data: { attributes: object } }).data.attributes;
    return reply(method === 'POST' ? 201 : 200, { data: { id: 'snap-1', type: 'snapshots', attributes } });
  };
  return { sent, fetch: fetch as typeof globalThis.fetch };
}

function extensionClient() {
  const recorder = recordingFetch();
  const client = createDatadogClient({ baseUrl: API, ...KEYS, fetch: recorder.fetch, sleep: async () => {} });
  return { client, sent: recorder.sent };
}

/** Datadog's own client, on the same site and keys, recording what it sends. */
function officialApis() {
  const recorder = recordingFetch();
  const configuration = officialClient.createConfiguration({
    fetch: recorder.fetch,
    authMethods: { apiKeyAuth: KEYS.apiKey, appKeyAuth: KEYS.appKey },
  });
  configuration.setServerVariables({ site: 'datadoghq.eu' });
  return {
    sent: recorder.sent,
    heatmaps: new v2.RumReplayHeatmapsApi(configuration),
    sessions: new v2.RumReplaySessionsApi(configuration),
    keys: new v2.KeyManagementApi(configuration),
    authentication: new v1.AuthenticationApi(configuration),
  };
}

/** Method, path, query (in any order) and body: what makes two requests the same. */
function comparable({ method, url, body }: Sent) {
  const parsed = new URL(url);
  return {
    method,
    origin: parsed.origin,
    path: parsed.pathname,
    query: [...parsed.searchParams].sort(),
    body,
  };
}

/** What a save sends to create its snapshot, run by the real save job through the real client. */
async function createBodyOfSave(
  context: PageContext,
  input: SaveInput,
  segments: unknown[],
): Promise<unknown> {
  const { client, sent } = extensionClient();
  const answeringSegments: DatadogClient = { ...client, getSegments: async () => ({ data: { segments } }) };
  const clock = { now: context.capturedAt + 100 };
  const job = await runDatadogJob(saveJob({ context, input }), {
    client: answeringSegments,
    claimedSnapshotIds: async () => new Set(),
    twinRunning: async () => false,
    waitBudgetMs: 0,
    now: () => clock.now,
    time: activeTime({}, { monotonic: () => clock.now }),
    sleep: async (ms) => {
      clock.now += ms;
    },
    update: async () => {},
  });
  expect(job.state).toBe('done');
  const creates = sent.filter((request) => request.method === 'POST');
  expect(creates).toHaveLength(1);
  return creates[0]?.body;
}

/** The official client sends `body` (read through its model) as the create: the same request? */
async function officialCreate(body: unknown): Promise<Sent | undefined> {
  const official = officialApis();
  const model = v2.ObjectSerializer.deserialize(
    body,
    'SnapshotCreateRequest',
    '',
  ) as v2.SnapshotCreateRequest;
  await official.heatmaps.createReplayHeatmapSnapshot({ body: model });
  return official.sent[0];
}

const covering = [sandboxSegment(CAPTURED_AT - 2_000, CAPTURED_AT + 1_000, 0)];
const REPLAY: Record<string, unknown[]> = { 'replay found': covering, 'no replay found': [] };

function contextFor(device: DeviceType): PageContext {
  return pageContext({
    deviceGuess: device,
    viewport: { width: DEVICE_LAYOUTS[device].width, height: 720 },
    sdkVersion: '7.16.2',
  });
}

describe('create: every body a save can send', () => {
  const cases = DEVICE_TYPES.flatMap((device) =>
    [true, false].flatMap((selected) =>
      Object.keys(REPLAY).map((replay) => [device, selected, replay] as const),
    ),
  );

  test.each(cases)('%s, selected by the person: %s, %s', async (device, selected, replay) => {
    const input = saveInput({ deviceType: device, deviceTypeSelectedByUser: selected });
    const body = await createBodyOfSave(contextFor(device), input, REPLAY[replay] ?? []);
    expect(modelIssues('v2', body, 'SnapshotCreateRequest')).toEqual([]);
    expect(body).toMatchObject({
      data: { attributes: { device_type: device, is_device_type_selected_by_user: selected } },
    });
    const sentByExtension = { method: 'POST', url: `${API}/api/v2/replay/heatmap/snapshots`, body };
    expect(comparable(sentByExtension)).toEqual(comparable((await officialCreate(body)) as Sent));
  });

  test.each(DEVICE_TYPES)('one-action save (the defaults, device detected as %s)', async (device) => {
    const context = contextFor(device);
    const body = await createBodyOfSave(context, defaultSaveInput(context), covering);
    expect(modelIssues('v2', body, 'SnapshotCreateRequest')).toEqual([]);
    expect(body).toMatchObject({
      data: { attributes: { device_type: device, is_device_type_selected_by_user: false } },
    });
  });

  test('"save for all devices": one body per device, each selected by the person', async () => {
    const bodies: unknown[] = [];
    let width: number = DEVICE_LAYOUTS.desktop.width;
    await saveForAllDevices({ tabId: 1, frameId: 0 }, 720, {
      openLayout: async () => ({
        apply: async (layout) => {
          width = layout.width;
        },
        captureViewport: async () => '',
        end: async () => {},
      }),
      detect: async () => {
        const device = DEVICE_TYPES.find((type) => DEVICE_LAYOUTS[type].width === width) ?? 'desktop';
        return {
          status: 'ready',
          context: contextFor(device),
          replay: { state: 'recording', forced: false },
          privacy: { level: 'mask', source: 'sdk-default', overrides: 0 },
        };
      },
      save: async (context, input): Promise<DatadogJob> => {
        bodies.push(await createBodyOfSave(context, input, covering));
        return saveJob({ context, input });
      },
      sleep: async () => {},
      report: () => {},
    });
    expect(bodies).toHaveLength(DEVICE_TYPES.length);
    for (const body of bodies) expect(modelIssues('v2', body, 'SnapshotCreateRequest')).toEqual([]);
    expect(bodies.map((body) => (body as { data: { attributes: object } }).data.attributes)).toEqual(
      DEVICE_TYPES.map((device) =>
        expect.objectContaining({ device_type: device, is_device_type_selected_by_user: true }),
      ),
    );
  });
});

describe('update: every body a re-point can send', () => {
  const lookups: [string, ReplayLookup][] = [
    ['replay found', { status: 'recognised', segments: [{ start: CAPTURED_AT - 2_000, end: CAPTURED_AT }] }],
    ['no replay found', { status: 'recognised', segments: [] }],
    ['replay unrecognised', { status: 'unrecognised' }],
    ['replay check failed', { status: 'failed', reason: 'Datadog had a server error (500).' }],
  ];
  const cases = [true, false].flatMap((selected) =>
    lookups.map(([label, lookup]) => [selected, label, lookup] as const),
  );

  test.each(cases)('selected by the person: %s, %s', async (selected, _label, lookup) => {
    const { attributes } = buildRepointAttributes(pageContext(), selected, lookup);
    const { client, sent } = extensionClient();
    await client.updateSnapshot('snap-1', attributes);
    const [patch] = sent;
    expect(modelIssues('v2', patch?.body, 'SnapshotUpdateRequest')).toEqual([]);

    const official = officialApis();
    const model = v2.ObjectSerializer.deserialize(
      patch?.body,
      'SnapshotUpdateRequest',
      '',
    ) as v2.SnapshotUpdateRequest;
    await official.heatmaps.updateReplayHeatmapSnapshot({ snapshotId: 'snap-1', body: model });
    expect(comparable(patch as Sent)).toEqual(comparable(official.sent[0] as Sent));
  });
});

describe('requests without a body: the same path and query as the official client', () => {
  test('list, delete, segments and key validation', async () => {
    const { client, sent } = extensionClient();
    const official = officialApis();
    await client.listSnapshots({
      viewName: '/products/?',
      deviceType: 'mobile',
      applicationId: 'app',
      limit: 5,
    });
    await official.heatmaps.listReplayHeatmapSnapshots({
      filterViewName: '/products/?',
      filterDeviceType: 'mobile',
      filterApplicationId: 'app',
      pageLimit: 5,
    });
    await client.listSnapshots({ viewName: '/' });
    await official.heatmaps.listReplayHeatmapSnapshots({ filterViewName: '/' });
    await client.deleteSnapshot('snap-1');
    await official.heatmaps.deleteReplayHeatmapSnapshot({ snapshotId: 'snap-1' });
    await client.getSegments({ sessionId: SESSION_ID, viewId: VIEW_ID, ts: CAPTURED_AT, paging: 'p2' });
    await official.sessions.getSegments({
      sessionId: SESSION_ID,
      viewId: VIEW_ID,
      ts: CAPTURED_AT,
      paging: 'p2',
    });
    await client.getSegments({ sessionId: SESSION_ID, viewId: VIEW_ID });
    await official.sessions.getSegments({ sessionId: SESSION_ID, viewId: VIEW_ID });
    await client.validateKeys();
    await official.keys.validateAPIKey();
    await client.validateApiKey();
    await official.authentication.validate();
    expect(sent.map(comparable)).toEqual(official.sent.map(comparable));
  });
});

test('why the check walks the models itself: the client’s own reader lets these through', () => {
  const lenient: [string, unknown][] = [
    ['an enum value the spec does not list', { data: { type: 'snapshot' } }],
    ['null for a required attribute', { data: { type: null } }],
    ['a field the model does not name', { data: { type: 'snapshots', sesion_id: 'x' } }],
  ];
  for (const [label, body] of lenient) {
    expect(() => v2.ObjectSerializer.deserialize(body, 'SnapshotUpdateRequest', ''), label).not.toThrow();
    expect(modelIssues('v2', body, 'SnapshotUpdateRequest'), label).not.toEqual([]);
  }
  const fractional = { event_id: 'e', is_device_type_selected_by_user: false, start: 1.5 };
  expect(() =>
    v2.ObjectSerializer.deserialize(fractional, 'SnapshotUpdateRequestDataAttributes', ''),
  ).not.toThrow();
  expect(modelIssues('v2', fractional, 'SnapshotUpdateRequestDataAttributes')).toHaveLength(1);
});

describe('a broken body fails the same check', () => {
  async function saveBody(): Promise<Record<string, unknown>> {
    return (await createBodyOfSave(contextFor('desktop'), saveInput(), covering)) as Record<string, unknown>;
  }
  const attributesOf = (body: Record<string, unknown>) =>
    (body as { data: { attributes: Record<string, unknown> } }).data.attributes;

  test.each([
    'application_id',
    'device_type',
    'event_id',
    'is_device_type_selected_by_user',
    'snapshot_name',
    'start',
    'view_name',
  ])('without %s: refused, as by the official client', async (field) => {
    const body = await saveBody();
    delete attributesOf(body)[field];
    expect(modelIssues('v2', body, 'SnapshotCreateRequest')).toEqual([
      { path: ['data', 'attributes', field], kind: 'required', message: 'is required' },
    ]);
    // The official client refuses it too (its model reader names the attribute in camelCase).
    await expect(officialCreate(body)).rejects.toThrow('missing required property');
  });

  test.each([
    ['start', 1.5],
    ['start', '0'],
    ['is_device_type_selected_by_user', 'false'],
    ['view_name', null],
  ])('%s = %j: refused', async (field, value) => {
    const body = await saveBody();
    attributesOf(body)[field] = value;
    expect(modelIssues('v2', body, 'SnapshotCreateRequest')).toMatchObject([
      { path: ['data', 'attributes', field], kind: 'mistyped' },
    ]);
  });

  test('a wrong resource type and a field the spec does not name: refused', async () => {
    const body = await saveBody();
    (body as { data: Record<string, unknown> }).data.type = 'snapshot';
    attributesOf(body).sesion_id = SESSION_ID;
    expect(modelIssues('v2', body, 'SnapshotCreateRequest').map((issue) => issue.path.join('.'))).toEqual([
      'data.attributes.sesion_id',
      'data.type',
    ]);
  });

  test('an update carrying what only a create names: refused', async () => {
    const { attributes } = buildRepointAttributes(pageContext(), false, {
      status: 'recognised',
      segments: [],
    });
    const body = {
      data: { type: 'snapshots', id: 'snap-1', attributes: { ...attributes, view_name: '/other' } },
    };
    expect(modelIssues('v2', body, 'SnapshotUpdateRequest')).toMatchObject([
      { path: ['data', 'attributes', 'view_name'], kind: 'unknown-field' },
    ]);
  });
});
