import type { ComponentType } from 'preact';
import type { PageInfo } from '@/lib/page/page-info';
import type { DetectionOf, ProviderId } from '@/lib/providers/registry';

/** What the popup gives a provider's panel: its own part of the detection, and ways to refresh it. */
export interface ProviderPanelProps<P extends ProviderId> {
  detection: DetectionOf<P>;
  page: PageInfo;
  tabId: Promise<number>;
  /** The frame the detection was read from, when the person chose one; undefined: the top frame. */
  frameId: number | undefined;
  /** Put a fresher detection of this provider in place (e.g. after starting a recording). */
  onDetection: (detection: DetectionOf<P>) => void;
  /** Look at the whole page again. */
  onRetry: () => void;
}

/** A provider's popup part; an object, so indexing the registry by a generic id keeps the props' type. */
export interface ProviderPopupUi<P extends ProviderId> {
  Panel: ComponentType<ProviderPanelProps<P>>;
}
