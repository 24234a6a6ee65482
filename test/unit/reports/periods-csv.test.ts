import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../src/reports/csv.js';
import { monthBuckets, monthsBetween, startOfDay } from '../../../src/reports/periods.js';

describe('startOfDay', () => {
  it('is local midnight, in winter and in summer time', () => {
    expect(new Date(startOfDay('2026-01-15', 'Europe/London')).toISOString()).toBe('2026-01-15T00:00:00.000Z');
    expect(new Date(startOfDay('2026-07-01', 'Europe/London')).toISOString()).toBe('2026-06-30T23:00:00.000Z');
    expect(new Date(startOfDay('2026-07-01', 'America/Chicago')).toISOString()).toBe('2026-07-01T05:00:00.000Z');
  });

  it('is right on the days the clocks change', () => {
    // London springs forward at 01:00 UTC on 29 March 2026 and falls back at 01:00 UTC on 25 October.
    expect(new Date(startOfDay('2026-03-29', 'Europe/London')).toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(new Date(startOfDay('2026-03-30', 'Europe/London')).toISOString()).toBe('2026-03-29T23:00:00.000Z');
    expect(new Date(startOfDay('2026-10-25', 'Europe/London')).toISOString()).toBe('2026-10-24T23:00:00.000Z');
    expect(new Date(startOfDay('2026-10-26', 'Europe/London')).toISOString()).toBe('2026-10-26T00:00:00.000Z');
  });
});

describe('monthBuckets', () => {
  it('lists the months a period touches, across a year end', () => {
    expect(monthsBetween('2025-11-20', '2026-02-03')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('clips the first and last months to the period and counts in each desk\'s own time zone', () => {
    const b = monthBuckets({ from: '2026-03-15', to: '2026-04-10' }, [
      { id: 1, timezone: 'Europe/London' },
      { id: 2, timezone: 'America/Chicago' },
    ]);
    expect(b.map((x) => [x.contactPointId, x.month, new Date(x.from).toISOString(), new Date(x.to).toISOString()])).toEqual([
      [1, '2026-03', '2026-03-15T00:00:00.000Z', '2026-03-31T23:00:00.000Z'],
      [1, '2026-04', '2026-03-31T23:00:00.000Z', '2026-04-10T23:00:00.000Z'],
      [2, '2026-03', '2026-03-15T05:00:00.000Z', '2026-04-01T05:00:00.000Z'],
      [2, '2026-04', '2026-04-01T05:00:00.000Z', '2026-04-11T05:00:00.000Z'],
    ]);
  });
});

describe('toCsv', () => {
  it('quotes what needs quoting and ends rows with CRLF', () => {
    expect(toCsv(['name', 'cases'], [['Acme, "the best" Ltd', 12], ['Plain', null]])).toBe('\uFEFFname,cases\r\n"Acme, ""the best"" Ltd",12\r\nPlain,\r\n');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    const csv = toCsv(['name'], [['=HYPERLINK("http://x")'], ['+1'], ['-2'], ['@SUM(A1)']]);
    expect(csv).toBe('\uFEFFname\r\n"\'=HYPERLINK(""http://x"")"\r\n\'+1\r\n\'-2\r\n\'@SUM(A1)\r\n');
  });

  it('writes numbers as numbers, negative ones too', () => {
    expect(toCsv(['n'], [[-5]])).toBe('\uFEFFn\r\n-5\r\n');
  });
});
