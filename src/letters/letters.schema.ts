import { z } from 'zod';
import { currencies } from '../cases/catalogue.js';
import { currencyDigits, isCurrencyCode, isIsoDate } from './letter-format.js';
import { idField } from '../shared/ids.js';
import { DEFAULT_LETTER_LANGUAGE, letterStringsFor } from './letter-strings.js';

/** The letters made from this form; the referral letter is made by the referrals feature. */
export const FORM_KINDS = ['letter_before_claim', 'inspectorate_complaint', 'statement_of_interest', 'worker_summary'] as const;
export type FormKind = (typeof FORM_KINDS)[number];

/** An ISO 639 code as the language select sends it ("fr"); the route decides whether the letter exists in it. */
const languageCode = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
  z.string('letterLanguage.validation.language').regex(/^[a-z]{2,3}$/, 'letterLanguage.validation.language'),
);

export const NewLetterQuery = z.object({ kind: z.enum(FORM_KINDS), language: languageCode.optional().catch(undefined) });
export const ListQuery = z.object({ generated: idField().optional() }).catch({});

/** The recipient chosen on the form: a party of the case or a partner of the directory, by id (letter-recipients.ts). */
const choiceId = z.preprocess((v) => (v === undefined || v === null || v === '' ? undefined : v), idField('letters.validation.recipientNotOffered').optional());
export const RecipientChoiceForm = z.object({ employerPartyId: choiceId, recipientPartnerId: choiceId });
export type RecipientChoiceInput = z.output<typeof RecipientChoiceForm>;

export const COMPLAINT_REQUESTS = ['inspection', 'recovery', 'sanctions'] as const;
export const MAX_ROWS = 40;

const text = (max: number) =>
  z.preprocess((v) => (v === undefined || v === null ? '' : v), z.string().trim().max(max, 'letters.validation.tooLong'));
const date = text(10).refine((v) => v === '' || isIsoDate(v), 'letters.validation.date');
/** Repeated inputs (one per table row) arrive as a string for one row and an array for several. */
const column = (max: number) =>
  z.preprocess(
    (v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.string().trim().max(max, 'letters.validation.tooLong')).max(MAX_ROWS, 'letters.validation.tooManyRows'),
  );

