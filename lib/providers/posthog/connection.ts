import type { PosthogClient, PosthogClientOptions } from '@/lib/providers/posthog/client';
import { guardedPosthogClient } from '@/lib/providers/posthog/client-from-settings';
import { ProjectTokenSchema } from '@/lib/providers/posthog/context';
import { PosthogApiError } from '@/lib/providers/posthog/errors';
import type { PosthogConnectionProblem, PosthogConnectionResult } from '@/lib/providers/posthog/protocol';
import { PosthogSettingsSchema } from '@/lib/providers/posthog/settings';
import { type HostAccessCheck, hostAccessProblem } from '@/lib/shared/host-access';
import { hostOf } from '@/lib/shared/http';

/**
 * "Test connection" for PostHog, telling apart what a person can fix: a bad key (401), a key
 * without `heatmap:read` or `heatmap:write`, a wrong project (404), or no answer. It makes no
 * create call (`POST saved/`, `saved/capture/`, `saved/prewarm/` share PostHog's strictest
 * per-user throttle, 10 a minute and 100 a day): read access and the project are proved by
 * listing one saved heatmap, write access by an empty PATCH of a heatmap that cannot exist
 * (client.ts `WRITE_CHECK_SHORT_ID`), which PostHog answers 404 when the key has
 * `heatmap:write` and 403 before anything else when it has not.
 */

/** The page's project found among the key's projects, or why not. */
export type ProjectMatch =
  | { status: 'found'; projectId: string; message: string }
  | { status: 'not-found'; message: string }
  /** The key lacks `project:read`: not an error, the id is then typed by hand. */
  | { status: 'cannot-list'; message: string };

type ConnectionClient = Pick<PosthogClient, 'listSavedHeatmaps' | 'checkWriteScope' | 'listProjects'>;

export interface ConnectionDeps {
  /** Makes each client; by default one whose every request passes the host gate. */
  makeClient?: (options: Pick<PosthogClientOptions, 'baseUrl' | 'apiKey' | 'projectId'>) => ConnectionClient;
  /** The `phc_` token of posthog-js on the current page, to find or check the project. */
  pageToken?: string;
  hasAccess?: HostAccessCheck;
}

const MAX_PROJECT_NAME = 100;

function failure(problem: PosthogConnectionProblem, message: string): PosthogConnectionResult {
  return { ok: false, problem, message };
}

/** Which problem an API error is, given which step failed. */
function problemOf(
  error: PosthogApiError,
  step: 'read' | 'write',
  projectId: string,
): PosthogConnectionResult {
  if (error.kind === 'auth') {
    return failure(
      'api-key',
      'PostHog refused the personal API key (401): check that it is copied whole and not revoked.',
    );
  }
  if (error.kind === 'scope') {
    const scope = step === 'read' ? 'heatmap:read' : 'heatmap:write';
    return failure(
      step === 'read' ? 'read-scope' : 'write-scope',
      `The personal API key lacks the scope ${scope} for project ${projectId} (403). Edit the key in PostHog to add it.`,
    );
  }
  if (error.kind === 'not-found') {
    return failure(
      'project',
      `PostHog has no project ${projectId} for this key (404). Check the project ID.`,
    );
  }
  if (error.kind === 'network') return failure('network', error.message);
  return failure('other', error.message);
}

function projectName(name: string | null | undefined): string {
  const trimmed = (name ?? '').trim();
  if (trimmed.length === 0) return '';
  return ` “${trimmed.length > MAX_PROJECT_NAME ? `${trimmed.slice(0, MAX_PROJECT_NAME - 1)}…` : trimmed}”`;
}

/**
 * Finds the project whose public `api_token` is the page's `phc_` token, listing the key's
 * projects (scope `project:read`). A 403 there means "cannot list"; other failures are thrown.
 */
export async function findProjectForToken(
  client: Pick<PosthogClient, 'listProjects'>,
  token: string,
): Promise<ProjectMatch> {
  if (!ProjectTokenSchema.safeParse(token).success) {
    return { status: 'not-found', message: 'The page did not report a PostHog project token.' };
  }
  let projects: Awaited<ReturnType<PosthogClient['listProjects']>>;
  try {
    projects = await client.listProjects();
  } catch (error) {
    if (error instanceof PosthogApiError && error.kind === 'scope') {
      return {
        status: 'cannot-list',
        message: 'The key may not list projects (it lacks project:read): enter the project ID by hand.',
      };
    }
    throw error;
  }
  const project = projects.find((candidate) => candidate.api_token === token);
  if (!project) {
    return {
      status: 'not-found',
      message:
        "None of the projects this key can list (its current organisation) uses this page's project token.",
    };
  }
  const projectId = String(project.id);
  return {
    status: 'found',
    projectId,
    message: `This page reports to project${projectName(project.name)} (${projectId}).`,
  };
}

/** Checks settings against PostHog, step by step, and says what to fix. Never throws for API failures. */
export async function testPosthogConnection(
  input: unknown,
  deps: ConnectionDeps = {},
): Promise<PosthogConnectionResult> {
  const parsed = PosthogSettingsSchema.safeParse(input);
  if (!parsed.success)
    return failure('missing-settings', parsed.error.issues[0]?.message ?? 'The settings are not valid.');
  const settings = parsed.data;
  if (settings.apiKey.length === 0) return failure('missing-settings', 'Add a PostHog personal API key.');
  const { hasAccess } = deps;
  const refusal = await hostAccessProblem(settings.apiUrl, 'PostHog', hasAccess);
  if (refusal !== null) return failure('host-access', refusal);
  const makeClient = deps.makeClient ?? ((options) => guardedPosthogClient(options, hasAccess));
  try {
    let { projectId } = settings;
    let pageProject: ProjectMatch | null = null;
    if (deps.pageToken !== undefined) {
      const lister = makeClient({ baseUrl: settings.apiUrl, apiKey: settings.apiKey, projectId });
      pageProject = await findProjectForToken(lister, deps.pageToken);
      if (projectId.length === 0 && pageProject.status === 'found') projectId = pageProject.projectId;
    }
    if (projectId.length === 0) {
      return failure(
        'missing-settings',
        "Add the PostHog project ID (the number in the project's settings).",
      );
    }
    const client = makeClient({ baseUrl: settings.apiUrl, apiKey: settings.apiKey, projectId });
    try {
      await client.listSavedHeatmaps({ limit: 1 });
    } catch (error) {
      if (error instanceof PosthogApiError) return problemOf(error, 'read', projectId);
      throw error;
    }
    let write: Awaited<ReturnType<PosthogClient['checkWriteScope']>>;
    try {
      write = await client.checkWriteScope();
    } catch (error) {
      if (error instanceof PosthogApiError) return problemOf(error, 'write', projectId);
      throw error;
    }
    if (write === 'denied') {
      return failure(
        'write-scope',
        `The personal API key can read heatmaps but lacks the scope heatmap:write for project ${projectId}. Edit the key in PostHog to add it.`,
      );
    }
    const connected = `Connected to ${hostOf(settings.apiUrl)}, project ${projectId}: the key can read and save heatmaps.`;
    if (pageProject?.status === 'found' && pageProject.projectId !== projectId) {
      return {
        ok: true,
        projectId: pageProject.projectId,
        message: `${connected} This page reports to project ${pageProject.projectId}, not ${projectId}.`,
      };
    }
    return pageProject?.status === 'found'
      ? { ok: true, message: connected, projectId }
      : { ok: true, message: connected };
  } catch (error) {
    if (error instanceof PosthogApiError) return problemOf(error, 'read', settings.projectId);
    throw error;
  }
}
