import zlib from 'node:zlib';
import { expect, test } from 'vitest';
import type { Sandbox } from '../../sandbox/server';
import { IDS, intakeUrl, uploadSegment, useSandbox } from './helpers';

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
  const res = await fetch(
    `${sandbox.url}/intake?ddforward=${encodeURIComponent('/api/v2/rum?dd-evp-encoding=deflate')}`,
    { method: 'POST', body: new Uint8Array(deflated) },
  );
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
const goodEvent = JSON.stringify({
  start: 1,
  end: 2,
  creation_reason: 'init',
  records_count: 0,
  has_full_snapshot: false,
  index_in_view: 0,
  source: 'browser',
  raw_segment_size: 2,
  application: { id: 'a' },
  session: { id: 's' },
  view: { id: 'v' },
});
const goodSegment = new Blob([zlib.deflateSync('{"records":[]}')]);

test.each([
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
    'part "event": start is required',
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
function postReplay(form: FormData) {
  return fetch(intakeUrl(sandbox(), '/api/v2/replay'), { method: 'POST', body: form });
}
