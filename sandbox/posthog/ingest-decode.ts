import zlib from 'node:zlib';
import { badRequest } from '../http';

/**
 * Decodes what posthog-js 1.449.2 posts (checked against the SDK source and real requests):
 * gzip bodies (`text/plain`, no query flag: the SDK drops `compression=gzip-js` from the URL and
 * the bytes start with the gzip magic), `compression=base64` form bodies `data=<base64 JSON>`
 * (sendBeacon fallback), and plain JSON, also as a `data=<JSON>` form. The result is parsed JSON.
 */

const MAX_INFLATED_BYTES = 50 * 1024 * 1024;

export function decodeIngestBody(body: Buffer, url: URL): unknown {
  const compression = url.searchParams.get('compression');
  let text: string;
  if (body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b) {
    text = gunzip(body);
  } else {
    const raw = body.toString('utf8');
    const form = raw.startsWith('data=') ? (new URLSearchParams(raw).get('data') ?? '') : null;
    if (compression === 'base64') text = Buffer.from(form ?? raw, 'base64').toString('utf8');
    else if (compression !== null && compression !== 'gzip-js' && compression !== 'gzip') {
      throw badRequest(`unsupported compression "${compression}"`);
    } else text = form ?? raw;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('request body is not valid JSON (after decoding)');
  }
}

function gunzip(body: Buffer): string {
  try {
    return zlib.gunzipSync(body, { maxOutputLength: MAX_INFLATED_BYTES }).toString('utf8');
  } catch {
    throw badRequest('request body is not valid gzip');
  }
}
