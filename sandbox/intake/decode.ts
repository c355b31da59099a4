import zlib from 'node:zlib';
import { badRequest } from '../http';

/**
 * The SDK's deflate encoder ends streams with a sync flush, not a final block, so a plain
 * inflate would report "unexpected end of file": finish with Z_SYNC_FLUSH instead.
 */
export function inflate(buf: Buffer, what: string): Buffer {
  try {
    return zlib.inflateSync(buf, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  } catch {
    throw badRequest(`${what} is not valid deflate data`);
  }
}

/** Parses a multipart/form-data body with the WHATWG parser built into Node (undici). */
export async function parseMultipart(body: Buffer, contentType: string | undefined): Promise<FormData> {
  if (!contentType?.toLowerCase().startsWith('multipart/form-data')) {
    throw badRequest('replay upload must be multipart/form-data');
  }
  try {
    const request = new Request('http://sandbox.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: new Uint8Array(body),
    });
    return await request.formData();
  } catch {
    throw badRequest('replay upload is not valid multipart/form-data');
  }
}

/** A form part as bytes, whether the client sent it as a file (Blob) or a plain field. */
export async function partBytes(form: FormData, name: string): Promise<Buffer> {
  const part = form.get(name);
  if (part === null) throw badRequest(`multipart part "${name}" is required`);
  if (typeof part === 'string') return Buffer.from(part, 'utf8');
  return Buffer.from(await part.arrayBuffer());
}
