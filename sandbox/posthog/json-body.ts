import { parseError, unsupportedMediaType } from './errors';
import type { PhRequest } from './types';

/**
 * A JSON request body. An empty body is `{}` (DRF parses it so), so a POST without a body reaches
 * validation and answers 400 naming the first required field.
 */
export async function readJsonBody(req: PhRequest): Promise<unknown> {
  const body = await req.body();
  if (body.length === 0) return {};
  const contentType = String(req.req.headers['content-type'] ?? '').toLowerCase();
  if (contentType !== '' && !contentType.startsWith('application/json')) {
    throw unsupportedMediaType(contentType);
  }
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw parseError('JSON parse error.');
  }
}
