import type { ProviderId } from '@/lib/providers/registry';
import { DatadogPanel } from './datadog/DatadogPanel';
import { DatadogSettings } from './datadog/DatadogSettings';
import type { ProviderUi } from './types';

/** The pages' registry of providers (see lib/providers/registry.ts). */
export const PROVIDER_UI = {
  datadog: { Panel: DatadogPanel, Settings: DatadogSettings },
} satisfies { [P in ProviderId]: ProviderUi<P> };
