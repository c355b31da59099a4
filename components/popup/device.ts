import type { DeviceType } from '@/lib/page/page-info';

export const DEVICE_LABELS: Record<DeviceType, string> = {
  desktop: 'Desktop',
  tablet: 'Tablet',
  mobile: 'Mobile',
};
export const DEVICE_TYPES = Object.keys(DEVICE_LABELS) as DeviceType[];

/** A device type from the API (a free string there) in words. */
export function deviceLabel(value: string | undefined): string {
  return (value !== undefined && DEVICE_LABELS[value as DeviceType]) || value || 'Unknown device';
}
