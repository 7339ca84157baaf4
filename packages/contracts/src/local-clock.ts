import { SCHEDULE_TIME_ZONE } from './constants.ts';

/*
 * The county's wall clock (Asia/Shanghai), whatever the zone of the server or the phone (phones
 * are often set wrong), as text with the same digits in both languages. One formatter, made
 * once: making one costs about 12 µs (what date-fns-tz does on every call), using it 3 µs, and
 * exports and views format tens of thousands of instants.
 */
const clock = new Intl.DateTimeFormat('en-CA', {
  timeZone: SCHEDULE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(at: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  const found = { year: '', month: '', day: '', hour: '', minute: '' };
  for (const part of clock.formatToParts(at)) if (part.type in found) found[part.type as keyof typeof found] = part.value;
  return found;
}

/** "2024-03-14": the local date of an instant. */
export function localDate(at: Date): string {
  const p = parts(at);
  return `${p.year}-${p.month}-${p.day}`;
}

/** "2024-03-14 08:05": the local date and time of an instant, to the minute. */
export function localDateTime(at: Date): string {
  const p = parts(at);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
