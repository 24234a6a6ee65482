/**
 * README's "Deadline rules" table is checked against the catalogue: every rule once, with the period of the version
 * that applies from now on, its jurisdiction, how its last day moves and its source; no rule that is not in it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../src/deadlines/rules.data.js';
import type { DeadlineRule } from '../../../src/deadlines/rules.schema.js';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));

interface Row {
  id: string;
  jurisdiction: string;
  period: string;
  lastDay: string;
  source: string;
}

/** The rows of the table under "## Deadline rules", up to the next heading. */
function readmeRules(markdown: string): Row[] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Deadline rules\n'));
  if (!section) throw new Error('README.md has no "## Deadline rules" section');
  return section
    .split('\n')
    .filter((line) => /^\| `/.test(line))
    .map((line) => {
      const cells = line.slice(1, -1).split(' | ').map((c) => c.trim());
      if (cells.length !== 5) throw new Error(`A README rule row needs 5 cells: ${line}`);
      const [id, jurisdiction, period, lastDay, source] = cells as [string, string, string, string, string];
      return { id: id.replace(/^`|`$/g, ''), jurisdiction, period, lastDay, source };
    });
}

/** The version that applies to trigger dates from now on: in force and open-ended, else the latest in force. */
function currentVersion(versions: readonly DeadlineRule[]): DeadlineRule {
  const inForce = versions.filter((v) => v.validFrom !== null);
  return inForce.find((v) => v.validTo === null) ?? inForce.at(-1) ?? versions.at(-1)!;
}

/** "3 months", "20 working days", "1 year", "6 years look-back", "the date itself". */
function periodText(rule: Pick<DeadlineRule, 'period' | 'computation'>): string {
  if (rule.period === null) return 'the date itself';
  const { amount, unit } = rule.period;
  const word = unit === 'working_days' ? 'working day' : unit.replace(/s$/, '');
  const text = `${amount} ${word}${amount === 1 ? '' : 's'}`;
  return rule.computation === 'look_back' ? `${text} look-back` : text;
}

/** How the table must begin to say what happens to a last day on a weekend or holiday. */
function lastDayText(rule: DeadlineRule): string {
  if (rule.computation === 'working_days') return 'working days only';
  return rule.lastDay === 'next_business_day' ? 'next business day' : 'not moved';
}

function byId(): Map<string, DeadlineRule[]> {
  const ids = new Map<string, DeadlineRule[]>();
  for (const rule of RULES) ids.set(rule.id, [...(ids.get(rule.id) ?? []), rule]);
  return ids;
}

describe("README's rule list", () => {
  const rows = readmeRules(readFileSync(README, 'utf8'));

  it('names every rule of the catalogue exactly once, and no other', () => {
    const ids = rows.map((r) => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i), 'listed twice').toEqual([]);
    expect(ids.filter((id) => !byId().has(id)), 'not in the catalogue').toEqual([]);
    expect([...byId().keys()].filter((id) => !ids.includes(id)), 'missing from README').toEqual([]);
  });

  it('gives each rule its current period, jurisdiction, last-day treatment and source', () => {
    const problems: string[] = [];
    for (const [id, versions] of byId()) {
      const row = rows.find((r) => r.id === id);
      if (!row) continue;
      const rule = currentVersion(versions);
      const jurisdiction = rule.jurisdiction.region ?? rule.jurisdiction.country;
      if (row.jurisdiction !== jurisdiction) problems.push(`${id}: jurisdiction "${row.jurisdiction}", catalogue "${jurisdiction}"`);
      const period = periodText(rule);
      if (row.period !== period && !row.period.startsWith(`${period} (`))
        problems.push(`${id}: period "${row.period}", catalogue "${period}"`);
      const lastDay = lastDayText(rule);
      if (!row.lastDay.startsWith(lastDay)) problems.push(`${id}: last day "${row.lastDay}", catalogue "${lastDay} …"`);
      if (row.source !== rule.source.citation) problems.push(`${id}: source "${row.source}", catalogue "${rule.source.citation}"`);
    }
    expect(problems).toEqual([]);
  });

  it('mentions the other versions of a rule in brackets after the current period', () => {
    for (const [id, versions] of byId()) {
      const row = rows.find((r) => r.id === id);
      if (!row || versions.length === 1) continue;
      const current = currentVersion(versions);
      for (const other of versions.filter((v) => v !== current))
        expect(row.period, `${id} version ${other.version}`).toContain(periodText(other));
    }
  });
});

describe('the README check itself', () => {
  const table = (rows: string[]) =>
    ['## Deadline rules', '', '| id | jurisdiction | period | how the last day moves | source |', '| --- | --- | --- | --- | --- |', ...rows, '', '## Next'].join('\n');

  it('reads the rule table only, not the other tables of README', () => {
    const rows = readmeRules(`| \`PORT\` | 3000 | port |\n\n${table(['| `us-flsa` | US | 2 years | next business day | 29 U.S.C. §255(a) |'])}\n| \`x\` | y |`);
    expect(rows).toEqual([{ id: 'us-flsa', jurisdiction: 'US', period: '2 years', lastDay: 'next business day', source: '29 U.S.C. §255(a)' }]);
  });

  it('writes periods the way the table does', () => {
    expect(periodText({ period: { amount: 20, unit: 'working_days' }, computation: 'working_days' })).toBe('20 working days');
    expect(periodText({ period: { amount: 1, unit: 'years' }, computation: 'years' })).toBe('1 year');
    expect(periodText({ period: { amount: 6, unit: 'years' }, computation: 'look_back' })).toBe('6 years look-back');
    expect(periodText({ period: null, computation: 'reminders_before' })).toBe('the date itself');
  });
});
