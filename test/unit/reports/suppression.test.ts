import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feasibleRanges, MIN_CELL, publishCount, publishSum, suppress, type Count, type Published, type Relation } from '../../../src/reports/suppression.js';

const K = MIN_CELL;

/**
 * An auditor independent of the module's interval arithmetic: enumerates every table of whole numbers consistent with
 * what is published ("<5" = 1…4, withheld = at least 5, shown = exactly that) and collects the values each cell takes.
 */
function possibleValues(cells: readonly Published[], relation: Relation, total: Published | null): Set<number>[] {
  const exactTotal = total?.kind === 'value' ? total.value : null;
  const cap = (exactTotal ?? 40) + K * cells.length;
  const seen = cells.map(() => new Set<number>());
  const choice: number[] = [];
  const options = (c: Published): number[] =>
    c.kind === 'value' ? [c.value] : c.kind === 'small' ? [1, 2, 3, 4] : Array.from({ length: cap - K + 1 }, (_, i) => K + i);
  const walk = (i: number, sum: number) => {
    if (relation === 'equals' && exactTotal !== null && sum > exactTotal) return;
    if (i === cells.length) {
      if (relation === 'equals' && exactTotal !== null && sum !== exactTotal) return;
      if (relation === 'atLeast' && exactTotal !== null && sum < exactTotal) return;
      choice.forEach((v, j) => seen[j]!.add(v));
      return;
    }
    for (const v of options(cells[i]!)) {
      choice[i] = v;
      walk(i + 1, sum + v);
    }
  };
  walk(0, 0);
  return seen;
}

const show = (t: { cells: Published[] }) => t.cells.map((c) => (c.kind === 'value' ? c.value : c.kind === 'small' ? '<5' : 'w'));

describe('publishCount', () => {
  it('shows 0 and counts from 5 up, and "<5" for 1 to 4', () => {
    expect(publishCount(0)).toEqual({ kind: 'value', value: 0 });
    for (const n of [1, 2, 3, 4]) expect(publishCount(n)).toEqual({ kind: 'small' });
    expect(publishCount(5)).toEqual({ kind: 'value', value: 5 });
  });

  it('withholds five or more cases that are fewer than five people', () => {
    expect(publishCount({ cases: 7, people: 2 })).toEqual({ kind: 'withheld' });
    expect(publishCount({ cases: 7, people: 5 })).toEqual({ kind: 'value', value: 7 });
  });

  it('refuses what is not a count', () => {
    expect(() => publishCount(-1)).toThrow(RangeError);
    expect(() => publishCount(1.5)).toThrow(RangeError);
    expect(() => publishCount({ cases: 2, people: 3 })).toThrow(RangeError);
  });
});

describe('suppress: the cases the issue names', () => {
  it('a category with 3 people shows "<5", and the total does not give it away', () => {
    // Care 3, cleaning 40, construction 57: total 100. Showing 40 and 57 would give care = 100 − 97 = 3.
    const t = suppress([3, 40, 57], 'equals', 100);
    expect(t.withheld).toBe(false);
    expect(t.cells[0]).toEqual({ kind: 'small' });
    expect(t.total).toEqual({ kind: 'value', value: 100 });
    expect(t.cells.filter((c) => c.kind === 'withheld')).toHaveLength(1);
    // The smallest cell that hides it is the one withheld.
    expect(show(t)).toEqual(['<5', 'w', 57]);
    expect([...possibleValues(t.cells, 'equals', t.total)[0]!].sort()).toEqual([1, 2, 3, 4]);
  });

  it('needs no second cell when two small cells already hide each other within the total', () => {
    const t = suppress([2, 3, 50], 'equals', 55);
    expect(show(t)).toEqual(['<5', '<5', 50]);
    const seen = possibleValues(t.cells, 'equals', t.total);
    expect([...seen[0]!].sort()).toEqual([1, 2, 3, 4]);
    expect([...seen[1]!].sort()).toEqual([1, 2, 3, 4]);
  });

  it('withholds a bigger cell when the next one up would only leave 1 or 2 possible', () => {
    // Withholding 6 alone leaves the small cell between 1 and 2 (6 − 5 = 1 of room): 30 is withheld instead.
    const t = suppress([1, 6, 30], 'equals', 37);
    expect(show(t)).toEqual(['<5', 6, 'w']);
  });

  it('withholds the whole table when its own cells cannot hide a small one', () => {
    // 1 + 5 = 6: with 5 withheld (at least 5) the small cell could only be 1.
    expect(suppress([1, 5], 'equals', 6)).toMatchObject({ withheld: true, total: { kind: 'value', value: 6 } });
  });

  it('withholds every breakdown of fewer than 5 cases, and shows their total as "<5"', () => {
    expect(suppress([3, 0, 0], 'equals', 3)).toEqual({ cells: Array(3).fill({ kind: 'withheld' }), total: { kind: 'small' }, withheld: true });
  });

  it('withholds every breakdown of many cases of fewer than 5 people', () => {
    expect(suppress([{ cases: 9, people: 3 }], 'equals', { cases: 9, people: 3 }).withheld).toBe(true);
  });

  it('shows an empty table as zeros', () => {
    expect(suppress([0, 0], 'equals', 0)).toEqual({ cells: [{ kind: 'value', value: 0 }, { kind: 'value', value: 0 }], total: { kind: 'value', value: 0 }, withheld: false });
  });

  it('protects a cell of many cases of one person like a small one', () => {
    const t = suppress([{ cases: 8, people: 1 }, 50, 60], 'equals', { cases: 118, people: 111 });
    expect(t.cells[0]).toEqual({ kind: 'withheld' });
    expect(possibleValues(t.cells, 'equals', t.total)[0]!.size).toBeGreaterThanOrEqual(K - 1);
  });

  it('needs nothing more than "<5" where no total links the cells', () => {
    expect(show(suppress([3, 40, 57], 'none'))).toEqual(['<5', 40, 57]);
  });

  it('protects overlapping categories (case types) from "at least the total" reasoning', () => {
    // 20 cases; wage theft 16 + "<5": every case has a type, so without more the hidden one would be at least 4.
    const t = suppress([16, 4], 'atLeast', 20);
    const seen = possibleValues(t.cells, 'atLeast', t.total);
    expect([...seen[1]!].sort()).toEqual([1, 2, 3, 4]);
    expect(t.cells[0]).toEqual({ kind: 'withheld' });
  });
});

