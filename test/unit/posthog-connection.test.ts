import { beforeEach, describe, expect, test } from 'vitest';
import {
  createPosthogClient,
  type PosthogClient,
  type PosthogClientOptions,
  WRITE_CHECK_SHORT_ID,
} from '@/lib/providers/posthog/client';
import { findProjectForToken, testPosthogConnection } from '@/lib/providers/posthog/connection';
import { PosthogApiError } from '@/lib/providers/posthog/errors';
import type { Project } from '@/lib/providers/posthog/schemas';
import { grantAllHostAccess } from './fixtures';
import { API_KEY, API_URL, fakePosthog, PROJECT_ID, READ_ONLY_KEY } from './posthog-fixtures';

beforeEach(() => {
  grantAllHostAccess();
});

const TOKEN = 'phc_realLikeToken0123456789abcdefghijklmnopq';
const SETTINGS = { apiUrl: 'https://eu.posthog.com', projectId: '123', apiKey: 'phx_key' };
const PROJECTS: Project[] = [
  { id: 7, name: 'Other', api_token: 'phc_otherToken0123456789' },
  { id: 123, name: 'Shop', api_token: TOKEN },
];

type Outcome = 'ok' | PosthogApiError;
const auth = () => new PosthogApiError('auth', 'refused', { status: 401 });
const scope = () => new PosthogApiError('scope', 'scope', { status: 403 });
const notFound = () => new PosthogApiError('not-found', 'nf', { status: 404 });
const network = () => new PosthogApiError('network', 'Could not reach eu.posthog.com: Failed to fetch.');

/** A client with one scripted outcome per step, recording which project each client was made for. */
function fakeClients(steps: {
  read?: Outcome;
  write?: 'granted' | 'denied' | PosthogApiError;
  projects?: Project[] | PosthogApiError;
}) {
  const made: string[] = [];
  const calls: string[] = [];
  const makeClient = ({ projectId }: { projectId: string }) => {
    made.push(projectId);
    const client: Pick<PosthogClient, 'listSavedHeatmaps' | 'checkWriteScope' | 'listProjects'> = {
      async listSavedHeatmaps(query) {
        calls.push(`list ${JSON.stringify(query)}`);
        if (steps.read instanceof PosthogApiError) throw steps.read;
        return { results: [], count: 0 };
      },
      async checkWriteScope() {
        calls.push('write');
        if (steps.write instanceof PosthogApiError) throw steps.write;
        return steps.write ?? 'granted';
      },
      async listProjects() {
        calls.push('projects');
        if (steps.projects instanceof PosthogApiError) throw steps.projects;
        return steps.projects ?? PROJECTS;
      },
    };
    return client;
  };
  return { makeClient, made, calls };
}

