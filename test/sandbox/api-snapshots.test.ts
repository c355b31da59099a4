import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { modelIssues } from '../../sandbox/api/official-models';
import { startSandbox } from '../../sandbox/server';
import { api, referenceCreateBody, referenceUpdateBody, useSandbox } from './helpers';

const SNAPSHOTS = '/api/v2/replay/heatmap/snapshots';

type Body = Record<string, unknown>;
/** A copy of `body` with the field at `path` deleted or replaced. */
function withField(body: Body, path: string[], value?: unknown): Body {
  const copy = structuredClone(body);
  let node: Body = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Body;
  const last = path.at(-1) ?? '';
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

async function createReferenceSnapshot(sandbox: Awaited<ReturnType<typeof useSandbox>>) {
  const res = await api(sandbox, SNAPSHOTS, { method: 'POST', body: referenceCreateBody() });
  expect(res.status).toBe(201);
  return (res.json as { data: { id: string; attributes: Body } }).data;
}

describe('auth', () => {
  test('validate endpoints accept the right keys and 403 the wrong ones', async () => {
    const sandbox = await useSandbox();
    expect((await api(sandbox, '/api/v1/validate', { appKey: null })).json).toEqual({ valid: true });
    expect((await api(sandbox, '/api/v2/validate_keys')).json).toEqual({ status: 'ok' });
    for (const keys of [{ apiKey: 'wrong' }, { apiKey: null }]) {
      const res = await api(sandbox, '/api/v1/validate', keys);
      expect([res.status, res.json]).toEqual([403, { errors: ['Forbidden'] }]);
    }
    for (const keys of [{ apiKey: 'wrong' }, { appKey: 'wrong' }, { appKey: null }, { apiKey: null }]) {
      expect((await api(sandbox, '/api/v2/validate_keys', keys)).status).toBe(403);
    }
  });

  test('auth is checked before validation', async () => {
    const sandbox = await useSandbox();
    const res = await api(sandbox, SNAPSHOTS, { method: 'POST', body: 'not json', appKey: 'wrong' });
    expect([res.status, res.json]).toEqual([403, { errors: ['Forbidden'] }]);
  });
});

describe('create', () => {
  test('accepts the reference example and answers 201 with a full SnapshotData', async () => {
    const sandbox = await useSandbox();
    const data = await createReferenceSnapshot(sandbox);
    expect(data.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(data).toMatchObject({ type: 'snapshots', attributes: referenceCreateBody().data.attributes });
    for (const key of [
      'created_at',
      'created_by',
      'created_by_handle',
      'created_by_user_id',
      'modified_at',
      'org_id',
    ]) {
      expect(data.attributes).toHaveProperty(key);
    }
  });

  const required = [
    'application_id',
    'device_type',
    'event_id',
    'is_device_type_selected_by_user',
    'snapshot_name',
    'start',
    'view_name',
  ];
  test.each(required)('missing data.attributes.%s → 400 naming it', async (field) => {
    const sandbox = await useSandbox();
    const body = withField(referenceCreateBody(), ['data', 'attributes', field]);
    const res = await api(sandbox, SNAPSHOTS, { method: 'POST', body });
    expect([res.status, res.json]).toEqual([400, { errors: [`data.attributes.${field} is required`] }]);
  });

  test.each([
    [['data'], 'data is required'],
    [['data', 'type'], 'data.type is required'],
    [['data', 'attributes'], 'data.attributes is required'],
  ])('missing %j → 400', async (path, message) => {
    const sandbox = await useSandbox();
    const res = await api(sandbox, SNAPSHOTS, {
      method: 'POST',
      body: withField(referenceCreateBody(), path),
    });
    expect([res.status, res.json]).toEqual([400, { errors: [message] }]);
  });

  test.each([
    ['start', 1.5, 'data.attributes.start must be an integer'],
    ['start', '0', 'data.attributes.start must be an integer'],
    [
      'is_device_type_selected_by_user',
      'no',
      'data.attributes.is_device_type_selected_by_user must be a boolean',
    ],
    ['snapshot_name', 7, 'data.attributes.snapshot_name must be a string'],
  ])('mistyped %s (%j) → 400', async (field, value, message) => {
    const sandbox = await useSandbox();
    const body = withField(referenceCreateBody(), ['data', 'attributes', field], value);
    const res = await api(sandbox, SNAPSHOTS, { method: 'POST', body });
    expect([res.status, res.json]).toEqual([400, { errors: [message] }]);
  });

  test.each([
    [
      ['data', 'attributes', 'sesion_id'],
      'x',
      'data.attributes.sesion_id must not be sent: SnapshotCreateRequestDataAttributes',
    ],
    [['data', 'id'], 'x', 'data.id must not be sent: SnapshotCreateRequestData'],
    [['data', 'attributes', 'view_name'], null, 'data.attributes.view_name must be a string'],
    [['data', 'attributes', 'session_id'], null, 'data.attributes.session_id must be a string'],
    [['data'], 'snapshots', 'data must be an object'],
  ])('%j = %j, which the spec does not allow → 400, nothing stored', async (path, value, message) => {
    const sandbox = await useSandbox();
    const res = await api(sandbox, SNAPSHOTS, {
      method: 'POST',
      body: withField(referenceCreateBody(), path, value),
    });
    expect(res.status).toBe(400);
    expect((res.json as { errors: string[] }).errors[0]).toContain(message);
    expect(sandbox.state().snapshots).toEqual([]);
  });

  test('wrong type and non-JSON bodies → 400', async () => {
    const sandbox = await useSandbox();
    const wrongType = await api(sandbox, SNAPSHOTS, {
      method: 'POST',
      body: withField(referenceCreateBody(), ['data', 'type'], 'snapshot'),
    });
    expect([wrongType.status, wrongType.json]).toEqual([
      400,
      {
        errors: [
          "data.type must be one of the values of SnapshotUpdateRequestDataType in Datadog's API spec",
        ],
      },
    ]);
    const notJson = await api(sandbox, SNAPSHOTS, { method: 'POST', body: '{"data":' });
    expect([notJson.status, notJson.json]).toEqual([400, { errors: ['request body is not valid JSON'] }]);
  });
});

describe('update', () => {
  test('accepts the reference example, with and without a matching data.id', async () => {
    const sandbox = await useSandbox();
    const created = await createReferenceSnapshot(sandbox);
    const body = withField(referenceUpdateBody(), ['data', 'attributes', 'start'], 1234);
    const res = await api(sandbox, `${SNAPSHOTS}/${created.id}`, { method: 'PATCH', body });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      data: { id: created.id, attributes: { start: 1234, snapshot_name: 'My Snapshot' } },
    });
    const withId = withField(referenceUpdateBody(), ['data', 'id'], created.id);
    expect((await api(sandbox, `${SNAPSHOTS}/${created.id}`, { method: 'PATCH', body: withId })).status).toBe(
      200,
    );
  });

  test.each(['event_id', 'is_device_type_selected_by_user', 'start'])(
    'missing %s → 400 naming it',
    async (field) => {
      const sandbox = await useSandbox();
      const created = await createReferenceSnapshot(sandbox);
      const body = withField(referenceUpdateBody(), ['data', 'attributes', field]);
      const res = await api(sandbox, `${SNAPSHOTS}/${created.id}`, { method: 'PATCH', body });
      expect([res.status, res.json]).toEqual([400, { errors: [`data.attributes.${field} is required`] }]);
    },
  );

  test.each(['snapshot_name', 'device_type', 'view_name', 'application_id'])(
    '%s is not among the update’s attributes in the spec: refused, the snapshot unchanged',
    async (field) => {
      const sandbox = await useSandbox();
      const created = await createReferenceSnapshot(sandbox);
      const body = withField(referenceUpdateBody(), ['data', 'attributes', field], 'other');
      const res = await api(sandbox, `${SNAPSHOTS}/${created.id}`, { method: 'PATCH', body });
      expect([res.status, res.json]).toEqual([
        400,
        {
          errors: [
            `data.attributes.${field} must not be sent: SnapshotUpdateRequestDataAttributes in Datadog's API spec has no such field`,
          ],
        },
      ]);
      expect(sandbox.state().snapshots[0]?.attributes[field as 'snapshot_name']).not.toBe('other');
    },
  );

  test('an update without attributes names nothing to re-point: 400', async () => {
    const sandbox = await useSandbox();
    const created = await createReferenceSnapshot(sandbox);
    const body = withField(referenceUpdateBody(), ['data', 'attributes']);
    const res = await api(sandbox, `${SNAPSHOTS}/${created.id}`, { method: 'PATCH', body });
    expect([res.status, res.json]).toEqual([400, { errors: ['data.attributes is required'] }]);
  });

  test('mismatched data.id → 400, wrong type → 400, unknown id → 404', async () => {
    const sandbox = await useSandbox();
    const created = await createReferenceSnapshot(sandbox);
    const mismatched = withField(referenceUpdateBody(), ['data', 'id'], 'another-id');
    expect(
      (await api(sandbox, `${SNAPSHOTS}/${created.id}`, { method: 'PATCH', body: mismatched })).status,
    ).toBe(400);
    const wrongType = withField(referenceUpdateBody(), ['data', 'type'], 'views');
    expect(
      (await api(sandbox, `${SNAPSHOTS}/${created.id}`, { method: 'PATCH', body: wrongType })).status,
    ).toBe(400);
    const unknown = await api(sandbox, `${SNAPSHOTS}/nope`, { method: 'PATCH', body: referenceUpdateBody() });
    expect([unknown.status, unknown.json]).toEqual([404, { errors: ['Not found'] }]);
  });
});

