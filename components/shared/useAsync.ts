import { useCallback, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { messageOf } from '@/lib/errors';

/**
 * The state of one request the page waits on. `loading` keeps the previous value so a refresh
 * can leave the old content (and the keyboard focus in it) in place until the answer comes.
 */
export type AsyncState<T> =
  | { status: 'idle' }
  | { status: 'loading'; value?: T }
  | { status: 'ok'; value: T }
  | { status: 'error'; message: string };

/**
 * Run `load` on mount (unless `lazy`), whenever one of `inputs` changes, and on `reload()`. Only the latest run may set the state,
 * so a slow earlier answer never overwrites a newer one; `set` replaces the value outright
 * (for an answer that came from another request, e.g. start-recording replacing detect).
 */
export function useAsync<T>(
  load: () => Promise<T>,
  { lazy = false, inputs = [] }: { lazy?: boolean; inputs?: unknown[] } = {},
) {
  const [state, setState] = useState<AsyncState<T>>(lazy ? { status: 'idle' } : { status: 'loading' });
  // The latest `load` closure, so `reload` can stay stable for effects and handlers.
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);

  const reload = useCallback(() => {
    const run = ++generation.current;
    setState((previous) => ({ status: 'loading', value: 'value' in previous ? previous.value : undefined }));
    loadRef.current().then(
      (value) => {
        if (run === generation.current) setState({ status: 'ok', value });
      },
      (error: unknown) => {
        if (run === generation.current) setState({ status: 'error', message: messageOf(error) });
      },
    );
  }, []);

  const set = useCallback((value: T) => {
    generation.current++;
    setState({ status: 'ok', value });
  }, []);

  // A layout effect, so the request leaves right after the render that needs it: a plain effect
  // waits for the next paint, a frame per request, and the popup chains two (detect, then settings).
  useLayoutEffect(() => {
    if (!lazy) reload();
    // Unmounting (or new inputs) bumps the generation so late answers are dropped.
    return () => {
      generation.current++;
    };
  }, [lazy, reload, ...inputs]);

  return { state, reload, set };
}
