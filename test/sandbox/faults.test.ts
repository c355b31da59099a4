import { expect, test } from 'vitest';
import { api, IDS, referenceCreateBody, uploadSegment, useSandbox, waitFor } from './helpers';

const SEGMENTS = `/api/v2/rum/replay/sessions/${IDS.session}/views/${IDS.view}/segments`;

async function postFaults(url: string, body: unknown) {
  return fetch(`${url}/_admin/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

test('rateLimit fault: 429 with the rate-limit headers, Reset = resetSeconds, Remaining 0, then recovers', async () => {
  const sandbox = await useSandbox();
  expect((await postFaults(sandbox.url, { rateLimit: { count: 1, resetSeconds: 7 } })).status).toBe(200);
  const limited = await api(sandbox, '/api/v2/validate_keys');
  expect([limited.status, limited.json]).toEqual([429, { errors: ['Too many requests'] }]);
  expect(limited.headers.get('x-ratelimit-reset')).toBe('7');
  expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
  expect(limited.headers.get('x-ratelimit-limit')).toBeTruthy();
  expect(limited.headers.get('x-ratelimit-period')).toBeTruthy();
  expect(limited.headers.get('x-ratelimit-name')).toBe('validate_keys');
  expect((await api(sandbox, '/api/v2/validate_keys')).status).toBe(200);
});

test.each([500, 502, 503] as const)(
  'serverError fault answers %i the given number of times',
  async (status) => {
    const sandbox = await useSandbox({ faults: { serverError: { count: 2, status } } });
    expect((await api(sandbox, '/api/v1/validate')).status).toBe(status);
    expect((await api(sandbox, '/api/v1/validate')).status).toBe(status);
    expect((await api(sandbox, '/api/v1/validate')).status).toBe(200);
  },
);

test('dropConnection fault destroys the socket without an answer; the sandbox keeps serving', async () => {
  const sandbox = await useSandbox();
  sandbox.setFaults({ dropConnection: { count: 1 } });
  await expect(api(sandbox, '/api/v1/validate')).rejects.toThrow();
  expect((await api(sandbox, '/api/v1/validate')).status).toBe(200);
});

test('malformedJson fault answers 200 with a truncated JSON body', async () => {
  const sandbox = await useSandbox();
  sandbox.setFaults({ malformedJson: { count: 1 } });
  const res = await api(sandbox, '/api/v2/validate_keys');
  expect(res.status).toBe(200);
  expect(res.text.length).toBeGreaterThan(0);
  expect(() => JSON.parse(res.text)).toThrow();
  expect((await api(sandbox, '/api/v2/validate_keys')).json).toEqual({ status: 'ok' });
});

test('latencyMs delays API answers until cleared; pathPrefix limits faults to matching paths', async () => {
  const sandbox = await useSandbox();
  sandbox.setFaults({ latencyMs: 300 });
  const started = Date.now();
  await api(sandbox, '/api/v1/validate');
  expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  await fetch(`${sandbox.url}/_admin/faults`, { method: 'DELETE' });
  sandbox.setFaults({ serverError: { count: 5 }, pathPrefix: '/api/v2/replay' });
  expect((await api(sandbox, '/api/v1/validate')).status).toBe(200);
  expect((await api(sandbox, '/api/v2/replay/heatmap/snapshots?filter[view_name]=/')).status).toBe(500);
});

test('faults never touch the intake, admin, demo or viewer', async () => {
  const sandbox = await useSandbox({ faults: { serverError: { count: 100 }, pathPrefix: '/' } });
  expect((await uploadSegment(sandbox, { index: 0, start: 1, end: 2 })).status).toBe(202);
  for (const path of ['/', '/demo/', '/_admin/state'])
    expect((await fetch(`${sandbox.url}${path}`)).status).toBe(200);
});

test('ingestionDelayMs hides a new segment from the segments API, then shows it', async () => {
  const sandbox = await useSandbox();
  sandbox.setFaults({ ingestionDelayMs: 400 });
  expect((await uploadSegment(sandbox, { index: 0, start: 1000, end: 1500 })).status).toBe(202);
  const hidden = await api(sandbox, SEGMENTS);
  expect(hidden.json).toEqual({ data: { segments: [] } });
  expect(sandbox.state().applications[0]?.sessions[0]?.views[0]?.segments[0]?.pending).toBe(true);
  await new Promise((r) => setTimeout(r, 450));
  const shown = await api(sandbox, SEGMENTS);
  expect((shown.json as { data: { segments: unknown[] } }).data.segments).toHaveLength(1);
});

test('bad fault bodies → 400', async () => {
  const sandbox = await useSandbox();
  for (const body of [
    { serverError: { count: 1, status: 418 } },
    { rateLimit: { count: -1 } },
    { bogus: 1 },
  ]) {
    const res = await postFaults(sandbox.url, body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: string[] }).errors.length).toBeGreaterThan(0);
  }
  const notJson = await fetch(`${sandbox.url}/_admin/faults`, { method: 'POST', body: '{' });
  expect(notJson.status).toBe(400);
});

const SNAPSHOTS = '/api/v2/replay/heatmap/snapshots';
const snapshotNames = (sandbox: Awaited<ReturnType<typeof useSandbox>>) =>
  sandbox.state().snapshots.map((snapshot) => snapshot.attributes.snapshot_name);

test('dropAfterCreate: the create is stored, then the connection drops unanswered; only successful POSTs use it up', async () => {
  const sandbox = await useSandbox();
  sandbox.setFaults({ dropAfterCreate: { count: 1 } });
  // A read and a refused create pass through untouched.
  expect((await api(sandbox, `${SNAPSHOTS}?filter[view_name]=/home`)).status).toBe(200);
  expect((await api(sandbox, SNAPSHOTS, { method: 'POST', body: { data: {} } })).status).toBe(400);
  await expect(api(sandbox, SNAPSHOTS, { method: 'POST', body: referenceCreateBody() })).rejects.toThrow();
  expect(snapshotNames(sandbox)).toEqual(['My Snapshot']);
  expect((await api(sandbox, SNAPSHOTS, { method: 'POST', body: referenceCreateBody() })).status).toBe(201);
  expect(snapshotNames(sandbox)).toHaveLength(2);
});

test("dropAfterCreate with answer 'partial': the create is stored, the status and half the body arrive, then the connection drops", async () => {
  const sandbox = await useSandbox();
  sandbox.setFaults({ dropAfterCreate: { count: 1, answer: 'partial' } });
  const res = await fetch(`${sandbox.url}${SNAPSHOTS}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'DD-API-KEY': sandbox.apiKey,
      'DD-APPLICATION-KEY': sandbox.appKey,
    },
    body: JSON.stringify(referenceCreateBody()),
  });
  expect(res.status).toBe(201);
  await expect(res.text()).rejects.toThrow();
  expect(snapshotNames(sandbox)).toEqual(['My Snapshot']);
});

