import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { handleAdmin } from './admin';
import { bearerTokenOf, carriesKeys, type Org } from './api/auth';
import { handleApi } from './api/dispatch';
import { DEFAULT_RATE_LIMIT, type RateLimitConfig, RateLimiter } from './api/rate-limit';
import { buildRoutes } from './api/routes';
import { DEFAULT_SEGMENTS_TS_READING, type SegmentsTsReading } from './api/segments';
import { handlePostHogDemo, isPostHogDemoPath } from './demo/posthog-pages';
import { handleDemo, isDemoPath } from './demo/serve';
import { FaultController, type Faults, FaultsSchema } from './faults';
import { HttpError, requestUrl, send, sendError } from './http';
import { handleIntake } from './intake/handler';
import { RumIndex } from './intake/rum-index';
import { createOAuthServer, type OAuthServer } from './oauth/server';
import { createPostHog, type PostHogInfo, type PostHogOptions } from './posthog';
import type { SandboxState } from './state';
import { SnapshotStore } from './store';
import { renderViewer } from './viewer';

/**
 * A local stand-in for Datadog and PostHog: Datadog's browser intake (what the RUM SDK uploads) and
 * the public API the extension calls, the PostHog half (`posthog/`: API, ingestion, rendering), fault
 * injection, a demo site running the real SDKs, and an HTML viewer.
 */

export type { Faults } from './faults';
export type { PostHogInfo, PostHogOptions, PostHogState } from './posthog';
export type { SandboxState } from './state';
export type { SnapshotData } from './store';

export interface SandboxOptions {
  /** 0 = a random free port. */
  port?: number;
  host?: string;
  apiKey?: string;
  appKey?: string;
  /**
   * More Datadog orgs, each with its own key pair, after the default one (`apiKey`/`appKey`, named
   * `default`): a snapshot belongs to the org whose keys created it and is listed only with them.
   */
  orgs?: Org[];
  /** Where snapshots.json and posthog/ (saved heatmaps) live; default sandbox/.data. */
  dataDir?: string;
  faults?: Faults;
  log?: (line: string) => void;
  /** The PostHog half: keys, project, rendering time (defaults in posthog/defaults.ts). */
  posthog?: PostHogOptions;
  /** Datadog's rate limit per endpoint; default 100 a minute. The bench raises it (100 saves in seconds). */
  rateLimit?: RateLimitConfig;
  /** How the segments API reads `ts` (api/segments.ts); default `ending-from`. */
  segmentsTs?: SegmentsTsReading;
}

export interface Sandbox {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  apiKey: string;
  appKey: string;
  setFaults(f: Faults): void;
  clearFaults(): void;
  /** The PostHog half: API origin, posthog-js api_host, project, keys. */
  posthog: PostHogInfo;
  /** The index, JSON-serialisable. */
  state(): SandboxState;
  /**
   * Stops listening and drops every open connection, as if the service went away; everything it
   * holds stays (in memory and in `dataDir`). `up()` listens again on the same port.
   */
  down(): Promise<void>;
  up(): Promise<void>;
  /** Requests still being handled (a delayed one keeps counting after its client gave up). */
  inFlight(): number;
  /** Every Datadog API request so far (`GET /api/v2/…`), oldest first: tests check what was sent. */
  apiRequests(): string[];
  /** The same requests with the name of the org whose keys each carried (null: no org's, a 403). */
  apiRequestKeys(): ApiRequestKeys[];
  /** Datadog's OAuth server stand-in: token lifetime, callback domain and state, revoke everything, counts. */
  oauth: OAuthServer['control'];
  /**
   * The stand-in's web app origin (http://127.0.0.1:OTHER_PORT), where the consent page is; the
   * token, revoke and registration endpoints are on `url`, the API origin, as at Datadog.
   */
  appUrl: string;
  /** Every authenticated PostHog API request with the personal API key it carried. */
  posthogRequestKeys(): { request: string; key: string }[];
  close(): Promise<void>;
}

export interface ApiRequestKeys {
  request: string;
  org: string | null;
  /** It carried `Authorization: Bearer` (a sign-in), and whether it carried any key header. */
  bearer: boolean;
  keyHeaders: boolean;
}

