import { useId } from 'preact/hooks';
import { Id } from '@/components/shared/Id';
import type { PosthogInstance, PosthogRecording } from '@/lib/providers/posthog/context';

const RECORDING_TEXT: Record<PosthogRecording, string> = {
  recording: 'Recording',
  'not-recorded': 'Not recorded',
  unknown: 'Unknown',
};

/** What the extension found in posthog-js, so people can check it is the project they mean. */
export function DetectedInstance({ instance }: { instance: PosthogInstance }) {
  // Not a fixed id: Datadog's panel may be on the same popup with its own "Detected" heading.
  const headingId = useId();
  return (
    <section class="detected" aria-labelledby={headingId}>
      <h2 id={headingId}>Detected</h2>
      <dl>
        <dt>Project token</dt>
        <dd>
          <Id value={instance.token} />
        </dd>
        {instance.name === 'posthog' ? null : (
          <>
            <dt>Instance</dt>
            <dd>
              <Id value={instance.name} />
            </dd>
          </>
        )}
        <dt>API host</dt>
        <dd>
          <Id value={instance.apiHost} />
        </dd>
        <dt>Session</dt>
        <dd>
          <Id value={instance.sessionId} />
        </dd>
        <dt>Distinct ID</dt>
        <dd>
          <Id value={instance.distinctId} />
        </dd>
        <dt>Recording</dt>
        <dd>{RECORDING_TEXT[instance.recording]}</dd>
      </dl>
    </section>
  );
}
