import { DEVICE_LABELS } from '@/lib/page/device-layouts';
import type { DeviceType } from '@/lib/page/page-info';

/** A device type from the API (a free string there) in words. */
export function deviceLabel(value: string | undefined): string {
  return (value !== undefined && DEVICE_LABELS[value as DeviceType]) || value || 'Unknown device';
}
