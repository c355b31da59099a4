import type { ProviderId } from '@/lib/providers/registry';
import { DatadogPanel } from './datadog/DatadogPanel';
import { DatadogSettings } from './datadog/DatadogSettings';
import { PosthogPanel } from './posthog/PosthogPanel';
import { PosthogSettings } from './posthog/PosthogSettings';
import type { ProviderUi } from './types';

/** The pages' registry of providers (see lib/providers/registry.ts). */
export const PROVIDER_UI: { [P in ProviderId]: ProviderUi<P> } = {
  datadog: { Panel: DatadogPanel, Settings: DatadogSettings },
  posthog: { Panel: PosthogPanel, Settings: PosthogSettings },
};
