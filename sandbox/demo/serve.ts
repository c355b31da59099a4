import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpError, requestUrl, send } from '../http';
import { rumConfigScript } from './config';
import { bundleDelay, rumBundleFile, rumPageFor, rumPageHtml } from './rum-majors';

/**
 * Serves the demo pages (static files next to this module, and the SDK page matrix of
 * rum-majors.ts) and the real Datadog RUM SDK builds from node_modules. A CDN bundle lazy-loads
 * its recorder from `chunks/` relative to its own URL, so `/sdk/<build>/datadog-rum.js` and
 * `/sdk/<build>/chunks/*` sit side by side.
 */

const DEMO_DIR = path.dirname(fileURLToPath(import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Client-side routes of the SPA: the server answers them with the SPA shell. */
const SPA_ROUTES = [/^\/demo\/?$/, /^\/demo\/products\/.+$/, /^\/demo\/cart\/?$/];

/** Only plain file names are served, which rules out path traversal by construction. */
const SAFE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function isDemoPath(pathname: string): boolean {
  return pathname === '/demo' || pathname.startsWith('/demo/') || pathname.startsWith('/sdk/');
}

export async function handleDemo(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'demo pages are GET only');
  const { pathname, searchParams } = requestUrl(req);
  const rumPage = rumPageFor(pathname);
  if (rumPage) {
    send(res, 200, rumPageHtml(rumPage.build, rumPage.kind), {
      'Content-Type': CONTENT_TYPES['.html'] ?? '',
      'Cache-Control': 'no-store',
    });
    return;
  }
  const bundle = rumBundleFile(pathname);
  if (bundle) {
    // A slow CDN: the async snippet's stub stays "loading" until the bundle arrives.
    const delay = bundleDelay(searchParams);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    send(res, 200, fs.readFileSync(bundle), {
      'Content-Type': CONTENT_TYPES['.js'] ?? '',
      'Cache-Control': 'no-store',
    });
    return;
  }
  if (pathname === '/demo') {
    send(res, 301, '', { Location: '/demo/' });
    return;
  }
  if (pathname === '/demo/rum-config.js') {
    send(res, 200, rumConfigScript(), {
      'Content-Type': CONTENT_TYPES['.js'] ?? '',
      'Cache-Control': 'no-store',
    });
    return;
  }
  const file = resolveFile(pathname);
  if (!file) throw new HttpError(404, `no demo file at ${pathname}`);
  const body = fs.readFileSync(file);
  // Node drops the body itself for HEAD.
  send(res, 200, body, {
    'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Cache-Control': 'no-store',
  });
}

function resolveFile(pathname: string): string | null {
  if (SPA_ROUTES.some((route) => route.test(pathname))) return path.join(DEMO_DIR, 'index.html');
  const demoFile = /^\/demo\/([^/]+)$/.exec(pathname)?.[1];
  if (demoFile !== undefined && !demoFile.endsWith('.ts')) return safeJoin(DEMO_DIR, demoFile);
  return null;
}

function safeJoin(dir: string, name: string): string | null {
  return SAFE_FILE_NAME.test(name) ? existing(path.join(dir, name)) : null;
}

function existing(file: string): string | null {
  return fs.existsSync(file) && fs.statSync(file).isFile() ? file : null;
}
