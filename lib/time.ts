/** Wait `ms` milliseconds. The one sleep of the extension; callers take it as a parameter so tests can replace it. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
