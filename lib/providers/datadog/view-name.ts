/**
 * View names as Datadog shows them for views without a custom name: the URL path with its
 * variable segments replaced by `?` (`/users/?/profile`).
 *
 * Rule used here (Datadog does not publish its exact algorithm): a path segment is variable when
 * it contains a digit once percent-decoded. That covers numeric ids (`42`), UUIDs and hashes
 * (`3f2a…`), and dated slugs (`2024-report`), and keeps words (`products`, `profile`). Empty
 * segments (`//`, trailing `/`) are dropped, so `/a/` and `/a` group together; the query and
 * the hash are not part of a view name.
 */

const PLACEHOLDER_ORIGIN = 'https://placeholder.invalid';

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // A malformed escape (`%zz`) is not an id marker: judge the raw text.
    return segment;
  }
}

function isVariableSegment(segment: string): boolean {
  return /\d/.test(decodeSegment(segment));
}

/** The path of an absolute URL, or of a path-only string; query and hash removed. */
function pathOf(url: string): string {
  try {
    return new URL(url, PLACEHOLDER_ORIGIN).pathname;
  } catch {
    return url.split(/[?#]/, 1)[0] ?? '';
  }
}

export function groupViewPath(url: string): string {
  const segments = pathOf(url)
    .split('/')
    .filter((segment) => segment.length > 0)
    .map((segment) => (isVariableSegment(segment) ? '?' : segment));
  return `/${segments.join('/')}`;
}
