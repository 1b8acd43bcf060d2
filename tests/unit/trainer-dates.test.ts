// Months and days in the deployment's time zone, as ISO-8601 UTC ranges the database compares.
import { describe, expect, it } from 'vitest';
import { addDays, dateTimeIn, lastDays, monthIn, monthRange, nextMonth, previousMonth, startOfDay } from '../../src/lib/server/trainer/dates';

describe('calendar in a time zone', () => {
  it('starts a Shanghai day at 16:00 UTC the day before', () => {
    expect(startOfDay('2026-11-01', 'Asia/Shanghai').toISOString()).toBe('2026-10-31T16:00:00.000Z');
  });

  it('gives a month as a half-open UTC range', () => {
    expect(monthRange('2026-11', 'Asia/Shanghai')).toEqual({ from: '2026-10-31T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z' });
    expect(monthRange('2026-12', 'UTC')).toEqual({ from: '2026-12-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' });
  });

  it('follows daylight saving time where there is some', () => {
    // New York: EDT (UTC−4) on 1 October, EST (UTC−5) on 1 November.
    expect(monthRange('2026-10', 'America/New_York')).toEqual({ from: '2026-10-01T04:00:00.000Z', to: '2026-11-01T04:00:00.000Z' });
    expect(startOfDay('2026-11-02', 'America/New_York').toISOString()).toBe('2026-11-02T05:00:00.000Z');
  });

  it('puts an instant in the month of its local calendar', () => {
    expect(monthIn('Asia/Shanghai', new Date('2026-10-31T16:30:00Z'))).toBe('2026-11');
    expect(monthIn('Asia/Shanghai', new Date('2026-10-31T15:59:59Z'))).toBe('2026-10');
  });

  it('steps months and days across year ends', () => {
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(previousMonth('2027-01')).toBe('2026-12');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('lists the last seven days with today last', () => {
    expect(lastDays(new Date('2026-11-28T17:00:00Z'), 'Asia/Shanghai', 7)).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
    ]);
  });

  it('writes a local date and time', () => {
    expect(dateTimeIn('Asia/Shanghai', '2026-11-28T16:05:00.000Z')).toBe('2026-11-29 00:05');
  });
});
