import type { ComponentType } from 'preact';
import type { ProviderId } from '@/lib/providers/registry';
import { DatadogSettings } from './datadog/DatadogSettings';
import { PosthogSettings } from './posthog/PosthogSettings';

/**
 * The options page's registry of providers (see lib/providers/registry.ts): each provider's
 * fieldset. Apart from the popup's registry (panels.ts) so the options carry no popup panels.
 */
export const PROVIDER_SETTINGS: { [P in ProviderId]: ComponentType } = {
  datadog: DatadogSettings,
  posthog: PosthogSettings,
};