const DEFAULT_DATA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '.data');

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const keys = { apiKey: options.apiKey ?? 'sandbox-api-key', appKey: options.appKey ?? 'sandbox-app-key' };
  const orgs: Org[] = [{ name: 'default', ...keys }, ...(options.orgs ?? [])];
  const log = options.log ?? (() => {});
  const now = () => Date.now();
  const index = new RumIndex();
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const store = new SnapshotStore(dataDir, log);
  const faults = new FaultController(FaultsSchema.parse(options.faults ?? {}));
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const limiter = new RateLimiter(rateLimit, now);
  const posthog = createPostHog(options.posthog ?? {}, { dataDir, faults, now, log });
  const state = (): SandboxState => ({
    applications: index.state(now()),
    snapshots: store.all(),
    posthog: posthog.state(),
  });

  const apiRequests: ApiRequestKeys[] = [];
  let baseUrl = '';
  const oauth = createOAuthServer({ now });
  const api = {
    bearer: oauth.bearer,
    routes: buildRoutes(store, index, now, options.segmentsTs ?? DEFAULT_SEGMENTS_TS_READING),
    orgs,
    faults,
    limiter,
    rateLimit,
    log,
  };
  const intake = { index, now, ingestionDelayMs: () => faults.ingestionDelayMs() };
  const admin = {
    faults,
    state,
    index,
    now,
    reset: () => {
      index.clear();
      store.clear();
      limiter.reset();
      posthog.reset();
    },
  };

  // Both set once listening, before any request is routed.
  let posthogInfo: PostHogInfo | null = null;
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { pathname } = requestUrl(req);
    if (pathname === '/intake') return handleIntake(req, res, intake);
    if (posthog.owns(pathname)) return posthog.handle(req, res, pathname);
    if (oauth.ownsApi(pathname)) return oauth.handleApi(req, res, pathname);
    if (pathname.startsWith('/api/')) {
      const entry: ApiRequestKeys = {
        request: `${req.method} ${pathname}`,
        org: null,
        bearer: bearerTokenOf(req) !== null,
        keyHeaders: carriesKeys(req),
      };
      apiRequests.push(entry);
      return handleApi(req, res, { ...api, onAuth: (org) => (entry.org = org) });
    }
    if (pathname.startsWith('/_admin/')) return handleAdmin(req, res, admin);
    if (isPostHogDemoPath(pathname) && posthogInfo) return handlePostHogDemo(req, res, posthogInfo);
    if (isDemoPath(pathname)) return handleDemo(req, res);
    // Browsers ask for it on every demo page; an empty answer keeps their consoles clean.
    if (pathname === '/favicon.ico') return send(res, 204, '');
    if (pathname === '/' && req.method === 'GET') {
      return send(res, 200, renderViewer(state(), baseUrl), { 'Content-Type': 'text/html; charset=utf-8' });
    }
    throw new HttpError(404, `nothing at ${req.method} ${pathname}`);
  };

  let inFlight = 0;
  const server = http.createServer((req, res) => {
    inFlight += 1;
    route(req, res)
      .catch((error: unknown) => answerError(res, error, log))
      .finally(() => {
        inFlight -= 1;
      });
  });
  // Never crash on a client: a broken socket only ends that connection.
  server.on('clientError', (_error, socket) => socket.destroy());
  // Datadog's web app (`app.{site}`) is another origin than its API: the consent page lives here alone.
  const appServer = http.createServer((req, res) => {
    oauth
      .handleApp(req, res, requestUrl(req).pathname)
      .catch((error: unknown) => answerError(res, error, log));
  });
  appServer.on('clientError', (_error, socket) => socket.destroy());

  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, options.port ?? 0, host);
  const appUrl = `http://${host}:${await listen(appServer, 0, host)}`;
  let listening = true;
  baseUrl = `http://${host}:${port}`;
  posthogInfo = posthog.info(baseUrl);
  log(`sandbox listening on ${baseUrl}`);
  return {
    url: baseUrl,
    port,
    ...keys,
    posthog: posthogInfo,
    setFaults: (f) => faults.set(FaultsSchema.parse(f)),
    clearFaults: () => faults.clear(),
    state,
    inFlight: () => inFlight,
    apiRequests: () => apiRequests.map((entry) => entry.request),
    apiRequestKeys: () => apiRequests.map((entry) => ({ ...entry })),
    posthogRequestKeys: () => posthog.apiRequestKeys(),
    oauth: oauth.control,
    appUrl,
    down: async () => {
      if (!listening) return;
      listening = false;
      await close(server);
    },
    up: async () => {
      if (listening) return;
      await listen(server, port, host);
      listening = true;
    },
    close: async () => {
      if (listening) await close(server);
      listening = false;
      await close(appServer);
      await posthog.close();
    },
  };
}

/** Last line of defence for every handler: HttpError → its status; anything else → 500 and a log line. */
function answerError(res: ServerResponse, error: unknown, log: (line: string) => void): void {
  if (error instanceof HttpError) {
    sendError(res, error.status, error.errors, { 'Access-Control-Allow-Origin': '*' });
    return;
  }
  log(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  sendError(res, 500, 'Internal Server Error');
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive connections (browsers, fetch) would otherwise hold close() open.
    server.closeAllConnections();
  });
}
