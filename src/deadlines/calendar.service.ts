/**
 * A secret iCalendar (RFC 5545) URL per user with their open deadlines, for a phone or desktop calendar. Calendar
 * services fetch it from outside, so an event holds the case reference and the deadline title only. The token is
 * shown once; only its SHA-256 is stored, and revoking it (or creating a new one) makes the old URL answer 404.
 */
import { ruleTextIn } from './rule-text.js';
import { createEvents, type EventAttributes } from 'ics';
import { recordAudit } from '../audit/audit.repo.js';
import { can, type Actor } from '../auth/policy.js';
import type { Db } from '../db/client.js';
import { write, writeIfFree } from '../db/write.js';
import { newToken, sha256 } from '../shared/tokens.js';
import { translator } from '../i18n/index.js';
import { contactPointsOfUser } from '../users/users.repo.js';
import { addDays } from './compute.js';
import * as repo from './deadlines.repo.js';

/** Token alphabet of newToken (base64url of 32 bytes). */
export const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const activeFeed = repo.activeFeed;

/** A new secret token for the user; any previous URL stops working. Returns the token, to be shown once. */
export async function createFeed(db: Db, userId: string, clientAddress: string | null, now: number): Promise<string> {
  const token = newToken();
  await write(
    db,
    (tx) => {
      repo.revokeFeeds(tx, userId, now);
      const feed = repo.insertFeed(tx, userId, sha256(token), now);
      recordAudit(tx, { userId, action: 'create', targetType: 'calendar_feed', targetId: feed.id, clientAddress }, now);
    },
  );
  return token;
}

export function revokeFeed(db: Db, userId: string, clientAddress: string | null, now: number): Promise<boolean> {
  return write(
    db,
    (tx) => {
      const revoked = repo.revokeFeeds(tx, userId, now);
      if (revoked) recordAudit(tx, { userId, action: 'update', targetType: 'calendar_feed', fields: ['revokedAt'], clientAddress }, now);
      return revoked > 0;
    },
  );
}

function dateArray(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y!, m!, d!];
}

/**
 * Folds content lines at 75 octets (RFC 5545 §3.1). The ics package folds at 75 characters, which makes lines
 * with accented letters or "·" too long for strict readers; this unfolds its output and folds it again by octets,
 * never inside a character.
 */
export function foldLines(calendar: string): string {
  const lines = calendar.replace(/\r\n[ \t]/g, '').split('\r\n');
  const folded = lines.map((line) => {
    const parts: string[] = [];
    let current = '';
    let octets = 0;
    for (const char of line) {
      const size = Buffer.byteLength(char, 'utf8');
      // A continuation line starts with one space, which counts towards its 75 octets.
      const limit = parts.length === 0 ? 75 : 74;
      if (octets + size > limit) {
        parts.push(current);
        current = '';
        octets = 0;
      }
      current += char;
      octets += size;
    }
    parts.push(current);
    return parts.join('\r\n ');
  });
  return folded.join('\r\n');
}

/** The calendar behind a token, or null for an unknown or revoked token, or a user who is no longer active. */
export function feedCalendar(db: Db, token: string, now: number): string | null {
  if (!FEED_TOKEN.test(token)) return null;
  const row = repo.feedOwner(db, sha256(token));
  if (!row || !row.active) return null;
  const cps = contactPointsOfUser(db, row.userId);
  const contactPointIds = cps.map((c) => c.id);
  // The feed speaks its owner's language; dates as their (first) desk writes them.
  const tr = translator(row.locale, cps[0]?.country);
  const actor: Actor = { id: row.userId, role: row.role, contactPointIds };
  const events: EventAttributes[] = repo
    .openDeadlinesOfOwner(db, row.userId)
    .filter((d) => can(actor, 'case.view', { contactPointId: d.contactPointId }))
    .map((d) => ({
      uid: `deadline-${d.id}@uniondesk`,
      title: tr.t('deadlineSteps.ics.summary', { reference: d.reference, title: ruleTextIn(d.title, tr.lang) }),
      description: tr.t('deadlineSteps.ics.description', { date: tr.date(d.dueDate, 'full') }),
      start: dateArray(d.dueDate),
      end: dateArray(addDays(d.dueDate, 1)),
      transp: 'TRANSPARENT',
    }));
  const { error, value } = createEvents(events, { productId: '-//UnionDesk//Deadlines//EN', calName: tr.t('deadlineSteps.ics.calendarName') });
  if (error || value === null) throw error ?? new Error('calendar could not be built');
  // When the feed was last fetched is for the user's information: skipped while the database is busy.
  writeIfFree(db, (tx) => repo.markFeedUsed(tx, row.feedId, now));
  return foldLines(value);
}
