import type { ProviderId } from '@/lib/providers/registry';
import { DatadogPanel } from './datadog/DatadogPanel';
import { PosthogPanel } from './posthog/PosthogPanel';
import type { ProviderPopupUi } from './types';

/**
 * The popup's registry of providers (see lib/providers/registry.ts): each provider's panel. Apart
 * from the options' registry (settings.ts) so the popup's bundle carries no settings forms.
 */
export const PROVIDER_PANELS: { [P in ProviderId]: ProviderPopupUi<P> } = {
  datadog: { Panel: DatadogPanel },
  posthog: { Panel: PosthogPanel },
};