describe('testPosthogConnection', () => {
  test('all fine: read with limit=1, then the write probe', async () => {
    const fake = fakeClients({});
    const result = await testPosthogConnection(SETTINGS, { makeClient: fake.makeClient });
    expect(result).toEqual({
      ok: true,
      message: 'Connected to eu.posthog.com, project 123: the key can read and save heatmaps.',
    });
    expect(fake.calls).toEqual(['list {"limit":1}', 'write']);
  });

  test.each([
    [{ read: auth() }, 'api-key'],
    [{ read: scope() }, 'read-scope'],
    [{ write: 'denied' as const }, 'write-scope'],
    [{ write: scope() }, 'write-scope'],
    [{ read: notFound() }, 'project'],
    [{ read: network() }, 'network'],
    [{ read: new PosthogApiError('server', 'PostHog had a server error (503).', { status: 503 }) }, 'other'],
  ])('%o is told apart as %s', async (steps, problem) => {
    const result = await testPosthogConnection(SETTINGS, { makeClient: fakeClients(steps).makeClient });
    expect(result).toMatchObject({ ok: false, problem });
  });

  test('the sentences name what to fix', async () => {
    const read = await testPosthogConnection(SETTINGS, {
      makeClient: fakeClients({ read: scope() }).makeClient,
    });
    expect(read.message).toContain('heatmap:read');
    const write = await testPosthogConnection(SETTINGS, {
      makeClient: fakeClients({ write: 'denied' }).makeClient,
    });
    expect(write.message).toContain('heatmap:write');
    const project = await testPosthogConnection(SETTINGS, {
      makeClient: fakeClients({ read: notFound() }).makeClient,
    });
    expect(project.message).toBe('PostHog has no project 123 for this key (404). Check the project ID.');
    const net = await testPosthogConnection(SETTINGS, {
      makeClient: fakeClients({ read: network() }).makeClient,
    });
    expect(net.message).toBe('Could not reach eu.posthog.com: Failed to fetch.');
  });

  test('missing or invalid settings are said before any request', async () => {
    const fake = fakeClients({});
    const noKey = await testPosthogConnection({ ...SETTINGS, apiKey: '' }, { makeClient: fake.makeClient });
    expect(noKey).toEqual({
      ok: false,
      problem: 'missing-settings',
      message: 'Add a PostHog personal API key.',
    });
    const noProject = await testPosthogConnection(
      { ...SETTINGS, projectId: '' },
      { makeClient: fake.makeClient },
    );
    expect(noProject).toMatchObject({ ok: false, problem: 'missing-settings' });
    const spaces = await testPosthogConnection(
      { ...SETTINGS, apiKey: 'phx key' },
      { makeClient: fake.makeClient },
    );
    expect(spaces).toMatchObject({
      problem: 'missing-settings',
      message: 'Personal API key contains spaces or line breaks',
    });
    expect(fake.made).toEqual([]);
  });

  test("with the page's token and no project id, the project is found and tested", async () => {
    const fake = fakeClients({});
    const result = await testPosthogConnection(
      { ...SETTINGS, projectId: '' },
      { makeClient: fake.makeClient, pageToken: TOKEN },
    );
    expect(result).toMatchObject({ ok: true, projectId: '123' });
    expect(fake.made.at(-1)).toBe('123');
  });

  test('a page reporting to another project than the settings is pointed out', async () => {
    const result = await testPosthogConnection(
      { ...SETTINGS, projectId: '7' },
      { makeClient: fakeClients({}).makeClient, pageToken: TOKEN },
    );
    expect(result).toMatchObject({ ok: true, projectId: '123' });
    expect(result.message).toContain('This page reports to project 123, not 7.');
  });

  test('a key that cannot list projects still tests fine', async () => {
    const result = await testPosthogConnection(SETTINGS, {
      makeClient: fakeClients({ projects: scope() }).makeClient,
      pageToken: TOKEN,
    });
    expect(result).toEqual({
      ok: true,
      message: 'Connected to eu.posthog.com, project 123: the key can read and save heatmaps.',
    });
  });

  test('a bad key found while listing projects is a bad key', async () => {
    const result = await testPosthogConnection(SETTINGS, {
      makeClient: fakeClients({ projects: auth() }).makeClient,
      pageToken: TOKEN,
    });
    expect(result).toMatchObject({ ok: false, problem: 'api-key' });
  });
});

describe('findProjectForToken', () => {
  const client = (projects: Project[] | PosthogApiError) => ({
    listProjects: async () => {
      if (projects instanceof PosthogApiError) throw projects;
      return projects;
    },
  });

  test('returns the id of the project whose api_token is the page token', async () => {
    expect(await findProjectForToken(client(PROJECTS), TOKEN)).toEqual({
      status: 'found',
      projectId: '123',
      message: 'This page reports to project “Shop” (123).',
    });
  });

  test('no project with that token', async () => {
    const found = await findProjectForToken(client(PROJECTS), 'phc_unknownToken0123456789');
    expect(found.status).toBe('not-found');
  });

  test('403 (no project:read) is "cannot list", not an error', async () => {
    const found = await findProjectForToken(client(scope()), TOKEN);
    expect(found).toMatchObject({ status: 'cannot-list' });
    expect(found.message).toContain('project:read');
  });

  test('other failures are thrown; a malformed token asks nothing', async () => {
    await expect(findProjectForToken(client(auth()), TOKEN)).rejects.toMatchObject({ kind: 'auth' });
    let asked = false;
    const spy = {
      listProjects: async () => {
        asked = true;
        return PROJECTS;
      },
    };
    expect((await findProjectForToken(spy, 'not a token')).status).toBe('not-found');
    expect(asked).toBe(false);
  });
});

describe('testPosthogConnection against a fake PostHog (real client)', () => {
  test('makes no create call: a list of one, then an empty PATCH of a heatmap that cannot exist', async () => {
    const server = fakePosthog();
    const makeClient = (options: Pick<PosthogClientOptions, 'baseUrl' | 'apiKey' | 'projectId'>) =>
      createPosthogClient({ ...options, fetch: server.fetch, sleep: async () => undefined });
    const result = await testPosthogConnection(
      { apiUrl: API_URL, projectId: PROJECT_ID, apiKey: API_KEY },
      { makeClient },
    );
    expect(result.ok).toBe(true);
    expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET saved/',
      `PATCH saved/${WRITE_CHECK_SHORT_ID}/`,
    ]);
    expect(server.heatmaps).toHaveLength(0);
    const readOnly = await testPosthogConnection(
      { apiUrl: API_URL, projectId: PROJECT_ID, apiKey: READ_ONLY_KEY },
      { makeClient },
    );
    expect(readOnly).toMatchObject({ ok: false, problem: 'write-scope' });
    expect(server.requests.some((request) => request.method === 'POST')).toBe(false);
  });
});
