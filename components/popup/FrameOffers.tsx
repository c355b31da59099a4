import type { FrameOffer } from '@/lib/page/frame-offers';
import { PROVIDERS } from '@/lib/providers/registry';
import { shortFrameUrl } from './frame-url';

/**
 * Frames of the page that run an SDK the top frame lacks. Nothing of a frame is read until the
 * person picks it: the presence check only said that an SDK's global is there.
 */
export function FrameOffers({ frames, onRead }: { frames: FrameOffer[]; onRead: (frameId: number) => void }) {
  return (
    <section class="frames" aria-labelledby="frames-heading">
      <h2 id="frames-heading">Found in a frame of this page</h2>
      <ul>
        {frames.map((frame) => {
          const textId = `frame-${frame.frameId}`;
          return (
            <li key={frame.frameId} class="notice">
              <p id={textId}>
                {frame.providers.map((id) => PROVIDERS[id].label).join(' and ')} runs in the frame{' '}
                <span class="url" title={frame.url}>
                  {shortFrameUrl(frame.url)}
                </span>
                .
              </p>
              <button type="button" aria-describedby={textId} onClick={() => onRead(frame.frameId)}>
                Read this frame
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Which frame the sections below were read from, when it is not the top one. */
export function FrameSource({ url }: { url: string }) {
  return (
    <p class="frame-source notice">
      Read from the frame{' '}
      <span class="url" title={url}>
        {shortFrameUrl(url)}
      </span>
    </p>
  );
}
