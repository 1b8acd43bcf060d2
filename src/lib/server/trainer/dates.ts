// Calendar arithmetic in the deployment's time zone (TIME_ZONE), done here rather than in SQL:
// time-zone functions differ between SQLite and PostgreSQL, ISO-8601 UTC text compares the same.
import { dayIn } from '../stats/visitor';

export { dayIn };

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function parts(timeZone: string, at: Date): Record<string, number> {
  let f = partFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partFormatters.set(timeZone, f);
  }
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(at)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** How far the zone's wall clock is ahead of UTC at `at`, in milliseconds. */
export function zoneOffsetMs(timeZone: string, at: Date): number {
  const p = parts(timeZone, at);
  const wall = Date.UTC(p['year'] ?? 1970, (p['month'] ?? 1) - 1, p['day'] ?? 1, p['hour'] ?? 0, p['minute'] ?? 0, p['second'] ?? 0);
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant the calendar day `YYYY-MM-DD` begins in `timeZone` (midnight there). */
export function startOfDay(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  const guess = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  // Two passes settle days on which the offset changes (daylight saving).
  let instant = guess - zoneOffsetMs(timeZone, new Date(guess));
  instant = guess - zoneOffsetMs(timeZone, new Date(instant));
  return new Date(instant);
}

/** `YYYY-MM` of an instant in the zone. */
export function monthIn(timeZone: string, at: Date): string {
  return dayIn(timeZone, at).slice(0, 7);
}

/** The month after `YYYY-MM`. */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 1970, m ?? 1, 1));
  return date.toISOString().slice(0, 7);
}

export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 2, 1));
  return date.toISOString().slice(0, 7);
}

/** The month as a half-open range of ISO-8601 UTC instants [from, to), for text comparisons in SQL. */
export function monthRange(month: string, timeZone: string): { from: string; to: string } {
  return { from: startOfDay(`${month}-01`, timeZone).toISOString(), to: startOfDay(`${nextMonth(month)}-01`, timeZone).toISOString() };
}

/** `YYYY-MM-DD` plus `n` days. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + n)).toISOString().slice(0, 10);
}

/** The last `count` calendar days up to today in the zone, oldest first ("this week" is 7). */
export function lastDays(now: Date, timeZone: string, count: number): string[] {
  const today = dayIn(timeZone, now);
  const days: string[] = [];
  for (let i = count - 1; i >= 0; i -= 1) days.push(addDays(today, -i));
  return days;
}

/** "2026-11-28 14:05" in the zone: the same text on the page and in the CSV. */
export function dateTimeIn(timeZone: string, iso: string): string {
  const p = parts(timeZone, new Date(iso));
  const two = (n: number | undefined): string => String(n ?? 0).padStart(2, '0');
  return `${p['year'] ?? ''}-${two(p['month'])}-${two(p['day'])} ${two(p['hour'])}:${two(p['minute'])}`;
}
