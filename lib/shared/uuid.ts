import { z } from 'zod/mini';

/** The one UUID rule of the extension: ids from pages, from storage and from APIs are checked against it. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const UuidSchema = z.string().check(z.regex(UUID_PATTERN, 'must be a UUID'));
