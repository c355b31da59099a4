import { describe, expect, test } from 'vitest';
import { api, referenceCreateBody, useSandbox } from './helpers';
import { ph, projectPath } from './posthog-helpers';

/** Several Datadog orgs in one sandbox, as the profiles e2e needs: each its own key pair and snapshots. */

const SNAPSHOTS = '/api/v2/replay/heatmap/snapshots';
const SECOND = { name: 'second', apiKey: 'second-api-key', appKey: 'second-app-key' };
const second = { apiKey: SECOND.apiKey, appKey: SECOND.appKey };

function listPath() {
  const view = referenceCreateBody().data.attributes.view_name;
  return `${SNAPSHOTS}?filter[view_name]=${encodeURIComponent(view)}`;
}

describe('orgs', () => {
  test('each org’s key pair is accepted, keys of two orgs mixed are not', async () => {
    const sandbox = await useSandbox({ orgs: [SECOND] });
    expect((await api(sandbox, '/api/v2/validate_keys')).status).toBe(200);
    expect((await api(sandbox, '/api/v2/validate_keys', second)).status).toBe(200);
    expect((await api(sandbox, '/api/v2/validate_keys', { apiKey: SECOND.apiKey })).status).toBe(403);
  });

  test('records which org’s keys each request carried', async () => {
    const sandbox = await useSandbox({ orgs: [SECOND] });
    await api(sandbox, '/api/v2/validate_keys');
    await api(sandbox, '/api/v1/validate', { ...second, appKey: null });
    await api(sandbox, '/api/v2/validate_keys', { apiKey: 'wrong' });
    expect(sandbox.apiRequestKeys()).toEqual([
      { request: 'GET /api/v2/validate_keys', org: 'default', bearer: false, keyHeaders: true },
      { request: 'GET /api/v1/validate', org: 'second', bearer: false, keyHeaders: true },
      { request: 'GET /api/v2/validate_keys', org: null, bearer: false, keyHeaders: true },
    ]);
    expect(sandbox.apiRequests()).toEqual([
      'GET /api/v2/validate_keys',
      'GET /api/v1/validate',
      'GET /api/v2/validate_keys',
    ]);
  });

  test('a snapshot belongs to the org whose keys created it: listed, changed and deleted only with them', async () => {
    const sandbox = await useSandbox({ orgs: [SECOND] });
    const created = await api(sandbox, SNAPSHOTS, { method: 'POST', body: referenceCreateBody(), ...second });
    expect(created.status).toBe(201);
    const snapshot = (created.json as { data: { id: string; attributes: { org_id: number } } }).data;
    expect(snapshot.attributes.org_id).toBe(2);

    const listed = (keys: object) =>
      api(sandbox, listPath(), keys).then((res) =>
        (res.json as { data: { id: string }[] }).data.map((s) => s.id),
      );
    expect(await listed(second)).toEqual([snapshot.id]);
    expect(await listed({})).toEqual([]);

    expect((await api(sandbox, `${SNAPSHOTS}/${snapshot.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await api(sandbox, `${SNAPSHOTS}/${snapshot.id}`, { method: 'DELETE', ...second })).status).toBe(
      204,
    );
  });
});

describe('PostHog personal keys', () => {
  test('records which personal key each authenticated request carried', async () => {
    const sandbox = await useSandbox();
    await ph(sandbox, projectPath(sandbox, 'saved/'));
    await ph(sandbox, projectPath(sandbox, 'saved/'), { key: sandbox.posthog.readKey });
    await ph(sandbox, projectPath(sandbox, 'saved/'), { key: 'phx_unknown' });
    const path = `GET ${projectPath(sandbox, 'saved/')}`;
    expect(sandbox.posthogRequestKeys()).toEqual([
      { request: path, key: sandbox.posthog.fullKey },
      { request: path, key: sandbox.posthog.readKey },
    ]);
  });
});
