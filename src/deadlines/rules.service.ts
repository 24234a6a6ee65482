/**
 * The catalogue in force: the reviewed base (rules.data.ts) with an administrator's corrections and added versions
 * from the database, so that a law's commencement date can be set without a release. Every change is checked as a
 * whole catalogue (no two versions of a rule may apply to the same trigger date) and audited.
 */
import { createHash } from 'node:crypto';
import { recordAudit } from '../audit/audit.repo.js';
import type { Db, DbOrTx } from '../db/client.js';
import { write } from '../db/write.js';
import { addDays, compareDates } from './compute.js';
import { ruleChanges, saveRuleChange } from './deadlines.repo.js';
import type { ruleVersionChanges } from './deadlines.table.js';
import { RULES } from './rules.data.js';
import { DeadlineRuleSchema, RuleCatalogueSchema, parseRuleCatalogue } from './rules.schema.js';
import type { DeadlineRule, DeadlineRuleInput, RuleStatus } from './rules.schema.js';

export type RuleChange = typeof ruleVersionChanges.$inferSelect;

function changesOf(db: DbOrTx): RuleChange[] {
  return ruleChanges(db);
}

function merge(base: readonly DeadlineRuleInput[], changes: readonly RuleChange[]): DeadlineRuleInput[] {
  const byKey = new Map(changes.map((c) => [`${c.ruleId}@${c.version}`, c.rule]));
  const merged = base.map((r) => byKey.get(`${r.id}@${r.version}`) ?? r);
  const baseKeys = new Set(base.map((r) => `${r.id}@${r.version}`));
  for (const c of changes) if (!baseKeys.has(`${c.ruleId}@${c.version}`)) merged.push(c.rule);
  // Catalogue order, each rule's versions together and ascending.
  const order = new Map<string, number>();
  merged.forEach((r) => order.has(r.id) || order.set(r.id, order.size));
  return merged.sort((a, b) => order.get(a.id)! - order.get(b.id)! || a.version - b.version);
}

/** Every version of every rule as it applies now. */
export function effectiveCatalogue(db: DbOrTx): readonly DeadlineRule[] {
  const changes = changesOf(db);
  if (changes.length === 0) return RULES;
  return parseRuleCatalogue(merge(RULES, changes));
}

/** Who changed each version, and when (for the administrator's catalogue page). */
export function ruleChangeLog(db: DbOrTx): Map<string, RuleChange> {
  return new Map(changesOf(db).map((c) => [`${c.ruleId}@${c.version}`, c]));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/** SHA-256 of a rule version as applied: a deadline stores it, and a different one later means the rule changed. */
export function ruleFingerprint(rule: DeadlineRule): string {
  return createHash('sha256').update(JSON.stringify(canonical(rule))).digest('hex');
}

export type RuleChangeResult = { ok: true; rule: DeadlineRule } | { ok: false; errors: Record<string, string> };

/** Form fields a catalogue issue belongs to; anything else is shown above the form. */
const FORM_FIELDS = new Set(['validFrom', 'validTo', 'status', 'statusNote', 'title', 'explanation', 'periodAmount', 'citation', 'url', 'toVerify', 'nonWorkingDays']);

function fieldOf(path: readonly PropertyKey[]): string {
  const [first, second] = path.filter((p) => typeof p !== 'number').map(String);
  if (first === 'period') return 'periodAmount';
  if (first === 'source') return second === 'url' ? 'url' : 'citation';
  return first && FORM_FIELDS.has(first) ? first : '_form';
}

/** Validates the catalogue with `changed` versions in place; the messages come from the catalogue schema. */
function checkCatalogue(current: readonly DeadlineRule[], changed: readonly DeadlineRule[]): Record<string, string> | null {
  const keys = new Set(changed.map((r) => `${r.id}@${r.version}`));
  const next = [...current.filter((r) => !keys.has(`${r.id}@${r.version}`)), ...changed];
  const result = RuleCatalogueSchema.safeParse(next);
  if (result.success) return null;
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) errors[fieldOf(issue.path.slice(1))] ??= issue.message;
  return errors;
}