/** "1,953.60", "£1953.6", "-150" → minor units in the currency, or null when it is not an amount. */
export function parseAmount(input: string, currency: string): number | null {
  const cleaned = input.replace(/[\s\u00A0,]/g, '').replace(/^(-?)[£$€]/, '$1');
  const match = /^(-)?(\d{1,13})(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return null;
  const digits = currencyDigits(currency);
  const fraction = match[3] ?? '';
  if (fraction.length > digits) return null;
  const minor = Number(match[2]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) return null;
  return match[1] && minor !== 0 ? -minor : minor;
}

/** Minor units as the form shows them: "1953.60". */
export function amountForInput(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const units = Math.abs(minor).toString().padStart(digits + 1, '0');
  return digits ? `${sign}${units.slice(0, -digits)}.${units.slice(-digits)}` : `${sign}${units}`;
}

const at = <T>(list: readonly T[], index: number, fallback: T): T => list[index] ?? fallback;
const rowCount = (...columns: readonly (readonly string[])[]) => Math.max(0, ...columns.map((c) => c.length));
const blankRow = (...cells: string[]) => cells.every((cell) => cell === '');

export const LetterForm = z
  .object({
    kind: z.enum(FORM_KINDS),
    // A form without a language is from before the choice existed: English, as it was then.
    language: z.preprocess((v) => (v === undefined || v === '' ? DEFAULT_LETTER_LANGUAGE : v), languageCode),
    personName: text(200),
    personLatin: text(200),
    yourReference: text(100),
    counsellorName: text(120),
    counsellorRole: text(120),
    counsellorEmail: text(200).refine((v) => v === '' || z.email().safeParse(v).success, 'letters.validation.email'),
    counsellorPhone: text(40),
    recipientName: text(200),
    recipientAttention: text(200),
    recipientSalutation: text(200),
    recipientAddress: text(1000),
    employerName: text(200),
    employerAttention: text(200),
    employerSalutation: text(200),
    employerAddress: text(1000),
    employerSector: text(200),
    employerRegistration: text(100),
    agencyName: text(200),
    agencyAddress: text(1000),
    agencySector: text(200),
    agencyRegistration: text(100),
    jurisdiction: text(200),
    jobTitle: text(200),
    workplace: text(300),
    employmentStart: date,
    employmentEnd: date,
    payAgreed: text(500),
    payReceived: text(500),
    // An ISO 4217 code (the amounts are read and formatted in it) that the desk works in.
    currency: z.preprocess(
      (v) => (v === undefined || v === null ? '' : v),
      z.string('letters.validation.currency').trim().refine((v) => v === '' || (isCurrencyCode(v) && (currencies as readonly string[]).includes(v)), 'letters.validation.currency'),
    ),
    itemPeriod: column(200),
    itemDescription: column(300),
    itemAmount: column(30),
    legalBasis: text(10_000),
    facts: text(10_000),
    workerAuthorisedOn: date,
    responseDeadline: date,
    paymentInstructions: text(1000),
    escalation: text(1000),
    enclosures: text(4000),
    breachTitle: column(300),
    breachDates: column(300),
    breachDetails: column(4000),
    breachEvidence: column(2000),
    breachAmount: column(30),
    workersAffected: text(7).refine((v) => v === '' || (/^\d+$/.test(v) && Number(v) > 0), 'letters.validation.count'),
    withholdName: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
    requests: column(20).pipe(z.array(z.enum(COMPLAINT_REQUESTS, { message: 'letters.validation.request' }))),
    agencyMatter: text(100),
    worksiteAddress: text(1000),
    dispute: text(10_000),
    period: text(200),
    workersCovered: text(1000),
    summary: text(10_000),
    doneDate: column(10),
    doneText: column(1000),
    nextAction: column(500),
    nextWho: column(200),
    nextBy: column(10),
    deadlineTitle: column(300),
    deadlineDue: column(10),
    deadlineIfMissed: column(500),
    urgentHelp: text(2000),
  })
  .superRefine((form, ctx) => {
    // Object checks run even when a field failed: an amount is read only in a currency that is an ISO 4217 code
    // (a wrong one already has its message at the currency field).
    const currencyGiven = form.currency !== '';
    const amountIssue = (path: (string | number)[], value: string) => {
      if (value === '') return;
      if (!currencyGiven) ctx.addIssue({ code: 'custom', path: ['currency'], message: 'letters.validation.currencyNeeded' });
      else if (isCurrencyCode(form.currency) && parseAmount(value, form.currency) === null) ctx.addIssue({ code: 'custom', path, message: 'letters.validation.amount' });
    };
    const dateIssue = (path: (string | number)[], value: string) => {
      if (value !== '' && !isIsoDate(value)) ctx.addIssue({ code: 'custom', path, message: 'letters.validation.date' });
    };

    for (let i = 0; i < rowCount(form.itemPeriod, form.itemDescription, form.itemAmount); i++) {
      const [period, description, amount] = [at(form.itemPeriod, i, ''), at(form.itemDescription, i, ''), at(form.itemAmount, i, '')];
      if (blankRow(period, description, amount)) continue;
      if (description === '') ctx.addIssue({ code: 'custom', path: ['items', i, 'description'], message: 'letters.validation.itemDescription' });
      if (amount === '') ctx.addIssue({ code: 'custom', path: ['items', i, 'amount'], message: 'letters.validation.itemAmount' });
      amountIssue(['items', i, 'amount'], amount);
    }
    for (let i = 0; i < form.breachAmount.length; i++) amountIssue(['breaches', i, 'amount'], at(form.breachAmount, i, ''));
    form.doneDate.forEach((value, i) => dateIssue(['done', i, 'date'], value));
    form.nextBy.forEach((value, i) => dateIssue(['next', i, 'by'], value));
    for (let i = 0; i < rowCount(form.deadlineTitle, form.deadlineDue, form.deadlineIfMissed); i++) {
      const [title, due, ifMissed] = [at(form.deadlineTitle, i, ''), at(form.deadlineDue, i, ''), at(form.deadlineIfMissed, i, '')];
      if (blankRow(title, due, ifMissed)) continue;
      if (title === '') ctx.addIssue({ code: 'custom', path: ['deadlines', i, 'title'], message: 'letters.validation.deadlineTitle' });
      if (due === '') ctx.addIssue({ code: 'custom', path: ['deadlines', i, 'due'], message: 'letters.validation.deadlineDue' });
      dateIssue(['deadlines', i, 'due'], due);
    }
    // Never English in place of a language the letter does not exist in: the counsellor chooses another.
    if (/^[a-z]{2,3}$/.test(form.language) && !letterStringsFor(form.language, form.kind))
      ctx.addIssue({ code: 'custom', path: ['language'], message: 'letterLanguage.validation.noStrings' });
    if (form.kind === 'inspectorate_complaint' && form.requests.length === 0)
      ctx.addIssue({ code: 'custom', path: ['requests'], message: 'letters.validation.requests' });
  })
  .transform((form) => {
    const rows = <T>(count: number, make: (i: number) => T | null): T[] =>
      Array.from({ length: count }, (_, i) => make(i)).filter((row): row is T => row !== null);
    return {
      ...form,
      items: rows(rowCount(form.itemPeriod, form.itemDescription, form.itemAmount), (i) => {
        const [period, description, amount] = [at(form.itemPeriod, i, ''), at(form.itemDescription, i, ''), at(form.itemAmount, i, '')];
        return blankRow(period, description, amount) ? null : { period, description, amountMinor: parseAmount(amount, form.currency) ?? 0 };
      }),
      breaches: rows(rowCount(form.breachTitle, form.breachDates, form.breachDetails, form.breachEvidence, form.breachAmount), (i) => {
        const cells = [form.breachTitle, form.breachDates, form.breachDetails, form.breachEvidence, form.breachAmount].map((c) => at(c, i, ''));
        if (blankRow(...cells)) return null;
        const [title, dates, details, evidence, amount] = cells as [string, string, string, string, string];
        return { title, dates, details, evidence, amountMinor: amount === '' ? undefined : (parseAmount(amount, form.currency) ?? undefined) };
      }),
      done: rows(rowCount(form.doneDate, form.doneText), (i) => {
        const [doneDate, text] = [at(form.doneDate, i, ''), at(form.doneText, i, '')];
        return blankRow(doneDate, text) ? null : { date: doneDate, text };
      }),
      next: rows(rowCount(form.nextAction, form.nextWho, form.nextBy), (i) => {
        const [action, who, by] = [at(form.nextAction, i, ''), at(form.nextWho, i, ''), at(form.nextBy, i, '')];
        return blankRow(action, who, by) ? null : { action, who, by };
      }),
      deadlines: rows(rowCount(form.deadlineTitle, form.deadlineDue, form.deadlineIfMissed), (i) => {
        const [title, due, ifMissed] = [at(form.deadlineTitle, i, ''), at(form.deadlineDue, i, ''), at(form.deadlineIfMissed, i, '')];
        return blankRow(title, due, ifMissed) ? null : { title, due, ifMissed };
      }),
    };
  });

export type LetterInput = z.output<typeof LetterForm>;

/** Each repeated input and the table cell (`items.2.amount`) it is shown in. */
const CELLS: Record<string, [table: string, key: string]> = {
  itemPeriod: ['items', 'period'],
  itemDescription: ['items', 'description'],
  itemAmount: ['items', 'amount'],
  breachTitle: ['breaches', 'title'],
  breachDates: ['breaches', 'dates'],
  breachDetails: ['breaches', 'details'],
  breachEvidence: ['breaches', 'evidence'],
  breachAmount: ['breaches', 'amount'],
  doneDate: ['done', 'date'],
  doneText: ['done', 'text'],
  nextAction: ['next', 'action'],
  nextWho: ['next', 'who'],
  nextBy: ['next', 'by'],
  deadlineTitle: ['deadlines', 'title'],
  deadlineDue: ['deadlines', 'due'],
  deadlineIfMissed: ['deadlines', 'ifMissed'],
};

function errorKey(path: readonly PropertyKey[]): string {
  const [field, index] = path;
  if (typeof field !== 'string') return '_form';
  const cell = CELLS[field];
  if (cell && typeof index === 'number') return `${cell[0]}.${index}.${cell[1]}`;
  if (cell) return cell[0];
  // A bad choice in a list of checkboxes (requests.1) is shown on the list.
  if (path.length === 2 && typeof index === 'number') return field;
  return path.map(String).join('.');
}

/** Field → translation key; row fields keep their row number (items.2.amount) so the table can mark the cell. */
/**
 * A paper for the worker (the worker summary) is made only once the counsellor has said that the worker can safely
 * keep it: found by an employer, landlord or agent who controls them, it can put them in danger. Asked on the form, not
 * of a batch or the demo seed, which make no paper a worker is handed at the desk.
 */
export const WorkerPaperForm = z.object({
  safeToKeep: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()).refine((v) => v, 'letters.validation.safeToKeep'),
});

