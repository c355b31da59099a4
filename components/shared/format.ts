import { formatLocalDateTime } from '@/lib/shared/local-date-time';

/** An ISO date from the API in local time, or the text as is when it is not a date. */
export function formatApiDate(iso: string | undefined): string {
  if (iso === undefined) return 'unknown date';
  const epochMs = Date.parse(iso);
  return Number.isNaN(epochMs) ? iso : formatLocalDateTime(epochMs);
}
