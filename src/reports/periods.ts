/**
 * Calendar periods of a report as instants (pure). A report counts a case in the month it was opened at ITS
 * contact point: a case opened at 00:30 on 1 March in London is March's, wherever the reader is.
 */
import { addDays } from '../deadlines/compute.js';

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (positive east of Greenwich). */
function offsetAt(timeZone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant a calendar day (YYYY-MM-DD) begins in `timeZone`. */
export function startOfDay(date: string, timeZone: string): number {
  return wallClockInstant(date, '00:00', timeZone);
}

/** The instant a wall-clock time (YYYY-MM-DD, HH:MM) is reached in `timeZone`. */
export function wallClockInstant(date: string, time: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // Two rounds settle the offset across a daylight-saving change (the second uses the offset at the found instant).
  let instant = wall - offsetAt(timeZone, wall);
  instant = wall - offsetAt(timeZone, instant);
  return instant;
}

/** "2026-03" → "2026-04". */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The months (YYYY-MM) that the period from `from` to `to` (inclusive dates) touches. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const last = to.slice(0, 7);
  for (let m = from.slice(0, 7); m <= last; m = nextMonth(m)) out.push(m);
  return out;
}

export type Bucket = { contactPointId: number; month: string; from: number; to: number };

/**
 * For each contact point, one bucket per month of the period, as instants [from, to) in the contact point's time
 * zone, clipped to the period (whose first and last days count whole).
 */
export function monthBuckets(period: { from: string; to: string }, contactPoints: readonly { id: number; timezone: string }[]): Bucket[] {
  const buckets: Bucket[] = [];
  for (const cp of contactPoints) {
    const start = startOfDay(period.from, cp.timezone);
    const end = startOfDay(addDays(period.to, 1), cp.timezone);
    for (const month of monthsBetween(period.from, period.to)) {
      const lo = Math.max(start, startOfDay(`${month}-01`, cp.timezone));
      const hi = Math.min(end, startOfDay(`${nextMonth(month)}-01`, cp.timezone));
      if (hi > lo) buckets.push({ contactPointId: cp.id, month, from: lo, to: hi });
    }
  }
  return buckets;
}
