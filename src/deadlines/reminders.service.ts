/**
 * The daily reminder digest. E-mail leaves the system, so a digest holds case references, deadline titles and dates
 * only — never a name or a case detail. It is sent at most once a day per counsellor: the day is claimed in the
 * database before sending, so a restart (or a second process) cannot send it twice.
 */
import { ruleTextIn } from './rule-text.js';
import { repeatEvery } from '../shared/repeat.js';
import type { Clock } from '../shared/clock.js';
import { can, type Actor } from '../auth/policy.js';
import type { Db, DbOrTx } from '../db/client.js';
import { write } from '../db/write.js';
import { translator } from '../i18n/index.js';
import type { Mail, Mailer } from '../mail/mailer.js';
import { contactPointsOfUser } from '../users/users.repo.js';
import { addDays, daysBetween, todayIn, type IsoDate } from './compute.js';
import * as repo from './deadlines.repo.js';
import { effectiveCatalogue } from './rules.service.js';

/** Digests go out from this local hour at the counsellor's desk, so they arrive for the start of the day. */
export const DIGEST_HOUR = 7;

export type DigestItem = { reference: string; title: string; dueDate: IsoDate; window: 'overdue' | 'today' | 'soon' };

type Recipient = { actor: Actor; email: string; locale: string; timeZone: string; country: string | undefined };

/** Active case workers who own an open deadline, as the policy sees them. */
function recipients(db: DbOrTx): Recipient[] {
  return repo.openDeadlineOwners(db).map((o) => {
    const cps = contactPointsOfUser(db, o.id);
    return {
      actor: { id: o.id, role: o.role, contactPointIds: cps.map((c) => c.id) },
      email: o.email,
      locale: o.locale,
      // The digest is sent at 07:00 at the user's (first) desk.
      timeZone: cps[0]?.timezone ?? 'UTC',
      country: cps[0]?.country,
    };
  });
}

/**
 * What a counsellor's digest lists today: their open deadlines that are overdue, due today, within their lead time,
 * or on one of their rule's reminder days (a visa expiry 90 and 30 days ahead).
 */
export function digestItems(db: DbOrTx, actor: Actor, today: IsoDate): DigestItem[] {
  const catalogue = effectiveCatalogue(db);
  const items: DigestItem[] = [];
  for (const d of repo.openDeadlinesOfOwner(db, actor.id, addDays(today, 3660))) {
    if (!can(actor, 'case.view', { contactPointId: d.contactPointId })) continue;
    const daysLeft = daysBetween(today, d.dueDate);
    const ruleReminders = catalogue.find((r) => r.id === d.ruleId && r.version === d.ruleVersion)?.remindersBefore ?? [];
    if (daysLeft > d.reminderLeadDays && !ruleReminders.includes(daysLeft)) continue;
    items.push({ reference: d.reference, title: d.title, dueDate: d.dueDate, window: daysLeft < 0 ? 'overdue' : daysLeft === 0 ? 'today' : 'soon' });
  }
  return items;
}

/** The digest as plain text. Only references, titles and dates: nothing else may be added here. */
export function digestMail(
  to: string,
  locale: string,
  today: IsoDate,
  items: readonly DigestItem[],
  baseUrl: string,
  desk: { country?: string; timeZone?: string } = {},
): Mail {
  // The recipient's language; dates by Intl as their desk writes them (today is already the desk's local day).
  const tr = translator(locale, desk.country, desk.timeZone);
  const { t } = tr;
  const formatLongDate = (date: IsoDate) => tr.date(date, 'long');
  const lines: string[] = [t('deadlines.digest.intro', { date: formatLongDate(today) }), ''];
  for (const window of ['overdue', 'today', 'soon'] as const) {
    const group = items.filter((i) => i.window === window);
    if (group.length === 0) continue;
    lines.push(t(`deadlines.digest.${window}`), ...group.map((i) => `- ${formatLongDate(i.dueDate)} · ${i.reference} · ${ruleTextIn(i.title, tr.lang)}`), '');
  }
  lines.push(t('deadlines.digest.open', { url: `${baseUrl}/deadlines` }), '', t('deadlines.digest.why'));
  return { to, subject: t('deadlines.digest.subject', { count: items.length, date: formatLongDate(today) }), text: lines.join('\n') };
}

function localHour(timeZone: string, now: number): number {
  return Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone }).format(now));
}

export type DigestRun = { sent: number; failed: number };

/**
 * Sends today's digest to every counsellor who has one due and has not had it yet. Safe to call as often as wished.
 * A failed send releases the day again, so the next run retries it.
 */
export async function sendDueDigests(
  db: Db,
  mailer: Mailer,
  opts: { baseUrl: string; clock: Clock; log?: { error(obj: object, msg: string): void } },
): Promise<DigestRun> {
  const run: DigestRun = { sent: 0, failed: 0 };
  if (!mailer.enabled) return run;
  const now = opts.clock.now();
  for (const r of recipients(db)) {
    if (localHour(r.timeZone, now) < DIGEST_HOUR) continue;
    const day = todayIn(r.timeZone, now);
    const items = digestItems(db, r.actor, day);
    if (items.length === 0) continue;
    if (!(await write(db, (tx) => repo.claimDigest(tx, r.actor.id, day, items.length, now)))) continue;
    try {
      await mailer.send(digestMail(r.email, r.locale, day, items, opts.baseUrl, { country: r.country, timeZone: r.timeZone }));
    } catch (err) {
      await write(db, (tx) => repo.releaseDigest(tx, r.actor.id, day));
      // The user id, never the address: logs carry no personal data.
      opts.log?.error({ err, userId: r.actor.id }, 'reminder digest not sent');
      run.failed += 1;
      continue;
    }
    // Sent: should marking it fail (database unavailable), the claim stays and the digest is not sent twice.
    await write(db, (tx) => repo.markDigestSent(tx, r.actor.id, day, opts.clock.now()));
    run.sent += 1;
  }
  return run;
}

/** Runs sendDueDigests now and then every `intervalMs`; never two runs at once. Started by server.ts only. */
export function startReminderScheduler(
  db: Db,
  mailer: Mailer,
  opts: { baseUrl: string; clock: Clock; intervalMs?: number; log?: { error(obj: object, msg: string): void } },
): { stop(): void } {
  return repeatEvery(() => sendDueDigests(db, mailer, opts), {
    firstAfterMs: 5_000,
    everyMs: opts.intervalMs ?? 15 * 60_000,
    failed: 'reminder digest run failed',
    log: opts.log,
  });
}
