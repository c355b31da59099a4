import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { messageOf } from '@/lib/errors';

/** A button's async action: whether it runs, and the sentence to show when it failed. */
export function useAction() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // An action may finish after its component is gone (e.g. a deleted list item).
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const run = useCallback(async (action: () => Promise<void>) => {
    setPending(true);
    setError(null);
    try {
      await action();
    } catch (error) {
      if (mounted.current) setError(messageOf(error));
    } finally {
      if (mounted.current) setPending(false);
    }
  }, []);

  return { pending, error, run };
}