function changedFields(before: DeadlineRule, after: DeadlineRule): string[] {
  return (Object.keys(after) as (keyof DeadlineRule)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

export type VersionDates = {
  validFrom: string | null;
  validTo: string | null;
  status: RuleStatus;
  statusNote: string | null;
  /** Also end the version in force before this one on the day before this one starts. */
  endPrevious: boolean;
};

/**
 * Changes a version's effective dates (and whether the rule is discontinued). With `endPrevious`, the version that
 * would otherwise overlap from the left is ended the day before — the usual move when a new law commences.
 */
export function changeVersionDates(
  db: Db,
  ruleId: string,
  version: number,
  input: VersionDates,
  actor: { id: string; clientAddress: string | null },
  now: number,
): Promise<RuleChangeResult | { ok: false; notFound: true }> {
  return write(
    db,
    (tx) => {
      const catalogue = effectiveCatalogue(tx);
      const before = catalogue.find((r) => r.id === ruleId && r.version === version);
      if (!before) return { ok: false as const, notFound: true as const };
      const parsed = DeadlineRuleSchema.safeParse({
        ...before,
        validFrom: input.validFrom,
        validTo: input.validTo,
        status: input.status,
        statusNote: input.status === 'discontinued' ? input.statusNote : null,
      });
      if (!parsed.success) {
        const errors: Record<string, string> = {};
        for (const issue of parsed.error.issues) errors[fieldOf(issue.path)] ??= issue.message;
        return { ok: false as const, errors };
      }
      const after = parsed.data;
      const changed: DeadlineRule[] = [after];
      if (input.endPrevious && after.validFrom !== null) {
        const previous = catalogue
          .filter((r) => r.id === ruleId && r.version !== version && r.validFrom !== null && compareDates(r.validFrom, after.validFrom!) < 0)
          .filter((r) => r.validTo === null || compareDates(r.validTo, after.validFrom!) >= 0)
          .sort((a, b) => compareDates(b.validFrom!, a.validFrom!))[0];
        if (previous) changed.push({ ...previous, validTo: addDays(after.validFrom, -1) });
      }
      const errors = checkCatalogue(catalogue, changed);
      if (errors) return { ok: false as const, errors };
      for (const rule of changed) {
        const old = catalogue.find((r) => r.id === rule.id && r.version === rule.version)!;
        const fields = changedFields(old, rule);
        if (fields.length === 0) continue;
        const isBase = RULES.some((r) => r.id === rule.id && r.version === rule.version);
        saveRuleChange(tx, rule, !isBase, actor.id, now);
        recordAudit(tx, { userId: actor.id, action: 'update', targetType: 'deadline_rule', targetId: `${rule.id}@${rule.version}`, fields, clientAddress: actor.clientAddress }, now);
      }
      return { ok: true as const, rule: after };
    },
  );
}

export type NewVersion = {
  title: string;
  periodAmount: number | null;
  validFrom: string | null;
  validTo: string | null;
  explanation: string;
  nonWorkingDays: string;
  citation: string;
  url: string | null;
  toVerify: string | null;
};

/** Adds the next version of a rule: a copy of its latest version with the administrator's changes. */
export function addRuleVersion(
  db: Db,
  ruleId: string,
  input: NewVersion,
  actor: { id: string; clientAddress: string | null },
  now: number,
): Promise<RuleChangeResult | { ok: false; notFound: true }> {
  return write(
    db,
    (tx) => {
      const catalogue = effectiveCatalogue(tx);
      const versions = catalogue.filter((r) => r.id === ruleId).sort((a, b) => a.version - b.version);
      const latest = versions.at(-1);
      if (!latest) return { ok: false as const, notFound: true as const };
      const parsed = DeadlineRuleSchema.safeParse({
        ...latest,
        version: latest.version + 1,
        title: input.title,
        period: latest.period && input.periodAmount !== null ? { ...latest.period, amount: input.periodAmount } : latest.period,
        validFrom: input.validFrom,
        validTo: input.validTo,
        explanation: input.explanation,
        nonWorkingDays: input.nonWorkingDays,
        source: { citation: input.citation, url: input.url },
        toVerify: input.toVerify,
      });
      if (!parsed.success) {
        const errors: Record<string, string> = {};
        for (const issue of parsed.error.issues) errors[fieldOf(issue.path)] ??= issue.message;
        return { ok: false as const, errors };
      }
      const errors = checkCatalogue(catalogue, [parsed.data]);
      if (errors) return { ok: false as const, errors };
      saveRuleChange(tx, parsed.data, true, actor.id, now);
      recordAudit(tx, { userId: actor.id, action: 'create', targetType: 'deadline_rule', targetId: `${ruleId}@${parsed.data.version}`, fields: Object.keys(input), clientAddress: actor.clientAddress }, now);
      return { ok: true as const, rule: parsed.data };
    },
  );
}