test('slowRequests delays only the next `count` matching requests (counted in inFlight meanwhile); method narrows a fault set', async () => {
  const sandbox = await useSandbox();
  sandbox.setFaults({ slowRequests: { count: 1, ms: 400 }, method: 'GET' });
  const slow = api(sandbox, '/api/v1/validate');
  await waitFor(() => (sandbox.inFlight() === 1 ? true : undefined));
  await slow;
  expect(sandbox.inFlight()).toBe(0);
  sandbox.setFaults({ slowRequests: { count: 1, ms: 400 }, method: 'GET' });
  const timed = async (path: string, method = 'GET') => {
    const started = Date.now();
    const body = method === 'POST' ? referenceCreateBody() : undefined;
    await api(sandbox, path, { method, body });
    return Date.now() - started;
  };
  expect(await timed(SNAPSHOTS, 'POST')).toBeLessThan(300);
  expect(await timed('/api/v1/validate')).toBeGreaterThanOrEqual(380);
  expect(await timed('/api/v1/validate')).toBeLessThan(300);
  sandbox.setFaults({ serverError: { count: 1 }, method: 'POST' });
  expect((await api(sandbox, '/api/v1/validate')).status).toBe(200);
  expect((await api(sandbox, SNAPSHOTS, { method: 'POST', body: referenceCreateBody() })).status).toBe(500);
});

test('a slow create whose client gives up is still stored, like a server that received it', async () => {
  const sandbox = await useSandbox();
  sandbox.setFaults({ slowRequests: { count: 1, ms: 400 }, method: 'POST' });
  const gaveUp = fetch(`${sandbox.url}${SNAPSHOTS}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'DD-API-KEY': sandbox.apiKey,
      'DD-APPLICATION-KEY': sandbox.appKey,
    },
    body: JSON.stringify(referenceCreateBody()),
    signal: AbortSignal.timeout(100),
  });
  await expect(gaveUp).rejects.toThrow();
  await waitFor(() => (sandbox.inFlight() === 0 ? true : undefined));
  expect(snapshotNames(sandbox)).toEqual(['My Snapshot']);
});

test('down() refuses connections on the port, up() serves it again with everything kept', async () => {
  const sandbox = await useSandbox();
  expect((await api(sandbox, SNAPSHOTS, { method: 'POST', body: referenceCreateBody() })).status).toBe(201);
  expect((await uploadSegment(sandbox, { index: 0, start: 1000, end: 1500 })).status).toBe(202);
  await sandbox.down();
  await expect(fetch(`${sandbox.url}/_admin/state`)).rejects.toThrow();
  await sandbox.up();
  expect(snapshotNames(sandbox)).toEqual(['My Snapshot']);
  const listed = await api(sandbox, `${SNAPSHOTS}?filter[view_name]=/home`);
  expect((listed.json as { data: unknown[] }).data).toHaveLength(1);
  const segments = await api(sandbox, SEGMENTS);
  expect((segments.json as { data: { segments: unknown[] } }).data.segments).toHaveLength(1);
});
