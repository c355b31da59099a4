import { z } from 'zod';
import { badRequest } from '../http';

/**
 * Opaque paging token for the segments API: base64url JSON of where the next page starts.
 * It is bound to the session, view and `ts` it was issued for, so it cannot be replayed elsewhere.
 */

const TokenSchema = z.strictObject({
  session: z.string(),
  view: z.string(),
  ts: z.int().nullable(),
  offset: z.int().positive(),
});
export type PagingPosition = z.infer<typeof TokenSchema>;

export function encodePagingToken(position: PagingPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodePagingToken(token: string, expected: Omit<PagingPosition, 'offset'>): number {
  const invalid = () => badRequest('paging is not a valid paging token for this session and view');
  let position: PagingPosition;
  try {
    position = TokenSchema.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
  } catch {
    throw invalid();
  }
  const sameQuery =
    position.session === expected.session && position.view === expected.view && position.ts === expected.ts;
  if (!sameQuery) throw invalid();
  return position.offset;
}
