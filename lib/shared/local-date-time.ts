const pad = (value: number) => String(value).padStart(2, '0');

/** `YYYY-MM-DD HH:mm` in local time: what people read and what sorts well in Datadog's list. */
export function formatLocalDateTime(epochMs: number): string {
  const date = new Date(epochMs);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
