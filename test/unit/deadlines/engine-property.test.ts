/**
 * Property test of the deadline engine (issue 13 point 6). For every version of every rule in the catalogue, any trigger
 * in 2020–2035 within the version's validity, and no region, every region date-holidays knows for the rule's country or
 * a region of another country, with generated ACAS dates, capping dates and local holidays:
 * - the engine's date equals the one of an independent plain implementation (reference-deadline.ts), and so do the
 *   calendar region and the dates shown beside the deadline;
 * - a deadline is never before the trigger (a look-back date never after it);
 * - a rule that moves its last day, or counts working days, never ends on a closed day of the calendar the result says
 *   it used, nor on a local holiday it counts;
 * - a later trigger never gives an earlier date (same version, region and local holidays).
 * The same checks run on generated rules of every shape an administrator could record.
 *
 * Reproducible: the seed is fixed; ENGINE_SEED=<n> changes it and ENGINE_RUNS=<factor> scales the number of runs.
 * A failure prints the seed to rerun with.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { computeDeadline, computeFromCatalogue } from '../../../src/deadlines/compute.js';
import type { DeadlineInputs, DeadlineResult } from '../../../src/deadlines/compute.js';
import { regionsOf } from '../../../src/deadlines/holidays.js';
import { RULES } from '../../../src/deadlines/rules.data.js';
import { COMPUTATION_KINDS, DeadlineRuleSchema } from '../../../src/deadlines/rules.schema.js';
import type { DeadlineRule, DeadlineRuleInput } from '../../../src/deadlines/rules.schema.js';
import {
  daysFromTo,
  isClosed,
  plusDays,
  publicHolidayDates,
  referenceCalendar,
  referenceDeadline,
  type PlaceOptions,
  type ReferenceInputs,
  type ReferenceResult,
} from './reference-deadline.js';

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not "${raw}"`);
  return value;
}

const SEED = Math.trunc(numberFromEnv('ENGINE_SEED', 20_261_206));
const RUN_SCALE = numberFromEnv('ENGINE_RUNS', 1);
/** Runs per rule version, plus runs per region for a rule whose holidays depend on the region. */
const RUNS_PER_VERSION = 100;
const RUNS_PER_REGION = 8;
/** Runs of generated rules (any shape an administrator could record). */
const GENERATED_RUNS = 1000;
/** A hang detector only: the file runs in seconds. */
const HANG = 120_000;

const FROM = '2020-01-01';
const TO = '2035-12-31';
/** "Today" for the calculator's input check: far ahead, so that no generated date is in the future. */
const FAR_TODAY = '2199-12-31';

interface Case {
  rule: DeadlineRule;
  /** First and last trigger: 2020–2035 within the version's validity. */
  from: string;
  to: string;
  /**
   * The catalogue the calculator picks the version from (computeFromCatalogue), or null: computed with computeDeadline
   * directly, as the engine does for a version recorded but not in force (validFrom null) to show its date beside.
   */
  catalogue: readonly DeadlineRule[] | null;
  /** No region (null), every region date-holidays knows for the country, and one of another country. */
  regions: (string | null)[];
  /** The region changes the holidays, so every region must be reached. */
  regional: boolean;
}

function caseOf(rule: DeadlineRule, catalogue: readonly DeadlineRule[] = RULES): Case | null {
  const from = rule.validFrom === null || rule.validFrom < FROM ? FROM : rule.validFrom;
  const to = rule.validTo === null || rule.validTo > TO ? TO : rule.validTo;
  if (from > to) return null;
  // A region of another country must be ignored by the engine.
  const foreign = rule.jurisdiction.country === 'DE' ? 'AT-9' : 'DE-BY';
  const regions = [null, ...regionsOf(rule.jurisdiction.country).map((r) => r.code), foreign];
  const regional = rule.businessDays?.holidays === 'regional' && rule.jurisdiction.region === null;
  return { rule, from, to, catalogue: rule.validFrom === null ? null : catalogue, regions, regional };
}

const CASES = RULES.map((rule) => caseOf(rule)).filter((c): c is Case => c !== null);

