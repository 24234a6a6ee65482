/**
 * The catalogue in force: the reviewed base (rules.data.ts) with an administrator's corrections and added versions
 * from the database, so that a law's commencement date can be set without a release. Every change is checked as a
 * whole catalogue (no two versions of a rule may apply to the same trigger date) and audited.
 */
import { createHash } from 'node:crypto';
import { recordAudit } from '../audit/audit.repo.js';
import type { Db, DbOrTx } from '../db/client.js';
import { write } from '../db/write.js';
import { addDays, addMonths, compareDates, computeDeadline, deadlineInputsSchema, isInForce, type DeadlineResult, type IsoDate } from './compute.js';
import { ruleChanges, saveRuleChange } from './deadlines.repo.js';
import type { ruleVersionChanges } from './deadlines.table.js';
import { RULES } from './rules.data.js';
import { newRuleFieldOf } from './rule-form.schema.js';
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

/**
 * SHA-256 of a rule version as applied: a deadline stores it, and a different one later means the rule changed.
 * When it was last checked against the law is not part of the rule: marking a version checked changes no deadline.
 */
export function ruleFingerprint(rule: DeadlineRule): string {
  return createHash('sha256').update(JSON.stringify(canonical({ ...rule, lastChecked: null }))).digest('hex');
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
function checkCatalogue(current: readonly DeadlineRule[], changed: readonly DeadlineRule[], field = fieldOf): Record<string, string> | null {
  const keys = new Set(changed.map((r) => `${r.id}@${r.version}`));
  const next = [...current.filter((r) => !keys.has(`${r.id}@${r.version}`)), ...changed];
  const result = RuleCatalogueSchema.safeParse(next);
  if (result.success) return null;
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) errors[field(issue.path.slice(1))] ??= issue.message;
  return errors;
}

/**
 * The version in force before `after` that would overlap it from the left, ended the day before `after` starts —
 * the usual move when a new law commences. Null when there is none.
 */
function endedPrevious(catalogue: readonly DeadlineRule[], after: DeadlineRule): DeadlineRule | null {
  if (after.validFrom === null) return null;
  const previous = catalogue
    .filter((r) => r.id === after.id && r.version !== after.version && r.validFrom !== null && compareDates(r.validFrom, after.validFrom!) < 0)
    .filter((r) => r.validTo === null || compareDates(r.validTo, after.validFrom!) >= 0)
    .sort((a, b) => compareDates(b.validFrom!, a.validFrom!))[0];
  return previous ? { ...previous, validTo: addDays(after.validFrom, -1) } : null;
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
  /** Set when the administrator marks the version as checked against the law now; null keeps what it had. */
  lastChecked: LastChecked | null;
};

export type LastChecked = { on: string; by: string };

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
        lastChecked: input.lastChecked ?? before.lastChecked,
      });
      if (!parsed.success) {
        const errors: Record<string, string> = {};
        for (const issue of parsed.error.issues) errors[fieldOf(issue.path)] ??= issue.message;
        return { ok: false as const, errors };
      }
      const after = parsed.data;
      const changed: DeadlineRule[] = [after];
      const previous = input.endPrevious ? endedPrevious(catalogue, after) : null;
      if (previous) changed.push(previous);
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
  /** Also end the version in force before this one on the day before this one starts. */
  endPrevious: boolean;
  /** Who checked the new version against the law, and when; null: not checked yet. */
  lastChecked: LastChecked | null;
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
        lastChecked: input.lastChecked,
      });
      if (!parsed.success) {
        const errors: Record<string, string> = {};
        for (const issue of parsed.error.issues) errors[fieldOf(issue.path)] ??= issue.message;
        return { ok: false as const, errors };
      }
      const previous = input.endPrevious ? endedPrevious(catalogue, parsed.data) : null;
      const errors = checkCatalogue(catalogue, previous ? [parsed.data, previous] : [parsed.data]);
      if (errors) return { ok: false as const, errors };
      saveRuleChange(tx, parsed.data, true, actor.id, now);
      const { endPrevious: _end, ...typed } = input;
      recordAudit(tx, { userId: actor.id, action: 'create', targetType: 'deadline_rule', targetId: `${ruleId}@${parsed.data.version}`, fields: Object.keys(typed), clientAddress: actor.clientAddress }, now);
      if (previous) {
        const isBase = RULES.some((r) => r.id === previous.id && r.version === previous.version);
        saveRuleChange(tx, previous, !isBase, actor.id, now);
        recordAudit(tx, { userId: actor.id, action: 'update', targetType: 'deadline_rule', targetId: `${previous.id}@${previous.version}`, fields: ['validTo'], clientAddress: actor.clientAddress }, now);
      }
      return { ok: true as const, rule: parsed.data };
    },
  );
}

