/**
 * Small-cell suppression for published counts (pure; no database).
 *
 * A count under MIN_CELL is shown as "<5". That alone is not enough: when a table also publishes its total (or the
 * total is published elsewhere in the report), the hidden cell could be worked out as "total minus the others".
 * So further cells are withheld ("secondary suppression") until, from everything published, a "<5" cell could
 * still be ANY of 1, 2, 3 or 4. When that cannot be reached with the table's own cells, the whole table is withheld.
 *
 * Counts are of cases, but one person can have several: a cell of 6 cases that are all one worker's points at that
 * worker as surely as a cell of 1. Such a cell (MIN_CELL cases or more, fewer than MIN_CELL people) is withheld from
 * the start and protected like a "<5" cell: its value must stay uncertain by as many values as a "<5" cell's.
 *
 * The attacker we protect against knows this algorithm: a "<5" cell is between 1 and MIN_CELL − 1, a withheld cell
 * is at least MIN_CELL (a cell under it is "<5", never withheld), zeros are shown. For one linear relation between
 * the cells and the total these interval bounds are exact: every value inside them can be reached.
 */
export const MIN_CELL = 5;

/** What the reader sees of one count. `value` is only ever 0 or a count of at least MIN_CELL cases and people. */
export type Published = { kind: 'value'; value: number } | { kind: 'small' } | { kind: 'withheld' };

/** A count of cases, and of the distinct people behind them (an anonymous contact is a person of its own). */
export type Count = { cases: number; people: number };

/**
 * How a table's cells relate to its total:
 * `equals`: the cells partition the total (every case in exactly one row);
 * `atLeast`: a case can be in several rows and is in at least one (case types): the cells add up to at least the total;
 * `none`: no published total links the cells.
 */
export type Relation = 'equals' | 'atLeast' | 'none';

export type SuppressedTable = {
  cells: Published[];
  /** The total as shown; null for `none`. */
  total: Published | null;
  /** True when no cell could be shown without revealing a small one: the table is not published at all. */
  withheld: boolean;
};

const value = (v: number): Published => ({ kind: 'value', value: v });
const small: Published = { kind: 'small' };
const withheld: Published = { kind: 'withheld' };

const asCount = (c: number | Count): Count => (typeof c === 'number' ? { cases: c, people: c } : c);

function assertCount(c: Count) {
  if (!Number.isSafeInteger(c.cases) || c.cases < 0 || !Number.isSafeInteger(c.people) || c.people < 0 || c.people > c.cases)
    throw new RangeError(`not a count: ${JSON.stringify(c)}`);
}

/** A lone count: itself when it is 0 or at least k cases of at least k people; "<5" under k cases; else withheld. */
export function publishCount(count: number | Count, k = MIN_CELL): Published {
  const c = asCount(count);
  assertCount(c);
  if (c.cases === 0) return value(0);
  if (c.cases < k) return small;
  return c.people < k ? withheld : value(c.cases);
}

export type Range = { min: number; max: number };

/**
 * What can be known of each cell from the published cells and total alone: the smallest and largest value it can
 * take in a table consistent with everything shown. Exposed so that tests audit the result of `suppress`.
 */
export function feasibleRanges(cells: readonly Published[], relation: Relation, total: Published | null, k = MIN_CELL): Range[] {
  const bounds = cells.map((c): Range => (c.kind === 'value' ? { min: c.value, max: c.value } : c.kind === 'small' ? { min: 1, max: k - 1 } : { min: k, max: Infinity }));
  if (relation === 'none' || total === null || total.kind === 'withheld') return bounds;
  const t: Range = total.kind === 'value' ? { min: total.value, max: total.value } : { min: 1, max: k - 1 };
  const sumMin = bounds.reduce((s, b) => s + b.min, 0);
  const finiteMax = bounds.reduce((s, b) => s + (Number.isFinite(b.max) ? b.max : 0), 0);
  const unbounded = bounds.filter((b) => !Number.isFinite(b.max)).length;
  return bounds.map((b) => {
    const othersMin = sumMin - b.min;
    // Unbounded when another cell is withheld.
    const othersMax = unbounded - (Number.isFinite(b.max) ? 0 : 1) > 0 ? Infinity : finiteMax - (Number.isFinite(b.max) ? b.max : 0);
    const min = Math.max(b.min, t.min - othersMax);
    // The cells of an `atLeast` table may add up to more than the total: it gives them no upper bound.
    const max = relation === 'equals' ? Math.min(b.max, t.max - othersMin) : b.max;
    return { min, max };
  });
}

/** A protected cell can take at least k−1 values: a "<5" cell any of 1 … k−1. */
function shortfalls(cells: readonly Published[], primary: readonly boolean[], relation: Relation, total: Published | null, k: number) {
  const ranges = feasibleRanges(cells, relation, total, k);
  return ranges.map((r, i) => (primary[i] ? Math.max(0, k - 2 - (r.max - r.min)) : 0));
}

/**
 * Publishes a table of counts. `total` is the true total for `equals` and `atLeast` (shown, or "<5" when small);
 * a table whose total is under k cases or k people is withheld whole: any breakdown of so few points at people.
 */
export function suppress(counts: readonly (number | Count)[], relation: Relation, total?: number | Count, k = MIN_CELL): SuppressedTable {
  const cs = counts.map(asCount);
  cs.forEach(assertCount);
  const whole = (shownTotal: Published | null): SuppressedTable => ({ cells: cs.map(() => withheld), total: shownTotal, withheld: true });
  let shownTotal: Published | null = null;
  if (relation !== 'none') {
    if (total === undefined) throw new RangeError('a total is needed for this relation');
    const t = asCount(total);
    assertCount(t);
    if (relation === 'equals' && cs.reduce((s, c) => s + c.cases, 0) !== t.cases) throw new RangeError('cells do not add up to the total');
    shownTotal = publishCount(t, k);
    if (t.cases > 0 && shownTotal.kind !== 'value') return whole(shownTotal);
  }

  const cells = cs.map((c) => publishCount(c, k));
  const primary = cells.map((c) => c.kind !== 'value');
  for (;;) {
    const short = shortfalls(cells, primary, relation, shownTotal, k);
    if (short.every((s) => s === 0)) return { cells, total: shownTotal, withheld: false };
    // Withhold the smallest shown cell that gives the room still missing; if none is big enough, the largest.
    const candidates = cells.flatMap((c, i) => (c.kind === 'value' && c.value > 0 ? [{ i, v: c.value }] : [])).sort((a, b) => a.v - b.v || a.i - b.i);
    if (candidates.length === 0) return whole(shownTotal);
    const need = Math.max(...short);
    const choice = candidates.find((c) => c.v - k >= need) ?? candidates[candidates.length - 1]!;
    cells[choice.i] = withheld;
  }
}

/** An amount of money may be shown only when the count of cases behind it is shown as a number. */
export function publishSum(sum: number, count: Published): number | null {
  return count.kind === 'value' && count.value > 0 ? sum : null;
}