describe('list and delete', () => {
  test('list requires filter[view_name] and filters by device, application and page[limit]', async () => {
    const sandbox = await useSandbox();
    await createReferenceSnapshot(sandbox);
    await createReferenceSnapshot(sandbox);
    const mobile = withField(referenceCreateBody(), ['data', 'attributes', 'device_type'], 'mobile');
    await api(sandbox, SNAPSHOTS, { method: 'POST', body: mobile });

    const missing = await api(sandbox, SNAPSHOTS);
    expect([missing.status, missing.json]).toEqual([400, { errors: ['filter[view_name] is required'] }]);
    const count = async (query: string) =>
      ((await api(sandbox, `${SNAPSHOTS}?${query}`)).json as { data: [] }).data.length;
    expect(await count('filter[view_name]=/home')).toBe(3);
    expect(await count('filter[view_name]=/other')).toBe(0);
    expect(await count('filter[view_name]=/home&filter[device_type]=mobile')).toBe(1);
    expect(await count('filter[view_name]=/home&filter[application_id]=zzz')).toBe(0);
    expect(await count('filter[view_name]=/home&page[limit]=2')).toBe(2);
    for (const bad of ['0', '-1', 'abc', '1.5']) {
      const res = await api(sandbox, `${SNAPSHOTS}?filter[view_name]=/home&page[limit]=${bad}`);
      expect([res.status, res.json]).toEqual([400, { errors: ['page[limit] must be a positive integer'] }]);
    }
  });

  test('delete answers 204 with no body, then 404', async () => {
    const sandbox = await useSandbox();
    const created = await createReferenceSnapshot(sandbox);
    const res = await api(sandbox, `${SNAPSHOTS}/${created.id}`, { method: 'DELETE' });
    expect([res.status, res.text]).toEqual([204, '']);
    expect((await api(sandbox, `${SNAPSHOTS}/${created.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  test('unknown API routes → 404', async () => {
    const sandbox = await useSandbox();
    expect((await api(sandbox, '/api/v2/nothing-here')).status).toBe(404);
  });
});

test('every answer is an instance of the official model its operation returns', async () => {
  const sandbox = await useSandbox();
  const created = await api(sandbox, SNAPSHOTS, { method: 'POST', body: referenceCreateBody() });
  const { id } = (created.json as { data: { id: string } }).data;
  const updated = await api(sandbox, `${SNAPSHOTS}/${id}`, { method: 'PATCH', body: referenceUpdateBody() });
  const listed = await api(sandbox, `${SNAPSHOTS}?filter[view_name]=/home`);
  const refused = await api(sandbox, SNAPSHOTS, { method: 'POST', body: {} });
  const answers = [
    ['v2', created, 'Snapshot', 201],
    ['v2', updated, 'Snapshot', 200],
    ['v2', listed, 'SnapshotArray', 200],
    ['v2', refused, 'APIErrorResponse', 400],
    ['v1', await api(sandbox, '/api/v1/validate'), 'AuthenticationValidationResponse', 200],
    ['v2', await api(sandbox, '/api/v2/validate_keys'), 'ValidateAPIKeyResponse', 200],
    ['v2', await api(sandbox, '/api/v2/validate_keys', { appKey: 'wrong' }), 'APIErrorResponse', 403],
  ] as const;
  for (const [version, answer, model, status] of answers) {
    expect([answer.status, modelIssues(version, answer.json, model)], model).toEqual([status, []]);
  }
  // The check itself refuses what the models do not allow.
  expect(modelIssues('v2', { data: [{ id: 'x' }] }, 'SnapshotArray')).toHaveLength(1);
});

test('snapshots survive a restart with the same dataDir', async () => {
  const first = await useSandbox();
  const created = await createReferenceSnapshot(first);
  await first.close();
  const second = await startSandbox({ port: 0, dataDir: first.dataDir });
  try {
    const res = await api(second, `${SNAPSHOTS}?filter[view_name]=/home`);
    expect(res.json).toEqual({ data: [created] });
  } finally {
    await second.close();
  }
});

test.each([
  ['not the model (start as text)', { start: '0' }],
  ['the model, but without what the sandbox always sets', { start: 0 }],
])('a snapshots file that is %s is set aside, not served', async (_label, attributes) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dd-sandbox-'));
  const snapshot = { id: 'x', type: 'snapshots', attributes };
  fs.writeFileSync(
    path.join(dataDir, 'snapshots.json'),
    JSON.stringify({ version: 1, snapshots: [snapshot] }),
  );
  const logged: string[] = [];
  const sandbox = await useSandbox({ dataDir, log: (line) => logged.push(line) });
  expect(sandbox.state().snapshots).toEqual([]);
  expect(fs.readdirSync(dataDir).some((name) => name.startsWith('snapshots.json.corrupt-'))).toBe(true);
  expect(logged.join('\n')).toContain('snapshots file was unreadable');
});

test('every API response carries the rate-limit headers, and the window really limits', async () => {
  const sandbox = await useSandbox();
  const responses = [
    await api(sandbox, '/api/v1/validate'),
    await api(sandbox, '/api/v2/validate_keys', { appKey: 'wrong' }),
    await api(sandbox, SNAPSHOTS),
    await api(sandbox, '/api/v2/unknown'),
    await api(sandbox, `${SNAPSHOTS}/x`, { method: 'DELETE' }),
  ];
  for (const res of responses) {
    for (const header of ['limit', 'period', 'remaining', 'reset', 'name']) {
      expect(res.headers.get(`x-ratelimit-${header}`), header).toBeTruthy();
    }
  }
  const statuses: number[] = [];
  for (let i = 0; i < 101; i++) statuses.push((await api(sandbox, '/api/v1/validate')).status);
  // One validate call already happened above: the 100th in this window is the last allowed.
  expect(statuses.filter((s) => s === 200)).toHaveLength(99);
  const limited = await api(sandbox, '/api/v1/validate');
  expect([limited.status, limited.json]).toEqual([429, { errors: ['Too many requests'] }]);
  expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
  expect(limited.headers.get('x-ratelimit-name')).toBe('validate');
  // Buckets are per endpoint name.
  expect((await api(sandbox, '/api/v2/validate_keys')).status).toBe(200);
});