// ——— Rules an administrator adds ———

function issuesToFields(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[newRuleFieldOf(issue.path)] ??= issue.message;
  return errors;
}

/**
 * Checks a whole new rule typed by an administrator against the catalogue as it stands: its id is not taken, the
 * version is valid on its own (the catalogue schema's messages), and the catalogue stays valid with it.
 */
export function checkNewRule(catalogue: readonly DeadlineRule[], input: DeadlineRuleInput, opts: { preview?: boolean } = {}): RuleChangeResult {
  if (!opts.preview && catalogue.some((r) => r.id === input.id)) return { ok: false, errors: { id: 'deadlines.admin.newRule.errors.idTaken' } };
  const parsed = DeadlineRuleSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: issuesToFields(parsed.error.issues) };
  if (opts.preview) return { ok: true, rule: parsed.data };
  const errors = checkCatalogue(catalogue, [parsed.data], newRuleFieldOf);
  return errors ? { ok: false, errors } : { ok: true, rule: parsed.data };
}

/**
 * Adds a whole rule (its version 1) without a release: stored as an added version beside the reviewed catalogue,
 * in force for new computations at once, and audited (field names only).
 */
export function addRule(db: Db, input: DeadlineRuleInput, actor: { id: string; clientAddress: string | null }, now: number): Promise<RuleChangeResult> {
  return write(db, (tx) => {
    const checked = checkNewRule(effectiveCatalogue(tx), input);
    if (!checked.ok) return checked;
    saveRuleChange(tx, checked.rule, true, actor.id, now);
    const fields = (Object.keys(checked.rule) as (keyof DeadlineRule)[]).filter((k) => {
      const v = checked.rule[k];
      return v !== null && !(Array.isArray(v) && v.length === 0) && !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);
    });
    recordAudit(tx, { userId: actor.id, action: 'create', targetType: 'deadline_rule', targetId: `${checked.rule.id}@${checked.rule.version}`, fields, clientAddress: actor.clientAddress }, now);
    return checked;
  });
}

export type RulePreview = { ok: true; result: DeadlineResult } | { ok: false; errors: Record<string, string> };

/**
 * The rule as typed, computed for one trigger date (and region), without saving anything. The date is checked as the
 * calculator checks it; problems with the rule come back by form field.
 */
export function previewRule(
  catalogue: readonly DeadlineRule[],
  input: DeadlineRuleInput,
  dates: { trigger: string; region: string | null },
  today: IsoDate,
): RulePreview {
  const checked = checkNewRule(catalogue, input, { preview: true });
  if (!checked.ok) return checked;
  const rule = checked.rule;
  const parsed = deadlineInputsSchema(rule, today).safeParse({ [rule.trigger]: dates.trigger });
  if (!parsed.success) return { ok: false, errors: { previewTrigger: parsed.error.issues[0]?.message ?? 'deadlines.validation.dateInvalid' } };
  if (dates.region !== null && !dates.region.startsWith(`${rule.jurisdiction.country}-`)) return { ok: false, errors: { previewRegion: 'deadlines.admin.newRule.errors.region' } };
  return { ok: true, result: computeDeadline(rule, parsed.data, { today, region: rule.jurisdiction.region ?? dates.region }) };
}

// ——— When each version was last checked ———

/** A version unchecked for this long is flagged on the administrator's page. */
export const RECHECK_MONTHS = 12;

export type CheckFlag = { version: DeadlineRule; lastChecked: LastChecked | null };

/**
 * The versions in force today whose last check against the law is missing, or was 12 months ago or more (by the
 * app's clock): the law may have changed under them.
 */
export function uncheckedVersions(catalogue: readonly DeadlineRule[], today: IsoDate): CheckFlag[] {
  const due = addMonths(today, -RECHECK_MONTHS);
  return catalogue
    .filter((v) => isInForce(v, today))
    .filter((v) => v.lastChecked === null || compareDates(v.lastChecked.on, due) <= 0)
    .map((v) => ({ version: v, lastChecked: v.lastChecked }));
}
