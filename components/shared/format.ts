const pad = (value: number) => String(value).padStart(2, '0');

/** `YYYY-MM-DD HH:mm` in local time: what people read and what sorts well in Datadog's list. */
export function formatLocalDateTime(epochMs: number): string {
  const date = new Date(epochMs);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** An ISO date from the API in local time, or the text as is when it is not a date. */
export function formatApiDate(iso: string | undefined): string {
  if (iso === undefined) return 'unknown date';
  const epochMs = Date.parse(iso);
  return Number.isNaN(epochMs) ? iso : formatLocalDateTime(epochMs);
}