function clampTo(c: Case, date: string): string {
  return date < c.from ? c.from : date > c.to ? c.to : date;
}

/** Roughly how many days after the trigger the period ends: to aim triggers at holidays. */
function approximateDays(rule: DeadlineRule): number {
  const n = rule.period?.amount ?? 0;
  switch (rule.computation) {
    case 'days':
      return n;
    case 'weeks':
      return 7 * n;
    case 'months':
    case 'months_less_one_day':
      return Math.round(30.44 * n);
    case 'years':
      return Math.round(365.25 * n);
    case 'working_days':
      return Math.round(1.45 * n);
    default:
      return 0;
  }
}

/**
 * A trigger: uniform over the window, near a month end (31 → June, 29 February), or aimed so that the period ends near
 * a public holiday of the place (where last days move, and holidays run into weekends).
 */
function triggerFor(c: Case, region: string | null): fc.Arbitrary<string> {
  const span = daysFromTo(c.from, c.to);
  const uniform = fc.integer({ min: 0, max: span }).map((i) => plusDays(c.from, i));
  const monthEnd = fc
    .record({ i: fc.integer({ min: 0, max: span }), back: fc.integer({ min: 0, max: 3 }) })
    .map(({ i, back }) => {
      const firstOfNext = plusDays(`${plusDays(c.from, i).slice(0, 8)}28`, 4).slice(0, 8) + '01';
      return clampTo(c, plusDays(firstOfNext, -1 - back));
    });
  const state = referenceCalendar(c.rule, { region, localHolidays: [] })?.holidayState ?? null;
  const ahead = approximateDays(c.rule);
  const aimed = fc
    .record({
      year: fc.integer({
        min: Number(plusDays(c.from, ahead).slice(0, 4)),
        max: Number(plusDays(c.to, ahead).slice(0, 4)),
      }),
      pick: fc.nat(),
      jitter: fc.integer({ min: -5, max: 5 }),
    })
    .map(({ year, pick, jitter }) => {
      const holidays = [...publicHolidayDates(c.rule.jurisdiction.country, state, year)].sort();
      const target = holidays.length ? holidays[pick % holidays.length]! : `${year}-12-25`;
      return clampTo(c, plusDays(target, jitter - ahead));
    });
  return fc.oneof(uniform, monthEnd, aimed);
}

interface Scenario {
  region: string | null;
  trigger: string;
  /** Days to a second, later trigger of the same version (monotonicity). */
  gap: number;
  /** Local holidays, as days from the reference's date without them, so that they fall where they matter. */
  localOffsets: number[];
  /**
   * ACAS Day A as days from the trigger, or from the unextended limit (s.207B(4)'s edges: Day A on the last day or the
   * day after, the limit after s.207B(3) one month after Day B); Day B as days after Day A, or not yet received.
   */
  acas: { from: 'trigger' | 'limit'; dayAOffset: number; conciliationDays: number | undefined } | undefined;
  /** The capping date as days from the trigger or from the uncapped limit (never before the trigger). */
  cap: { from: 'trigger' | 'limit'; offset: number } | undefined;
}

function scenarioFor(c: Case): fc.Arbitrary<Scenario> {
  const { rule } = c;
  const acas = fc.oneof(
    fc.record({
      from: fc.constant('trigger' as const),
      dayAOffset: fc.integer({ min: -15, max: 200 }),
      conciliationDays: fc.option(fc.integer({ min: 0, max: 130 }), { nil: undefined, freq: 4 }),
    }),
    fc.record({
      from: fc.constant('limit' as const),
      dayAOffset: fc.integer({ min: -33, max: 2 }),
      conciliationDays: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined, freq: 6 }),
    }),
  );
  const cap = fc.oneof(
    fc.record({ from: fc.constant('trigger' as const), offset: fc.integer({ min: 0, max: 500 }) }),
    fc.record({ from: fc.constant('limit' as const), offset: fc.integer({ min: -3, max: 3 }) }),
  );
  return fc.constantFrom(...c.regions).chain((region) =>
    fc.record({
      region: fc.constant(region),
      trigger: triggerFor(c, region),
      gap: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 800 })),
      localOffsets: fc.uniqueArray(fc.integer({ min: -35, max: 3 }), { maxLength: 5 }),
      acas: rule.acasStopTheClock ? fc.option(acas, { nil: undefined, freq: 3 }) : fc.constant(undefined),
      cap: rule.cappedBy !== null ? fc.option(cap, { nil: undefined }) : fc.constant(undefined),
    }),
  );
}

