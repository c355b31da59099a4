import { useEffect, useRef, useState } from 'preact/hooks';
import { messageOf } from '@/lib/errors';
import { request } from '@/lib/messages/client';
import type { PosthogPublicSettings } from '@/lib/providers/posthog/protocol';

export type ProjectLookup =
  | { status: 'idle' }
  | { status: 'looking' }
  | { status: 'done'; found: boolean; message: string };

/**
 * With a key but no project id, ask the background to find the project of the page's token (it
 * stores the id it finds in the profile serving the token) and then `onFound`. Once per token and profile: a failed lookup says why, and
 * asking again in the same popup would only say it again.
 */
export function useProjectLookup(
  settings: PosthogPublicSettings | null,
  token: string | null,
  profileId: string | undefined,
  onFound: () => void,
): ProjectLookup {
  const [lookup, setLookup] = useState<ProjectLookup>({ status: 'idle' });
  const tried = useRef(new Set<string>());
  const onFoundRef = useRef(onFound);
  onFoundRef.current = onFound;
  const needed = settings !== null && settings.apiKeyHint !== null && settings.projectId === '';

  useEffect(() => {
    const asked = `${profileId ?? ''}/${token}`;
    if (!needed || token === null || tried.current.has(asked)) return;
    tried.current.add(asked);
    setLookup({ status: 'looking' });
    request('posthog:find-project', { token, profileId }).then(
      (answer) => {
        setLookup({ status: 'done', found: answer.projectId !== null, message: answer.message });
        if (answer.projectId !== null) onFoundRef.current();
      },
      (error: unknown) => setLookup({ status: 'done', found: false, message: messageOf(error) }),
    );
  }, [needed, token, profileId]);

  return lookup;
}
