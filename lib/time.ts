/** Wait `ms` milliseconds. The one sleep of the extension; callers take it as a parameter so tests can replace it. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Tells a timed-out wait from any value the work itself could resolve to. */
export const TIMED_OUT: unique symbol = Symbol('timed out');

/** `work`, or `TIMED_OUT` if it has not settled within `ms` (the timer is always cleared). */
export async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