/** The dates entered, for the engine (by trigger field) and for the reference; `limit` is the reference's bare date. */
function inputsOf(rule: DeadlineRule, s: Scenario, limit: string): { engine: DeadlineInputs; reference: ReferenceInputs } {
  const trigger = s.trigger;
  const engine: DeadlineInputs = { [rule.trigger]: trigger };
  const reference: ReferenceInputs = { trigger };
  if (s.acas) {
    reference.dayA = engine.acas_day_a = plusDays(s.acas.from === 'trigger' ? trigger : limit, s.acas.dayAOffset);
    if (s.acas.conciliationDays !== undefined)
      reference.dayB = engine.acas_day_b = plusDays(reference.dayA, s.acas.conciliationDays);
  }
  if (rule.cappedBy !== null && s.cap !== undefined) {
    const cap = plusDays(s.cap.from === 'trigger' ? trigger : limit, s.cap.offset);
    reference.cap = engine[rule.cappedBy] = cap < trigger ? trigger : cap;
  }
  return { engine, reference };
}

/** The engine's result through the calculator's entry point, which also validates the inputs and picks the version. */
function engineResult(c: Case, inputs: DeadlineInputs, place: PlaceOptions): DeadlineResult {
  if (c.catalogue === null) return computeDeadline(c.rule, inputs, place);
  const computed = computeFromCatalogue(c.rule.id, inputs, { today: FAR_TODAY, catalogue: c.catalogue, ...place });
  if (!computed.ok) throw new Error(`refused: ${JSON.stringify(computed.errors)}`);
  expect(computed.result.rule.version, 'the version in force on the trigger date').toBe(c.rule.version);
  return computed.result;
}

function dateOf(result: DeadlineResult): string {
  return result.kind === 'deadline' ? result.dueDate : result.lookBackFrom;
}

/** The dates to show beside the deadline: the next business day (a rule's note), then each pending version's date. */
function expectedAlternatives(c: Case, ref: ReferenceResult, inputs: ReferenceInputs, place: PlaceOptions): string[] {
  const dates = ref.nextBusinessDayBeside === null ? [] : [ref.nextBusinessDayBeside];
  if (c.catalogue === null || ref.kind !== 'deadline') return dates;
  const pending = c.catalogue.filter((r) => r.id === c.rule.id && r.validFrom === null && r.version > c.rule.version);
  for (const next of pending) {
    const other = referenceDeadline(next, inputs, place);
    if (other.kind === 'deadline') dates.push(other.date);
  }
  return dates;
}

/** The deadline is a business day of the calendar the result names, and not one of the local holidays it counts. */
function expectBusinessDay(rule: DeadlineRule, result: DeadlineResult, localHolidays: PlaceOptions['localHolidays']): void {
  if (result.kind !== 'deadline') return;
  expect(result.calendar, 'a rule that looks at business days reports its calendar').not.toBeNull();
  const used = referenceCalendar(rule, { region: result.calendar!.region, localHolidays })!;
  const where = result.calendar!.place;
  expect(isClosed(used, result.dueDate), `${result.dueDate} is not a business day in ${where}`).toBe(false);
  if (rule.businessDays!.localHolidays)
    expect(localHolidays.map((h) => h.date), 'never on a local holiday').not.toContain(result.dueDate);
}

let casesChecked = 0;
let engineResultsCompared = 0;