describe('suppress: properties (every table of up to 5 cells)', () => {
  const cell = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 30 }));
  const countArb = cell.chain((cases) => fc.integer({ min: Math.min(cases, 1), max: cases }).map((people): Count => ({ cases, people })));

  function checkTable(counts: Count[], relation: Relation, total: Count) {
    const t = suppress(counts, relation, total);
    if (t.withheld) return;
    const seen = possibleValues(t.cells, relation, t.total);
    t.cells.forEach((c, i) => {
      const truth = counts[i]!.cases;
      // Shown numbers are true; markers are honest about the value behind them.
      if (c.kind === 'value') expect(c.value).toBe(truth);
      if (c.kind === 'small') expect(truth >= 1 && truth < K).toBe(true);
      if (c.kind === 'withheld') expect(truth).toBeGreaterThanOrEqual(K);
      // The true table is one of those consistent with what is published.
      expect(seen[i]!.has(truth)).toBe(true);
      // No "<5" can be narrowed down, and a cell of few people stays as uncertain.
      if (c.kind === 'small') expect([...seen[i]!].sort()).toEqual([1, 2, 3, 4]);
      if (c.kind === 'withheld' && counts[i]!.people < K) expect(seen[i]!.size).toBeGreaterThanOrEqual(K - 1);
      // The module's own interval arithmetic agrees with the enumeration.
      const range = feasibleRanges(t.cells, relation, t.total)[i]!;
      expect(range.min).toBe(Math.min(...seen[i]!));
      if (Number.isFinite(range.max)) expect(range.max).toBe(Math.max(...seen[i]!));
    });
  }

  it('partitions (cells add up to the total)', () => {
    fc.assert(
      fc.property(fc.array(countArb, { minLength: 1, maxLength: 5 }), (counts) => {
        const total = { cases: counts.reduce((s, c) => s + c.cases, 0), people: counts.reduce((s, c) => s + c.people, 0) };
        checkTable(counts, 'equals', total);
      }),
      { numRuns: 300 },
    );
  });

  it('overlapping categories (cells add up to at least the total)', () => {
    fc.assert(
      fc.property(fc.array(countArb, { minLength: 1, maxLength: 4 }), fc.double({ min: 0, max: 1, noNaN: true }), (counts, f) => {
        const sum = counts.reduce((s, c) => s + c.cases, 0);
        const biggest = Math.max(...counts.map((c) => c.cases));
        const cases = biggest + Math.floor((sum - biggest) * f);
        checkTable(counts, 'atLeast', { cases, people: cases });
      }),
      { numRuns: 200 },
    );
  });
});

describe('publishSum', () => {
  it('shows an amount only behind a count shown as a number', () => {
    expect(publishSum(12_000, { kind: 'value', value: 6 })).toBe(12_000);
    expect(publishSum(12_000, { kind: 'small' })).toBeNull();
    expect(publishSum(12_000, { kind: 'withheld' })).toBeNull();
  });
});
