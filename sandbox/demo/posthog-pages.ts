import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpError, requestUrl, send } from '../http';
import { posthogStartScript } from './posthog-config';
import { posthogDemoHtml } from './posthog-layout';

/**
 * The generated and gated PostHog demo routes (the static ones, like login.html, are plain files
 * served by serve.ts):
 *   /ph-sdk/array.full.no-external.js  the real posthog-js bundle from node_modules (self-contained)
 *   /demo/posthog-start.js             shared init options with the sandbox's token; starts posthog-js
 *   /demo/posthog.html                 the tall page, from posthog-layout.ts
 *   /demo/account.html                 "Welcome back" with a `demo_session` cookie, else the login form
 */

const DEMO_DIR = path.dirname(fileURLToPath(import.meta.url));
const SDK_FILE = path.resolve(DEMO_DIR, '../../node_modules/posthog-js/dist/array.full.no-external.js');
export const SESSION_COOKIE = 'demo_session';

const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';

const ROUTES = [
  '/ph-sdk/array.full.no-external.js',
  '/demo/posthog-start.js',
  '/demo/posthog.html',
  '/demo/account.html',
];

export function isPostHogDemoPath(pathname: string): boolean {
  return ROUTES.includes(pathname) || pathname.startsWith('/ph-sdk/');
}

export function handlePostHogDemo(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { projectToken: string },
): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'demo pages are GET only');
  const { pathname } = requestUrl(req);
  const [body, type] = page(pathname, req, ctx.projectToken);
  send(res, 200, body, { 'Content-Type': type, 'Cache-Control': 'no-store' });
}

function page(pathname: string, req: IncomingMessage, projectToken: string): [string | Buffer, string] {
  switch (pathname) {
    case '/ph-sdk/array.full.no-external.js':
      return [fs.readFileSync(SDK_FILE), JS];
    case '/demo/posthog-start.js':
      return [posthogStartScript(projectToken), JS];
    case '/demo/posthog.html':
      return [posthogDemoHtml(), HTML];
    case '/demo/account.html': {
      const file = hasSession(req.headers.cookie) ? 'account.html' : 'login.html';
      return [fs.readFileSync(path.join(DEMO_DIR, file)), HTML];
    }
    default:
      throw new HttpError(404, `no PostHog demo file at ${pathname}`);
  }
}

function hasSession(cookieHeader: string | undefined): boolean {
  return (cookieHeader ?? '')
    .split(';')
    .map((c) => c.trim())
    .some((c) => c.startsWith(`${SESSION_COOKIE}=`) && c.length > SESSION_COOKIE.length + 1);
}