function checkOne(c: Case, s: Scenario): void {
  const { rule } = c;
  const { trigger } = s;
  const bare = referenceDeadline(rule, { trigger }, { region: s.region, localHolidays: [] }).date;
  const localHolidays = s.localOffsets.map((o) => ({ date: plusDays(bare, o), name: 'Fiesta local' }));
  const place: PlaceOptions = { region: s.region, localHolidays };
  const { engine: inputs, reference: refInputs } = inputsOf(rule, s, bare);

  const result = engineResult(c, inputs, place);
  const ref = referenceDeadline(rule, refInputs, place);
  const date = dateOf(result);

  // 1. The date of the independent implementation, of the same kind, from the same calendar; the same dates beside.
  const versus = `engine ${result.kind} ${date}, reference ${ref.kind} ${ref.date}`;
  expect({ kind: result.kind, date }, versus).toEqual({ kind: ref.kind, date: ref.date });
  expect(result.calendar === null ? undefined : result.calendar.region, 'calendar region').toBe(ref.calendarRegion);
  expect(result.steps.at(-1)!.date, 'the last step is the result').toBe(date);
  expect(result.alternatives.map((a) => a.date), 'dates beside the deadline').toEqual(
    expectedAlternatives(c, ref, refInputs, place),
  );

  // 2. Never before the trigger; a look-back never after it.
  if (result.kind === 'deadline') expect(date >= trigger, `${date} is before the trigger ${trigger}`).toBe(true);
  else expect(date <= trigger, `look-back ${date} is after the trigger ${trigger}`).toBe(true);

  // 3. A moved last day is a business day. (A working-day count is checked below on the trigger alone: an earlier
  //    capping date, or ACAS days added to the count, may end on any day when the rule does not move its last day.)
  if (rule.lastDay === 'next_business_day') expectBusinessDay(rule, result, localHolidays);

  // 4. Monotonic in the trigger, the trigger alone (same version: `later` stays in its window). computeDeadline
  //    directly: the version was checked above, and the calculator's input check would double the time.
  const later = clampTo(c, plusDays(trigger, s.gap));
  const first = s.acas || s.cap ? computeDeadline(rule, { [rule.trigger]: trigger }, place) : result;
  const second = computeDeadline(rule, { [rule.trigger]: later }, place);
  expect(dateOf(second) >= dateOf(first), `${later} gives ${dateOf(second)}, before ${dateOf(first)} for ${trigger}`).toBe(
    true,
  );
  expect(dateOf(second), 'the later trigger vs reference').toBe(referenceDeadline(rule, { trigger: later }, place).date);
  if (rule.lastDay === 'next_business_day' || rule.computation === 'working_days')
    for (const r of [first, second]) expectBusinessDay(rule, r, localHolidays);

  casesChecked++;
  engineResultsCompared += first === result ? 2 : 3;
}

