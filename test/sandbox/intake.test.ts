import zlib from 'node:zlib';
import { expect, test } from 'vitest';
import type { Sandbox } from '../../sandbox/server';
import { IDS, intakeUrl, segmentForm, TEST_SDK_VERSION, uploadSegment, useSandbox } from './helpers';

function viewEvent(overrides: {
  type?: string;
  version: number;
  date: number;
  name?: string;
  hasReplay?: boolean;
}) {
  return {
    type: overrides.type ?? 'view',
    date: overrides.date,
    application: { id: IDS.application },
    session: { id: IDS.session, has_replay: overrides.hasReplay },
    view: { id: IDS.view, url: 'https://shop.example/products/42', name: overrides.name },
    display: { viewport: { width: 1024, height: 768 } },
    _dd: { document_version: overrides.version },
  };
}

function postRum(sandbox: Sandbox, body: string, forwardPath = '/api/v2/rum') {
  return fetch(intakeUrl(sandbox, forwardPath), {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'text/plain' },
  });
}

const ndjson = (...events: unknown[]) => events.map((e) => JSON.stringify(e)).join('\n');

test('indexes view events (plain and deflate), keeping the newest document version and merging view_update', async () => {
  const sandbox = await useSandbox();
  const newer = viewEvent({ version: 3, date: 2000, name: 'checkout', hasReplay: true });
  const older = viewEvent({ version: 1, date: 1000, hasReplay: false });
  expect((await postRum(sandbox, ndjson(newer, { type: 'action', date: 1 }))).status).toBe(202);
  const deflated = zlib.deflateSync(ndjson(older), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const res = await fetch(intakeUrl(sandbox, '/api/v2/rum?dd-evp-encoding=deflate'), {
    method: 'POST',
    body: new Uint8Array(deflated),
  });
  expect(res.status).toBe(202);
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  const update = { ...viewEvent({ type: 'view_update', version: 4, date: 3000 }), display: undefined };
  update.view = { id: IDS.view, url: 'https://shop.example/products/42', name: undefined };
  await postRum(sandbox, ndjson(update));

  const view = sandbox.state().applications[0]?.sessions[0]?.views[0];
  expect(view).toMatchObject({
    id: IDS.view,
    name: 'checkout',
    url: 'https://shop.example/products/42',
    first_seen: 1000,
    last_seen: 3000,
    has_replay: true,
    viewport: { width: 1024, height: 768 },
    document_version: 4,
    sdk_version: TEST_SDK_VERSION,
  });
});

test('a segment uploaded before its view event creates the view', async () => {
  const sandbox = await useSandbox();
  expect((await uploadSegment(sandbox, { index: 0, start: 5, end: 9 })).status).toBe(202);
  const state = await (await fetch(`${sandbox.url}/_admin/state`)).json();
  expect(state.applications[0].sessions[0].views[0]).toMatchObject({
    id: IDS.view,
    segments: [{ start: 5, end: 9 }],
  });
  expect(state.applications[0].sessions[0].views[0].segments[0].records).toBeUndefined();
});

test('answers CORS preflight', async () => {
  const sandbox = await useSandbox();
  const res = await fetch(intakeUrl(sandbox, '/api/v2/rum'), { method: 'OPTIONS' });
  expect(res.status).toBe(204);
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
});

function replayForm(parts: { segment?: Blob | string; event?: Blob | string }) {
  const form = new FormData();
  if (parts.segment !== undefined) form.append('segment', parts.segment);
  if (parts.event !== undefined) form.append('event', parts.event);
  return form;
}
const goodRecords = '{"records":[{"type":4,"timestamp":1}]}';
const goodSegment = new Blob([zlib.deflateSync(goodRecords)]);
const goodEvent = JSON.stringify({
  start: 1,
  end: 1,
  creation_reason: 'init',
  records_count: 1,
  has_full_snapshot: false,
  index_in_view: 0,
  source: 'browser',
  raw_segment_size: goodRecords.length,
  compressed_segment_size: zlib.deflateSync(goodRecords).length,
  application: { id: 'a' },
  session: { id: 's' },
  view: { id: 'v' },
});

test.each<[string, () => Promise<Response>, string]>([
  ['unknown ddforward', () => postRum(sandbox(), 'x', '/api/v2/logs'), 'ddforward path'],
  [
    'missing ddforward',
    () => fetch(`${sandbox().url}/intake`, { method: 'POST', body: 'x' }),
    'ddforward is required',
  ],
  [
    'RUM line not JSON',
    () => postRum(sandbox(), '{"type":"action"}\nnot json'),
    'RUM batch line 2 is not valid JSON',
  ],
  ['view event without ids', () => postRum(sandbox(), '{"type":"view","date":1}'), 'application is required'],
  [
    'bad deflate',
    () => postRum(sandbox(), 'plain', '/api/v2/rum?dd-evp-encoding=deflate'),
    'not valid deflate',
  ],
  ['replay not multipart', () => postRum(sandbox(), 'x', '/api/v2/replay'), 'multipart/form-data'],
  [
    'replay with a broken multipart body',
    () =>
      fetch(intakeUrl(sandbox(), '/api/v2/replay'), {
        method: 'POST',
        headers: { 'Content-Type': 'multipart/form-data; boundary=zzz' },
        body: '--zzz\r\nbroken',
      }),
    'not valid multipart',
  ],
  [
    'replay without segment part',
    () => postReplay(replayForm({ event: goodEvent })),
    'part "segment" is required',
  ],
  [
    'replay event not JSON',
    () => postReplay(replayForm({ event: '{', segment: goodSegment })),
    'part "event" is not valid JSON',
  ],
  [
    'replay event missing a field',
    () =>
      postReplay(
        replayForm({
          event: JSON.stringify({ ...JSON.parse(goodEvent), start: undefined }),
          segment: goodSegment,
        }),
      ),
    'replay upload: event.start is required',
  ],
  [
    'segment not deflate',
    () => postReplay(replayForm({ event: goodEvent, segment: 'plain' })),
    'part "segment" is not valid deflate',
  ],
  [
    'segment not JSON',
    () => postReplay(replayForm({ event: goodEvent, segment: new Blob([zlib.deflateSync('nope')]) })),
    'part "segment" is not valid JSON',
  ],
  [
    'a path below a known intake',
    () => postReplay(segmentForm({ index: 0, start: 1, end: 2 }), '/api/v2/replay/v1/input'),
    'ddforward path "/api/v2/replay/v1/input" is not a known intake',
  ],
  [
    'forwarded query without ddsource',
    () =>
      fetch(`${sandbox().url}/intake?ddforward=${encodeURIComponent('/api/v2/rum?dd-api-key=k')}`, {
        method: 'POST',
        body: '',
      }),
    'ddforward query: ddsource is required',
  ],
  [
    'an SDK version that is none',
    () => fetch(intakeUrl(sandbox(), '/api/v2/rum', 'latest'), { method: 'POST', body: '' }),
    'dd-evp-origin-version must be a version',
  ],
  ...(
    [
      ['records_count', 2, 'must equal the number of records (1)'],
      ['raw_segment_size', 3, 'must equal the inflated part "segment" size'],
      ['compressed_segment_size', 3, 'must equal the part "segment" size'],
      ['start', 0, 'must equal the first record time (1)'],
      ['end', 5, 'must equal the last record time (1)'],
      ['has_full_snapshot', true, 'must equal whether a record is a full snapshot (false)'],
      ['creation_reason', 'whim', 'must be one of'],
      ['source', 'android', 'must be one of: "browser"'],
    ] as const
  ).map(([field, value, message]): [string, () => Promise<Response>, string] => [
    `segment metadata with a wrong ${field}`,
    () =>
      postReplay(
        replayForm({
          event: JSON.stringify({ ...JSON.parse(goodEvent), [field]: value }),
          segment: goodSegment,
        }),
      ),
    `replay upload: event.${field} ${message}`,
  ]),
])('garbage: %s → 400 and the sandbox keeps serving', async (_name, send, message) => {
  current = await useSandbox();
  const res = await send();
  expect(res.status).toBe(400);
  const body = (await res.json()) as { errors: string[] };
  expect(body.errors[0]).toContain(message);
  expect((await uploadSegment(current, { index: 0, start: 1, end: 2 })).status).toBe(202);
});

let current: Sandbox | undefined;
function sandbox(): Sandbox {
  if (!current) throw new Error('no sandbox');
  return current;
}
function postReplay(form: FormData, forwardPath = '/api/v2/replay') {
  return fetch(intakeUrl(sandbox(), forwardPath), { method: 'POST', body: form });
}

test('the hand-made segment the garbage cases break is itself accepted', async () => {
  current = await useSandbox();
  expect((await postReplay(replayForm({ event: goodEvent, segment: goodSegment }))).status).toBe(202);
  expect(current.state().applications[0]?.sessions[0]?.views[0]?.segments).toHaveLength(1);
});

test('an upload without the client token is refused with 403, as Datadog does', async () => {
  const sandbox = await useSandbox();
  const forward = encodeURIComponent('/api/v2/rum?ddsource=browser&dd-evp-origin-version=7.16.2');
  const res = await fetch(`${sandbox.url}/intake?ddforward=${forward}`, { method: 'POST', body: '' });
  expect([res.status, ((await res.json()) as { errors: string[] }).errors]).toEqual([
    403,
    ['ddforward query dd-api-key is required'],
  ]);
});

test('a segment sent again (same view and index_in_view) is acknowledged but indexed once', async () => {
  const sandbox = await useSandbox();
  for (let i = 0; i < 2; i += 1) {
    expect((await uploadSegment(sandbox, { index: 0, start: 10, end: 20 })).status).toBe(202);
  }
  expect((await uploadSegment(sandbox, { index: 1, start: 30, end: 40 })).status).toBe(202);
  const view = sandbox.state().applications[0]?.sessions[0]?.views[0];
  expect(view?.segments.map((s) => s.index_in_view)).toEqual([0, 1]);
  expect(view?.repeated_segment_uploads).toBe(1);
  expect(await (await fetch(`${sandbox.url}/`)).text()).toContain('2 (1 resent upload not indexed again)');
});

test('each view and session names the SDK versions that uploaded for it', async () => {
  const sandbox = await useSandbox();
  const other = '00000000-0000-0000-0000-000000000003';
  const rumOther = JSON.stringify({ ...viewEvent({ version: 1, date: 1 }), view: { id: other } });
  expect(
    (await fetch(intakeUrl(sandbox, '/api/v2/rum', '5.35.1'), { method: 'POST', body: rumOther })).status,
  ).toBe(202);
  const replay = segmentForm({ index: 0, start: 1, end: 2 });
  expect(
    (await fetch(intakeUrl(sandbox, '/api/v2/replay', '4.50.1'), { method: 'POST', body: replay })).status,
  ).toBe(202);
  const session = sandbox.state().applications[0]?.sessions[0];
  expect(session?.sdk_versions).toEqual(['4.50.1', '5.35.1']);
  expect(session?.views.map((v) => [v.id, v.sdk_version])).toEqual([
    [other, '5.35.1'],
    [IDS.view, '4.50.1'],
  ]);
  const html = await (await fetch(`${sandbox.url}/`)).text();
  expect(html).toContain('SDK 4.50.1, 5.35.1');
  expect(html).toContain('<td>5.35.1</td>');
});
