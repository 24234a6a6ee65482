import { can, type Actor } from '../auth/policy.js';
import type { Db, DbOrTx } from '../db/client.js';
import { deadlinesOfCase } from '../deadlines/deadlines.repo.js';
import { documentsOfCase } from '../documents/documents.service.js';
import type { Translator } from '../i18n/index.js';
import { loadLetterFacts, prefillLetterForm } from '../letters/letter-from-case.js';
import { DEFAULT_LETTER_LANGUAGE, letterStringsFor } from '../letters/letter-strings.js';
import { currentConsent } from '../people/people.repo.js';
import { isOverdue } from '../referrals/referral-states.js';
import { referralsOfCase } from '../referrals/referrals.repo.js';
import { todayAtCase } from '../referrals/referrals.service.js';
import { findUser } from '../users/users.repo.js';
import { caseHeader, namesForTimeline, timelineFilter } from './case-page.service.js';
import * as repo from './cases.repo.js';
import type { Case } from './cases.table.js';

/**
 * A printed case holds its whole timeline, not the case page's latest 50: paper is read away from the screen. Past
 * this many entries the print says how many more the case page holds (a case of years, printed by mistake, stays short).
 */
export const PRINT_TIMELINE_LIMIT = 1000;

/** Everything the print of a case shows, filtered by what the actor may see, as the case page filters it. */
export function casePrintData(db: Db, actor: Actor, kase: Case, now: number) {
  const { contactPoint, person } = caseHeader(db, kase);
  const anonymised = kase.anonymisedAt !== null;
  const filter = timelineFilter(actor, kase);
  const rows = filter ? repo.timelineOfCase(db, kase.id, filter, { limit: PRINT_TIMELINE_LIMIT + 1 }) : [];
  // The filter only narrows the query; each entry printed is still one the policy lets this actor read.
  const timeline = rows.slice(0, PRINT_TIMELINE_LIMIT).filter((e) => can(actor, 'note.view', { contactPointId: kase.contactPointId, authorId: e.userId ?? '', restricted: e.restricted }));
  const assignee = kase.assignedTo ? findUser(db, kase.assignedTo) : undefined;
  const today = todayAtCase(db, kase, now);
  return {
    kase,
    contactPoint,
    // An anonymised case names no one, whatever its person record still holds for another case.
    person: anonymised ? null : person,
    anonymised,
    consent: person && !anonymised ? (currentConsent(db, person.id) ?? null) : null,
    caseTypes: repo.caseTypesOf(db, kase.id),
    parties: repo.partiesOfCase(db, kase.id),
    assignee: assignee ? assignee.displayName : null,
    deadlines: deadlinesOfCase(db, kase.id),
    referrals: referralsOfCase(db, kase.id).map((r) => ({ ...r, overdue: isOverdue(r, today) })),
    documents: documentsOfCase(db, kase.id),
    timeline,
    timelineMore: rows.length > PRINT_TIMELINE_LIMIT,
    names: namesForTimeline(db, timeline),
    printedAt: now,
  };
}

/**
 * The worker's summary as a page to print: the facts the letter form starts from (src/letters/letter-from-case.ts),
 * in the reader's language where the summary has its words. Like the letter, it holds no note, immigration
 * situation or safety flag: it is a paper the worker takes away.
 */
export function workerSummaryPrintData(db: DbOrTx, actor: Actor, kase: Case, ui: Translator, now: number) {
  const facts = loadLetterFacts(db, kase, actor);
  const language = letterStringsFor(ui.lang, 'worker_summary') ? ui.lang : DEFAULT_LETTER_LANGUAGE;
  const values = prefillLetterForm('worker_summary', facts, ui, now, language) as {
    personName: string;
    counsellorName: string;
    summary: string;
    done: { date: string; text: string }[];
    deadlines: { title: string; due: string }[];
    items: { period: string; description: string; amount: string }[];
    currency: string;
    urgentHelp: string;
  };
  return { kase, contactPoint: facts.contactPoint, person: facts.person, language, values, printedAt: now };
}