/** fc.assert with a fixed seed; a failure says how to reproduce it. */
function assertProperty<T>(property: fc.IProperty<T>, seed: number, numRuns: number): void {
  try {
    fc.assert(property, { seed, numRuns });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n\nReproduce with ENGINE_SEED=${SEED} (the base seed of this run).`, { cause: error });
  }
}

/** A seed per version, from the base seed, so that versions do not all draw the same numbers. */
function seedFor(c: Case): number {
  let h = SEED | 0;
  for (const ch of `${c.rule.id}@${c.rule.version}`) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

describe('the deadline engine agrees with an independent implementation, for every rule, trigger and region', () => {
  it('every rule of the catalogue has a version with triggers in 2020–2035', () => {
    const covered = new Set(CASES.map((c) => c.rule.id));
    expect(RULES.filter((r) => !covered.has(r.id)).map((r) => r.id)).toEqual([]);
  });

  it.each(CASES.map((c) => [`${c.rule.id} v${c.rule.version}`, c] as const))(
    '%s',
    (_name, c) => {
      const seen = new Set<string | null>();
      const runs = RUNS_PER_VERSION + (c.regional ? RUNS_PER_REGION * c.regions.length : 0);
      assertProperty(
        fc.property(scenarioFor(c), (s) => {
          seen.add(s.region);
          checkOne(c, s);
        }),
        seedFor(c),
        Math.ceil(RUN_SCALE * runs),
      );
      if (c.regional) expect(c.regions.filter((r) => !seen.has(r)), 'regions never reached').toEqual([]);
    },
    HANG,
  );
});

// ——— Rules an administrator could add ———

/** The countries of the network (issue 13), and Austria, the administrator's example. */
const COUNTRIES = ['GB', 'US', 'AU', 'DE', 'ES', 'IT', 'FR', 'NL', 'IE', 'AT'] as const;

const months = (amount: number) => ({ amount, unit: 'months' as const });
const days = (amount: number) => ({ amount, unit: 'days' as const });

const PERIODS: Record<(typeof COMPUTATION_KINDS)[number], fc.Arbitrary<DeadlineRuleInput['period']>> = {
  months_less_one_day: fc.integer({ min: 1, max: 24 }).map(months),
  months: fc.integer({ min: 1, max: 24 }).map(months),
  years: fc.integer({ min: 1, max: 6 }).map((amount) => ({ amount, unit: 'years' as const })),
  weeks: fc.integer({ min: 1, max: 12 }).map((amount) => ({ amount, unit: 'weeks' as const })),
  days: fc.integer({ min: 1, max: 400 }).map(days),
  working_days: fc.integer({ min: 1, max: 60 }).map((amount) => ({ amount, unit: 'working_days' as const })),
  reminders_before: fc.constant(null),
  look_back: fc.record({
    amount: fc.integer({ min: 1, max: 6 }),
    unit: fc.constantFrom('days' as const, 'weeks' as const, 'months' as const, 'years' as const),
  }),
};

const ACAS_SOURCES = { clockStop: 'ERA 1996 s.207B(3)', oneMonthAfterCertificate: 'ERA 1996 s.207B(4)' };

type RuleFields = Partial<DeadlineRuleInput> & Pick<DeadlineRuleInput, 'jurisdiction' | 'computation' | 'period'>;

/** A valid rule from the fields that matter to the computation. */
function testRule(fields: RuleFields): DeadlineRule {
  return DeadlineRuleSchema.parse({
    id: `${fields.jurisdiction.country.toLowerCase()}-test-rule`,
    version: 1,
    title: 'A rule made for the property test',
    caseTypes: [RULES[0]!.caseTypes[0]!],
    trigger: 'dismissal_date',
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: true,
    cappedBy: null,
    remindersBefore: fields.computation === 'reminders_before' ? [30] : [],
    validFrom: FROM,
    validTo: null,
    status: 'active',
    statusNote: null,
    explanation: 'Made for the property test.',
    nonWorkingDays: fields.lastDay === 'next_business_day' ? 'Moved to the next business day.' : 'Not moved.',
    source: { citation: 'test', url: null },
    toVerify: null,
    ...fields,
  } satisfies DeadlineRuleInput);
}

/**
 * Any valid rule an administrator can record (issue 13 point 5): every counting method, both ways of treating the
 * last day, any rest days, national or regional holidays, closed days and local holidays, ACAS and caps. The catalogue
 * holds only some combinations (working days arrive with Spain); this keeps the engine honest for all of them.
 */
const generatedRule: fc.Arbitrary<DeadlineRule> = fc
  .record({
    country: fc.constantFrom(...COUNTRIES),
    ownRegion: fc.option(fc.nat(), { freq: 4 }),
    computation: fc.constantFrom(...COMPUTATION_KINDS),
    moves: fc.boolean(),
    restDays: fc.subarray(['saturday', 'sunday'] as const),
    holidays: fc.constantFrom('national' as const, 'regional' as const),
    alsoClosed: fc.subarray(['12-24', '12-31', '01-02', '08-15']),
    localHolidays: fc.boolean(),
    calendarWithoutMove: fc.boolean(),
    note: fc.boolean(),
    acas: fc.boolean(),
    capped: fc.boolean(),
  })
  .chain((g) => PERIODS[g.computation].map((period) => ({ ...g, period })))
  .map((g) => {
    const regions = regionsOf(g.country);
    const region = g.ownRegion !== null && regions.length ? regions[g.ownRegion % regions.length]!.code : null;
    const withCalendar = g.moves || g.computation === 'working_days' || g.calendarWithoutMove;
    const acas = g.acas && g.country === 'GB' && g.computation !== 'look_back';
    const { restDays, holidays, alsoClosed, localHolidays } = g;
    return testRule({
      jurisdiction: { country: g.country, region },
      computation: g.computation,
      period: g.period,
      acasStopTheClock: acas,
      acasSources: acas ? ACAS_SOURCES : null,
      cappedBy: g.capped && !acas ? 'visa_expiry' : null,
      lastDay: g.moves ? 'next_business_day' : 'none',
      businessDays: withCalendar ? { restDays, holidays, alsoClosed, localHolidays, source: 'test' } : null,
      nextBusinessDayNote: !g.moves && withCalendar && g.note ? 'The next business day would be' : null,
    });
  });

describe('the engine agrees with the reference for any rule an administrator could add', () => {
  it(
    'every counting method, last-day treatment and calendar',
    () => {
      const kinds = new Set<string>();
      const scenario = generatedRule.chain((rule) => scenarioFor(caseOf(rule, [rule])!).map((s) => ({ rule, s })));
      assertProperty(
        fc.property(scenario, ({ rule, s }) => {
          kinds.add(`${rule.computation}/${rule.lastDay}`);
          checkOne(caseOf(rule, [rule])!, s);
        }),
        SEED,
        Math.ceil(RUN_SCALE * GENERATED_RUNS),
      );
      expect(kinds.size, [...kinds].join(', ')).toBe(COMPUTATION_KINDS.length * 2);
    },
    HANG,
  );
});

// ——— The reference itself, against the worked examples of shared/domain/deadline-rules.md ———

describe('the reference implementation gives the worked examples of the law', () => {
  const nowhere: PlaceOptions = { region: null, localHolidays: [] };
  const inRegion = (region: string): PlaceOptions => ({ region, localHolidays: [] });
  type Extra = Partial<DeadlineRuleInput['businessDays']>;
  const businessDays = (holidays: 'national' | 'regional', extra: Extra = {}) => ({
    restDays: ['saturday' as const, 'sunday' as const],
    holidays,
    alsoClosed: [],
    localHolidays: false,
    source: 'test',
    ...extra,
  });
  /** A rule of the whole country that moves its last day to the next business day. */
  const moving = (
    country: string,
    computation: RuleFields['computation'],
    period: RuleFields['period'],
    holidays: 'national' | 'regional',
  ) =>
    testRule({
      jurisdiction: { country, region: null },
      computation,
      period,
      lastDay: 'next_business_day',
      businessDays: businessDays(holidays),
    });
  const due = (rule: DeadlineRule, inputs: ReferenceInputs, place = nowhere) => referenceDeadline(rule, inputs, place).date;
  const gb = { country: 'GB', region: null };

  it('"3 months less one day": 15 Mar → 14 Jun, 31 Oct → 30 Jan, 30 Nov → 28/29 Feb, 31 May → 30 Aug', () => {
    const rule = testRule({ jurisdiction: gb, computation: 'months_less_one_day', period: months(3) });
    const triggers = ['2026-03-15', '2026-10-31', '2026-11-30', '2027-11-30', '2026-05-31'];
    expect(triggers.map((trigger) => due(rule, { trigger }))).toEqual([
      '2026-06-14',
      '2027-01-30',
      '2027-02-28',
      '2028-02-29',
      '2026-08-30',
    ]);
  });

  it('ACAS: limit 14 Jun, Day A 10 Jun, Day B 24 Jun → 28 Jun by s.207B(3) → 24 Jul by s.207B(4)', () => {
    const rule = testRule({
      jurisdiction: { country: 'GB', region: 'GB-GBN' },
      computation: 'months_less_one_day',
      period: months(3),
      acasStopTheClock: true,
      acasSources: ACAS_SOURCES,
    });
    expect(due(rule, { trigger: '2026-03-15', dayA: '2026-06-10', dayB: '2026-06-24' })).toBe('2026-07-24');
  });

  it('equal pay 31 Jan 2026 → 30 Jul; interim relief 24 Apr → 1 May; Ireland 1 Feb → 31 Jul: none moved', () => {
    const equalPay = testRule({ jurisdiction: gb, computation: 'months_less_one_day', period: months(6) });
    const interimRelief = testRule({ jurisdiction: gb, computation: 'days', period: days(7) });
    const ie = { country: 'IE', region: null };
    const wrc = testRule({ jurisdiction: ie, computation: 'months_less_one_day', period: months(6) });
    expect(due(equalPay, { trigger: '2026-01-31' })).toBe('2026-07-30');
    expect(due(interimRelief, { trigger: '2026-04-24' })).toBe('2026-05-01');
    expect(due(wrc, { trigger: '2026-02-01' })).toBe('2026-07-31');
  });

  it('US federal: 180 days from 2 Feb 2026 → Mon 3 Aug, 300 → Mon 30 Nov; 90 days from 1 Jul → 29 Sep', () => {
    const federal = (n: number) => moving('US', 'days', days(n), 'national');
    expect(due(federal(180), { trigger: '2026-02-02' })).toBe('2026-08-03');
    expect(due(federal(300), { trigger: '2026-02-02' })).toBe('2026-11-30');
    expect(due(federal(90), { trigger: '2026-07-01' })).toBe('2026-09-29');
  });

  it('OSHA 11(c): 30 days from 5 Jun 2026 → Sun 5 Jul, not moved, with Mon 6 Jul beside it', () => {
    const osha = testRule({
      jurisdiction: { country: 'US', region: null },
      computation: 'days',
      period: days(30),
      businessDays: businessDays('national'),
      nextBusinessDayNote: 'The next business day would be',
    });
    expect(referenceDeadline(osha, { trigger: '2026-06-05' }, nowhere)).toMatchObject({
      date: '2026-07-05',
      nextBusinessDayBeside: '2026-07-06',
    });
  });

  it('New South Wales: 21 days after 5 Dec 2026 → Sat 26 (Boxing Day), Sun 27, Mon 28 (substitute) → Tue 29 Dec', () => {
    const generalProtections = moving('AU', 'days', days(21), 'regional');
    expect(due(generalProtections, { trigger: '2026-12-05' }, inRegion('AU-NSW'))).toBe('2026-12-29');
  });

  it('Germany: 3 weeks from 1 Apr 2026 → 22 Apr; 14 May → 4 Jun, Corpus Christi in Bavaria: 5 Jun', () => {
    const kschg = moving('DE', 'weeks', { amount: 3, unit: 'weeks' }, 'regional');
    expect(due(kschg, { trigger: '2026-04-01' })).toBe('2026-04-22');
    expect(due(kschg, { trigger: '2026-05-14' }, inRegion('DE-BY'))).toBe('2026-06-05');
    expect(due(kschg, { trigger: '2026-05-14' }, inRegion('DE-BE'))).toBe('2026-06-04');
  });

  it('Madrid: 20 working days from Fri 2 Oct 2026, without 12 Oct and 2 Nov → Tue 3 Nov 2026', () => {
    const despido = testRule({
      jurisdiction: { country: 'ES', region: null },
      computation: 'working_days',
      period: { amount: 20, unit: 'working_days' },
      businessDays: businessDays('regional', { alsoClosed: ['12-24', '12-31'], localHolidays: true }),
    });
    expect(due(despido, { trigger: '2026-10-02' }, inRegion('ES-MD'))).toBe('2026-11-03');
  });

  it('Italy: 60 days from 1 Apr 2026 → Sun 31 May → Mon 1 Jun; Netherlands: 2 months from 28 Feb → 28 Apr', () => {
    const impugnazione = testRule({
      jurisdiction: { country: 'IT', region: null },
      computation: 'days',
      period: days(60),
      lastDay: 'next_business_day',
      businessDays: businessDays('national', { restDays: ['sunday'] }),
    });
    expect(due(impugnazione, { trigger: '2026-04-01' })).toBe('2026-06-01');
    expect(due(moving('NL', 'months', months(2), 'national'), { trigger: '2026-02-28' })).toBe('2026-04-28');
  });
});

afterAll(() => {
  console.log(
    `engine property: ${CASES.length} rule versions, ${casesChecked} cases, ${engineResultsCompared} engine results ` +
      `compared with the reference (ENGINE_SEED=${SEED})`,
  );
});