export function letterFieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = errorKey(issue.path);
    out[key] ??= issue.message.startsWith('letters.') || issue.message.startsWith('letterLanguage.') || issue.message.startsWith('validation.') ? issue.message : `validation.${issue.code}`;
  }
  return out;
}

/** The posted form as the template shows it again: scalar fields as typed, table rows zipped. */
export function formValuesFromBody(body: Record<string, unknown>): Record<string, unknown> {
  const list = (key: string): string[] => {
    const value = body[key];
    return (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map(String).slice(0, MAX_ROWS);
  };
  const zip = <K extends string>(keys: Record<K, string>): Record<K, string>[] => {
    const columns = Object.entries(keys).map(([name, field]) => [name, list(field as string)] as const);
    const count = Math.max(0, ...columns.map(([, values]) => values.length));
    return Array.from({ length: count }, (_, i) => Object.fromEntries(columns.map(([name, values]) => [name, values[i] ?? ''])) as Record<K, string>);
  };
  return {
    ...body,
    withholdName: body.withholdName === 'on',
    requests: list('requests'),
    items: zip({ period: 'itemPeriod', description: 'itemDescription', amount: 'itemAmount' }),
    breaches: zip({ title: 'breachTitle', dates: 'breachDates', details: 'breachDetails', evidence: 'breachEvidence', amount: 'breachAmount' }),
    done: zip({ date: 'doneDate', text: 'doneText' }),
    next: zip({ action: 'nextAction', who: 'nextWho', by: 'nextBy' }),
    deadlines: zip({ title: 'deadlineTitle', due: 'deadlineDue', ifMissed: 'deadlineIfMissed' }),
  };
}

/** The inverse of formValuesFromBody: a pre-filled form's values as the browser posts them, one column per table field. */
export function letterFormBody(values: Record<string, unknown>): Record<string, unknown> {
  const rows = (key: string) => (Array.isArray(values[key]) ? (values[key] as Record<string, string>[]) : []);
  const column = (key: string, field: string) => rows(key).map((row) => row[field] ?? '');
  const { items: _i, breaches: _b, done: _d, next: _n, deadlines: _l, withholdName, ...rest } = values;
  return {
    ...rest,
    withholdName: withholdName === true ? 'on' : '',
    itemPeriod: column('items', 'period'),
    itemDescription: column('items', 'description'),
    itemAmount: column('items', 'amount'),
    breachTitle: column('breaches', 'title'),
    breachDates: column('breaches', 'dates'),
    breachDetails: column('breaches', 'details'),
    breachEvidence: column('breaches', 'evidence'),
    breachAmount: column('breaches', 'amount'),
    doneDate: column('done', 'date'),
    doneText: column('done', 'text'),
    nextAction: column('next', 'action'),
    nextWho: column('next', 'who'),
    nextBy: column('next', 'by'),
    deadlineTitle: column('deadlines', 'title'),
    deadlineDue: column('deadlines', 'due'),
    deadlineIfMissed: column('deadlines', 'ifMissed'),
  };
}
