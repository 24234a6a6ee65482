import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  applyAcasStopTheClock,
  compareDates,
  computeDeadline,
  daysBetween,
  deadlineInputsSchema,
  monthsLessOneDay,
} from '../../../src/deadlines/compute.js';
import type { DeadlineInputs } from '../../../src/deadlines/compute.js';
import { RULES } from '../../../src/deadlines/rules.data.js';

const FIRST = '1990-01-01';
const SPAN = daysBetween(FIRST, '2150-12-31');

/** Any calendar date the app accepts as a trigger (kept clear of the upper bound so limits stay representable). */
const date = fc.integer({ min: 0, max: SPAN }).map((n) => addDays(FIRST, n));
/** A date `min`..`max` days after `from`. */
const after = (from: string, min: number, max: number) => fc.integer({ min, max }).map((n) => addDays(from, n));

const limitRules = RULES.filter((r) => r.computation !== 'look_back');

describe('properties', () => {
  it('day arithmetic agrees with UTC Date arithmetic', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -20000, max: 20000 }), (d, n) => {
        const expected = new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
        expect(addDays(d, n)).toBe(expected);
      }),
    );
  });

  it('"N months less one day" ends after the trigger, inside the Nth month, and never goes backwards', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 400 }), (d, months, gap) => {
        const end = monthsLessOneDay(d, months);
        expect(compareDates(end, d)).toBe(1);
        // At least 28 days per month, at most 31.
        expect(daysBetween(d, end)).toBeGreaterThanOrEqual(28 * months - 1);
        expect(daysBetween(d, end)).toBeLessThanOrEqual(31 * months);
        // A later trigger never gives an earlier limit.
        expect(compareDates(monthsLessOneDay(addDays(d, gap), months), end)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('a computed deadline never precedes its trigger, and its last step is the deadline', () => {
    const scenario = fc
      .record({ rule: fc.constantFrom(...limitRules), trigger: date })
      .chain(({ rule, trigger }) =>
        fc.record({
          rule: fc.constant(rule),
          trigger: fc.constant(trigger),
          dayA: fc.option(after(trigger, -30, 200), { nil: undefined }),
          conciliationDays: fc.integer({ min: 0, max: 120 }),
          cap: fc.option(after(trigger, 0, 400), { nil: undefined }),
        }),
      )
      .filter(({ rule, trigger }) => rule.validFrom !== null && compareDates(trigger, rule.validFrom) >= 0);

    fc.assert(
      fc.property(scenario, ({ rule, trigger, dayA, conciliationDays, cap }) => {
        const inputs: DeadlineInputs = { [rule.trigger]: trigger };
        if (rule.acasStopTheClock && dayA !== undefined) {
          inputs.acas_day_a = dayA;
          inputs.acas_day_b = addDays(dayA, conciliationDays);
        }
        if (rule.cappedBy && cap !== undefined) inputs[rule.cappedBy] = cap;
        // Only inputs the form would accept (today far ahead so that "in the future" never trips).
        const parsed = deadlineInputsSchema(rule, '2199-12-31').safeParse(inputs);
        fc.pre(parsed.success);

        const result = computeDeadline(rule, inputs);
        if (result.kind !== 'deadline') throw new Error('limit rules only');
        expect(compareDates(result.dueDate, trigger)).toBeGreaterThanOrEqual(0);
        expect(result.steps.at(-1)!.date).toBe(result.dueDate);
        for (const reminder of result.reminders) expect(compareDates(reminder.date, result.dueDate)).toBe(-1);
      }),
    );
  });

  it('stop the clock never shortens a limit', () => {
    fc.assert(
      fc.property(
        date,
        fc.integer({ min: -400, max: 400 }),
        fc.integer({ min: 0, max: 400 }),
        (limit, dayAOffset, conciliationDays) => {
          const dayA = addDays(limit, dayAOffset);
          const dayB = addDays(dayA, conciliationDays);
          const extension = applyAcasStopTheClock(limit, { dayA, dayB });
          expect(compareDates(extension.dueDate, limit)).toBeGreaterThanOrEqual(0);
          // Within the limit, the extension is at least the days not counted, and at least one month after Day B.
          if (dayAOffset <= 0) {
            expect(daysBetween(limit, extension.dueDate)).toBeGreaterThanOrEqual(conciliationDays);
            expect(compareDates(extension.dueDate, dayB)).toBe(1);
          } else {
            expect(extension.dueDate).toBe(limit);
          }
        },
      ),
    );
  });

  it('entering ACAS dates on a tribunal rule never gives an earlier date than leaving them out', () => {
    const tribunal = RULES.filter((r) => r.acasStopTheClock && r.validFrom !== null);
    fc.assert(
      fc.property(
        fc.constantFrom(...tribunal),
        fc.integer({ min: daysBetween(FIRST, '2015-01-01'), max: SPAN }).map((n) => addDays(FIRST, n)),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 120 }),
        (rule, trigger, dayAOffset, conciliationDays) => {
          const dayA = addDays(trigger, dayAOffset);
          const without = computeDeadline(rule, { [rule.trigger]: trigger });
          const withAcas = computeDeadline(rule, {
            [rule.trigger]: trigger,
            acas_day_a: dayA,
            acas_day_b: addDays(dayA, conciliationDays),
          });
          if (without.kind !== 'deadline' || withAcas.kind !== 'deadline') throw new Error('limit rules only');
          expect(compareDates(withAcas.dueDate, without.dueDate)).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
