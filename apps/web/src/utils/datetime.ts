import { localDateTime } from '@fieldschool/contracts/local-clock';

/**
 * "2024-03-14 08:05" in Asia/Shanghai: times travel in UTC, and everyone using the portal is
 * in Sichuan, so they are shown in Beijing time whatever the device's own zone says.
 */
export function formatDateTime(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '';
  return localDateTime(date);
}
