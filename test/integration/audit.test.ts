import Database from 'better-sqlite3';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditFlags, auditLog, type AuditAction } from '../../src/audit/audit.table.js';
import { queuedWrites } from '../../src/db/write.js';
import { users } from '../../src/users/users.table.js';
import { createTestApp, signIn, textOf, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';

let t: TestApp;
let d: ReturnType<typeof demo>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** An audit entry written straight into the log, as a feature's recordAudit would. */
function entry(over: Partial<typeof auditLog.$inferInsert> & { action: AuditAction; targetType: string }) {
  return t.db
    .insert(auditLog)
    .values({ at: t.clock.now(), userId: d.counsellor.id, contactPointId: d.ldn.id, clientAddress: '10.0.0.7', ...over })
    .returning()
    .get();
}

const rowsOf = (html: string) => (html.split('<tbody>')[1]?.split('</tbody>')[0] ?? '').split('<tr>').slice(1).map((r) => textOf(r).trim());
const hrefOf = (html: string, rel: 'next' | 'prev') => new RegExp(`rel="${rel}" href="([^"]+)"`).exec(html)?.[1]?.replaceAll('&amp;', '&');
const csvLines = (body: string) => body.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);

describe('who may read the audit log', () => {
  beforeEach(async () => {
    t = await createTestApp();
    d = demo(t.db);
  });
  afterEach(() => t.close());

  it('supervisors and administrators open the page and the CSV, with a link in their navigation; counsellors and coordinators are refused with 403', async () => {
    for (const email of ['supervisor@demo.test', 'admin@demo.test']) {
      const agent = await signIn(t.app, email);
      expect((await agent.get('/')).body, email).toContain('href="/audit"');
      const page = await agent.get('/audit');
      expect(page.statusCode, email).toBe(200);
      expect(textOf(page.body), email).toContain('Signed in');
      const csv = await agent.get('/audit.csv');
      expect(csv.statusCode, email).toBe(200);
      expect(csvLines(csv.body)[0]).toBe('Time (UTC),Local time,User,User ID,Action,Record type,Record ID,Case reference,Contact point,Fields,Client address');
    }
    for (const email of ['counsellor@demo.test', 'coordinator@demo.test']) {
      const agent = await signIn(t.app, email);
      expect((await agent.get('/')).body, email).not.toContain('href="/audit"');
      for (const url of ['/audit', '/audit.csv', '/audit?action=login']) {
        const res = await agent.get(url);
        expect(res.statusCode, `${email} ${url}`).toBe(403);
        expect(textOf(res.body)).toContain('You do not have access to this page');
        expect(res.body).not.toContain('Signed in');
        expect(res.headers['content-type']).toContain('text/html');
      }
    }
    const refused = t.db.select().from(auditLog).where(and(eq(auditLog.action, 'permission_denied'), eq(auditLog.targetId, 'audit.log'))).all();
    expect(refused).toHaveLength(6);
  });
});

describe('the audit log of a supervisor', () => {
  beforeEach(async () => {
    t = await createTestApp();
    d = demo(t.db);
  });
  afterEach(() => t.close());

  it("shows their desk's entries and its users' sign-ins, never another desk's", async () => {
    const london = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
    const chicago = makeCase(t.db, { contactPointId: d.chi.id, createdBy: d.counsellor2.id, jurisdictionCountry: 'US' });
    await (await signIn(t.app, 'counsellor@demo.test')).get(`/cases/${london.id}`);
    await (await signIn(t.app, 'counsellor2@demo.test')).get(`/cases/${chicago.id}`);

    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    const page = textOf((await supervisor.get('/audit')).body);
    expect(page).toContain(london.reference);
    expect(page).toContain('Amira Haddad Signed in');
    expect(page).not.toContain(chicago.reference);
    expect(page).not.toContain('Luis Ortega');
    const csv = (await supervisor.get('/audit.csv')).body;
    expect(csv).toContain(london.reference);
    expect(csv).not.toContain(chicago.reference);
    expect(csv).not.toContain('Luis Ortega');

    // Another desk's record or user is simply not there: no entries, or a filter refused.
    expect(textOf((await supervisor.get(`/audit?record=${chicago.reference}`)).body)).toContain('No entries match these filters.');
    const foreignUser = await supervisor.get(`/audit?user=${d.counsellor2.id}`);
    expect(foreignUser.statusCode).toBe(422);
    expect(textOf(foreignUser.body)).toContain('User: not one of the users whose entries you may see.');
    expect(textOf(foreignUser.body)).not.toContain(chicago.reference);

    const chicagoSupervisor = textOf((await (await signIn(t.app, 'supervisor2@demo.test')).get('/audit')).body);
    expect(chicagoSupervisor).toContain(chicago.reference);
    expect(chicagoSupervisor).toContain('Luis Ortega');
    expect(chicagoSupervisor).not.toContain(london.reference);
    expect(chicagoSupervisor).not.toContain('Amira Haddad');
  });

  it('shows who, what, the names of the fields changed (never their values) and the client address', async () => {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
    entry({ action: 'update', targetType: 'case', targetId: String(kase.id), fields: ['summary', 'priority'], clientAddress: '192.0.2.44' });
    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    const [row] = rowsOf((await supervisor.get('/audit?action=update')).body);
    expect(row).toBe(`24 Nov 2026, 10:00 Amira Haddad Changed ${kase.reference} LDN summary, priority 192.0.2.44`);
  });
});

describe('the audit log of an administrator', () => {
  beforeEach(async () => {
    t = await createTestApp();
    d = demo(t.db);
  });
  afterEach(() => t.close());

  it('holds every desk, as metadata only: a case by its reference, a person by number, never a name or case content', async () => {
    const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Zelda Canarywood', alias: 'Kanarek' });
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id, summary: 'Canary summary of unpaid wages.' });
    const chicago = makeCase(t.db, { contactPointId: d.chi.id, createdBy: d.counsellor2.id, jurisdictionCountry: 'US' });
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    await counsellor.get(`/people/${person.id}`);
    await counsellor.get(`/cases/${kase.id}`);
    await (await signIn(t.app, 'counsellor2@demo.test')).get(`/cases/${chicago.id}`);

    // The supervisor of the desk sees the name: so the admin's pages below could show it if they did.
    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    expect(textOf((await supervisor.get('/audit')).body)).toContain('Viewed Zelda Canarywood');

    const admin = await signIn(t.app, 'admin@demo.test');
    const page = await admin.get('/audit');
    const text = textOf(page.body);
    expect(text).toContain(`Amira Haddad Viewed Person ${person.id} LDN`);
    expect(text).toContain(`Amira Haddad Viewed ${kase.reference} LDN`);
    expect(text).toContain(`Luis Ortega Viewed ${chicago.reference} CHI`);
    expect(text).toContain('as metadata only');
    for (const url of ['/audit', `/audit?record=person:${person.id}`, `/audit?record=${person.id}`, `/audit?record=${kase.reference}`, '/audit?record=person', '/audit.csv', `/audit.csv?record=person:${person.id}`]) {
      const res = await admin.get(url);
      expect(res.statusCode, url).toBe(200);
      for (const secret of ['Canarywood', 'Zelda', 'Kanarek', 'Canary summary']) expect(res.body, `${url} ${secret}`).not.toContain(secret);
    }
    // Nor does it link to the case or the person, which the administrator may not open.
    expect(page.body).not.toContain(`href="/people/${person.id}"`);
    expect(page.body).not.toContain(`href="/cases/${kase.id}"`);
  });

  it('reads dates in UTC, having no contact point, and says so', async () => {
    const admin = await signIn(t.app, 'admin@demo.test');
    expect(textOf((await admin.get('/audit')).body)).toContain('Dates and times are in UTC.');
  });
});

describe('filters', () => {
  let supervisor: Agent;
  beforeEach(async () => {
    t = await createTestApp();
    d = demo(t.db);
    supervisor = await signIn(t.app, 'supervisor@demo.test');
  });
  afterEach(() => t.close());

  it('by user, action and record (a case reference, a person number, a record, a kind of record)', async () => {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
    const other = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
    entry({ action: 'view', targetType: 'case', targetId: String(kase.id), fields: ['mine1'] });
    entry({ action: 'update', targetType: 'case', targetId: String(kase.id), fields: ['mine2'] });
    entry({ action: 'view', targetType: 'case', targetId: String(other.id), fields: ['other1'], userId: d.supervisor.id });
    entry({ action: 'view', targetType: 'person', targetId: String(kase.personId), fields: ['person1'] });
    entry({ action: 'letter', targetType: 'document', targetId: '77', fields: ['doc1'] });

    const shown = async (url: string) => {
      const res = await supervisor.get(url);
      expect(res.statusCode, url).toBe(200);
      return [...textOf(res.body).matchAll(/\b(mine\d|other\d|person\d|doc\d)\b/g)].map((m) => m[1]);
    };
    expect(await shown(`/audit?user=${d.supervisor.id}`)).toEqual(['other1']);
    expect(await shown(`/audit?user=${d.counsellor.id}&action=view`)).toEqual(['person1', 'mine1']);
    expect(await shown(`/audit?record=${kase.reference}`)).toEqual(['mine2', 'mine1']);
    expect(await shown(`/audit?record=${kase.reference.toLowerCase()}&action=update`)).toEqual(['mine2']);
    expect(await shown(`/audit?record=person:${kase.personId}`)).toEqual(['person1']);
    expect(await shown(`/audit?record=${kase.personId}`)).toEqual(['person1']);
    expect(await shown('/audit?record=document:77')).toEqual(['doc1']);
    expect(await shown('/audit?record=case')).toEqual(['other1', 'mine2', 'mine1']);
    expect(await shown('/audit?record=LDN-2026-99999')).toEqual([]);

    // The form shows the filters applied, from the address.
    const html = (await supervisor.get(`/audit?user=${d.counsellor.id}&action=view&record=${kase.reference}`)).body;
    expect(html).toContain(`<option value="${d.counsellor.id}" selected>Amira Haddad</option>`);
    expect(html).toContain('<option value="view" selected>Viewed</option>');
    expect(html).toContain(`value="${kase.reference}"`);
  });

  it("by dates in the desk's time zone, both days counted whole", async () => {
    const chicago = await signIn(t.app, 'supervisor2@demo.test');
    // 03:00 UTC on the 24th is 21:00 on the 23rd in Chicago; 06:30 UTC on the 24th is 00:30 there.
    entry({ action: 'update', targetType: 'case', targetId: '1', fields: ['late23'], contactPointId: d.chi.id, userId: d.counsellor2.id, at: Date.parse('2026-11-24T03:00:00Z') });
    entry({ action: 'update', targetType: 'case', targetId: '1', fields: ['early24'], contactPointId: d.chi.id, userId: d.counsellor2.id, at: Date.parse('2026-11-24T06:30:00Z') });
    const shown = async (query: string) => [...textOf((await chicago.get(`/audit?action=update&${query}`)).body).matchAll(/\b(late23|early24)\b/g)].map((m) => m[1]);
    expect(await shown('from=2026-11-24')).toEqual(['early24']);
    expect(await shown('to=2026-11-23')).toEqual(['late23']);
    expect(await shown('from=2026-11-23&to=2026-11-23')).toEqual(['late23']);
    expect(await shown('from=2026-11-23T21:01&to=2026-11-24T00:30')).toEqual(['early24']);
    expect(await shown('from=2026-11-23T21:00&to=2026-11-24T00:29')).toEqual(['late23']);
    expect(textOf((await chicago.get('/audit')).body)).toContain('Dates and times are in America/Chicago.');
    const [row] = rowsOf((await chicago.get('/audit?action=update&to=2026-11-23')).body);
    expect(row).toMatch(/^Nov 23, 2026, 9:00\s?PM Luis Ortega Changed/);
  });

  it('answers htmx with the list alone and the clean address to show; without JavaScript the form is a plain GET', async () => {
    const page = (await supervisor.get('/audit')).body;
    expect(page).toContain('<form class="card" id="audit-filters" method="get" action="/audit"');
    const res = await supervisor.get('/audit?user=&action=login&record=&from=&to=', { 'hx-request': 'true' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['hx-push-url']).toBe('/audit?action=login');
    expect(res.body).not.toContain('<html');
    expect(res.body).not.toContain('id="audit-filters"');
    expect(textOf(res.body)).toContain('Grace Okafor Signed in');
    expect(res.body).toContain('href="/audit.csv?action=login"');
  });

  it('ignores values that are not valid, says which, keeps the others, and answers 422', async () => {
    entry({ action: 'update', targetType: 'case', targetId: '1', fields: ['kept'] });
    const res = await supervisor.get('/audit?action=update&user=not-a-user&record=%40%40&from=2026-02-30&before=999999');
    expect(res.statusCode).toBe(422);
    const text = textOf(res.body);
    for (const message of ['User: not one of the users', 'Record: not a case reference', 'From: not a day.', 'Page: that entry does not exist']) expect(text).toContain(message);
    expect(text).toContain('kept');
    expect(res.body).toContain('value="@@"');
    expect(res.body).toContain('aria-invalid="true"');
    const backwards = await supervisor.get('/audit?from=2026-11-24&to=2026-11-20');
    expect(backwards.statusCode).toBe(422);
    expect(textOf(backwards.body)).toContain('To: not a day, or before the first day.');
    // A list of values where one is expected (?action=view&action=update) is one bad value, never a 500.
    expect((await supervisor.get('/audit?action=view&action=update')).statusCode).toBe(422);
  });
});

describe('paging', () => {
  let supervisor: Agent;
  beforeEach(async () => {
    t = await createTestApp();
    d = demo(t.db);
    supervisor = await signIn(t.app, 'supervisor@demo.test');
  });
  afterEach(() => t.close());

  /**
   * 64 entries of London among entries of Chicago, in no particular id order; 30 of them at the very same instant,
   * which both page boundaries (after 25 and 50) fall inside, so only the id can tell where a page ends.
   */
  function seedEntries(): string[] {
    const base = t.clock.now() - 10 * HOUR;
    const made: { name: string; at: number; id: number }[] = [];
    for (let i = 0; i < 64; i += 1) {
      const at = i < 30 ? base + 20 * MINUTE + 30_000 : base + ((i * 47) % 64) * MINUTE;
      const name = `f${String(i).padStart(2, '0')}`;
      made.push({ name, at, id: entry({ action: 'update', targetType: 'case', targetId: '1', fields: [name], at }).id });
      entry({ action: 'update', targetType: 'case', targetId: '2', fields: ['chicago'], contactPointId: d.chi.id, userId: d.counsellor2.id, at });
    }
    const sorted = made.sort((a, b) => b.at - a.at || b.id - a.id);
    expect([sorted[24]!.at, sorted[25]!.at, sorted[49]!.at, sorted[50]!.at].every((at) => at === sorted[30]!.at)).toBe(true);
    return sorted.map((e) => e.name);
  }

  const namesOn = (html: string) => [...textOf(html).matchAll(/\b(f\d\d|chicago)\b/g)].map((m) => m[1]!);

  for (const [label, query] of [
    ['by desk (the merged lanes)', 'action=update'],
    ['by user (one index)', 'user=USER'],
  ] as const) {
    it(`walks every entry exactly once, newest first, and back again — ${label}`, async () => {
      const expected = seedEntries();
      let url: string | undefined = `/audit?${query.replace('USER', d.counsellor.id)}`;
      const pages: string[][] = [];
      let body = '';
      while (url) {
        const res = await supervisor.get(url);
        expect(res.statusCode, url).toBe(200);
        body = res.body;
        pages.push(namesOn(body));
        url = hrefOf(body, 'next');
        if (pages.length > 10) throw new Error('paging does not end');
      }
      expect(pages.map((p) => p.length)).toEqual([25, 25, 14]);
      expect(pages.flat()).toEqual(expected);

      // From the last page back to the first with "Newer entries".
      const seen: string[][] = [namesOn(body)];
      let back: string | undefined;
      while ((back = hrefOf(body, 'prev'))) {
        body = (await supervisor.get(back)).body;
        seen.unshift(namesOn(body));
        if (seen.length > 10) throw new Error('paging back does not end');
      }
      expect(seen.map((p) => p.length)).toEqual([25, 25, 14]);
      expect(seen.flat()).toEqual(expected);
    });
  }

  it('counts no further than 1,000', async () => {
    const insert = t.db.$client.prepare("insert into audit_log (at, user_id, action, target_type, target_id, contact_point_id) values (?, ?, 'view', 'case', '1', ?)");
    t.db.$client.transaction(() => {
      for (let i = 0; i < 1005; i += 1) insert.run(t.clock.now() - i, d.counsellor.id, d.ldn.id);
    })();
    const text = textOf((await supervisor.get('/audit?action=view')).body);
    expect(text).toContain('More than 1,000 entries');
    expect(text).toContain('Showing the 25 newest');
  });
});

describe('the CSV export', () => {
  let supervisor: Agent;
  beforeEach(async () => {
    t = await createTestApp();
    d = demo(t.db);
    supervisor = await signIn(t.app, 'supervisor@demo.test');
  });
  afterEach(() => t.close());

  it('holds the filtered entries with a header row, names the filters in its file name, and is itself audited (filter names, not values)', async () => {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
    entry({ action: 'update', targetType: 'case', targetId: String(kase.id), fields: ['summary', 'priority'], at: Date.parse('2026-11-20T12:00:00Z') });
    entry({ action: 'view', targetType: 'case', targetId: String(kase.id), at: Date.parse('2026-11-20T12:30:00Z') });
    const res = await supervisor.get(`/audit.csv?action=update&from=2026-11-01&to=2026-11-24&record=${kase.reference}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="uniondesk-audit-update-${kase.reference.toLowerCase()}-from-2026-11-01-to-2026-11-24.csv"`);
    expect(csvLines(res.body)).toEqual([
      'Time (UTC),Local time,User,User ID,Action,Record type,Record ID,Case reference,Contact point,Fields,Client address',
      `2026-11-20T12:00:00.000Z,2026-11-20 12:00,Amira Haddad,${d.counsellor.id},Changed,Case,${kase.id},${kase.reference},LDN,summary priority,10.0.0.7`,
    ]);

    const exported = t.db.select().from(auditLog).where(eq(auditLog.action, 'export')).all();
    expect(exported).toEqual([expect.objectContaining({ userId: d.supervisor.id, targetType: 'audit_log', contactPointId: d.ldn.id, fields: ['action', 'record', 'from', 'to'], clientAddress: '127.0.0.1' })]);
    expect(JSON.stringify(exported)).not.toContain(kase.reference);
    expect(textOf((await supervisor.get('/audit?action=export')).body)).toContain('Grace Okafor Exported Audit log LDN action, record, from, to');
  });

  it('puts an apostrophe before a cell a spreadsheet would run as a formula', async () => {
    t.db.update(users).set({ displayName: '=cmd()|calc' }).where(eq(users.id, d.counsellor.id)).run();
    t.db.update(users).set({ displayName: '@SUM(A1)' }).where(eq(users.id, d.supervisor.id)).run();
    entry({ action: 'update', targetType: 'case', targetId: '1', fields: ['summary'] });
    const csv = (await supervisor.get('/audit.csv?action=update')).body;
    expect(csv).toContain(",'=cmd()|calc,");
    expect(csv).not.toMatch(/,=cmd/);
    const own = (await supervisor.get('/audit.csv?action=export')).body;
    expect(own).toContain(",'@SUM(A1),");
  });

  it('refuses filters that are not valid (422) and exports nothing', async () => {
    const res = await supervisor.get('/audit.csv?from=yesterday');
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('Some filters are not valid');
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, 'export')).all()).toEqual([]);
  });

  it('holds the newest 50,000 entries at most, and says so in the file and its name', async () => {
    const insert = t.db.$client.prepare("insert into audit_log (at, user_id, action, target_type, target_id, contact_point_id) values (?, ?, 'view', 'person', ?, ?)");
    t.db.$client.transaction(() => {
      for (let i = 0; i < 50_001; i += 1) insert.run(t.clock.now() - 50_001 + i, d.counsellor.id, String(i), d.ldn.id);
    })();
    const res = await supervisor.get('/audit.csv?action=view');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="uniondesk-audit-view-newest-50000.csv"');
    const lines = csvLines(res.body);
    expect(lines).toHaveLength(1 + 50_000 + 1);
    expect(lines[1]).toContain(',Viewed,Person,50000,');
    expect(lines[50_000]).toContain(',Viewed,Person,1,');
    expect(res.body).not.toContain(',Viewed,Person,0,');
    expect(lines.at(-1)).toBe('"Only the newest 50,000 entries of this filter are in this file. Narrow the filter (dates, user, action) to export the others."');
  }, 60_000);
});

describe('opening many person records within an hour', () => {
  const LIMIT = 3;
  let counsellor: Agent;
  beforeEach(async () => {
    t = await createTestApp({ AUDIT_PERSON_VIEWS_PER_HOUR: String(LIMIT) });
    d = demo(t.db);
    counsellor = await signIn(t.app, 'counsellor@demo.test');
  });
  afterEach(() => t.close());

  const people = (n: number) => Array.from({ length: n }, () => makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id }).id);
  // Signed in afresh each time: the clock moves on by hours, past the 30 minutes a session stays idle.
  const flagText = async (email: string, url = '/supervision') => textOf((await (await signIn(t.app, email)).get(url)).body);
  const SUPERVISOR = 'supervisor@demo.test';
  const FLAG = 'Amira Haddad opened';

  it('does not flag the limit itself, even with the same records opened again and again', async () => {
    const ids = people(LIMIT);
    for (const id of [...ids, ...ids, ids[0]!]) {
      expect((await counsellor.get(`/people/${id}`)).statusCode).toBe(200);
      t.clock.advance(2 * MINUTE);
    }
    const text = await flagText(SUPERVISOR);
    expect(text).toContain('Many person records opened within an hour');
    expect(text).toContain('Nobody opened more person records within an hour than the limit');
    expect(text).not.toContain(FLAG);
    expect(await flagText(SUPERVISOR, '/')).not.toContain('Many person records opened within an hour');
  });

  it('flags one more than the limit within an hour to the supervisors of the desk, on /supervision and their dashboard, and keeps it after the hour', async () => {
    const start = t.clock.now();
    for (const id of people(LIMIT + 1)) {
      await counsellor.get(`/people/${id}`);
      t.clock.advance(19 * MINUTE);
    }
    const text = await flagText(SUPERVISOR);
    expect(text).toContain(`${FLAG} 4 different person records within one hour (the limit is 3), between 24 Nov 2026, 10:00 and 24 Nov 2026, 10:57.`);
    expect(await flagText(SUPERVISOR, '/')).toContain(`${FLAG} 4 different person records within one hour`);
    // Not told to the other desk's supervisor, nor to the counsellor.
    expect(await flagText('supervisor2@demo.test')).not.toContain(FLAG);
    expect(await flagText('counsellor@demo.test', '/')).not.toContain('Many person records');

    // The link opens exactly those views in the audit log.
    const supervisor = await signIn(t.app, SUPERVISOR);
    const html = (await supervisor.get('/supervision')).body;
    const link = /href="(\/audit\?[^"]+)">See these views/.exec(html)![1]!.replaceAll('&amp;', '&');
    expect(link).toBe(`/audit?user=${d.counsellor.id}&action=view&record=person&from=2026-11-24T10%3A00&to=2026-11-24T10%3A57`);
    const listed = rowsOf((await supervisor.get(link)).body);
    expect(listed).toHaveLength(4);
    for (const row of listed) expect(row).toMatch(/^24 Nov 2026, 10:(00|19|38|57) Amira Haddad Viewed Test Person \d+ LDN/);

    t.clock.set(start + 5 * HOUR);
    expect(await flagText(SUPERVISOR)).toContain(`${FLAG} 4 different person records within one hour`);
    t.clock.set(start + 31 * 24 * HOUR);
    expect(await flagText(SUPERVISOR)).not.toContain(FLAG);
  });

  it('keeps one flag for one episode, its window and peak growing while the opening goes on', async () => {
    for (const id of people(8)) {
      await counsellor.get(`/people/${id}`);
      t.clock.advance(5 * MINUTE);
    }
    const text = await flagText(SUPERVISOR);
    expect(text.split(FLAG)).toHaveLength(2);
    expect(text).toContain(`${FLAG} 8 different person records within one hour (the limit is 3), between 24 Nov 2026, 10:00 and 24 Nov 2026, 10:35.`);
  });

  it("never makes a page wait: with another process holding the lock, the person pages answer and the flag comes with the views' entries once it frees", async () => {
    const ids = people(LIMIT + 1);
    const holder = new Database(t.config.databasePath);
    holder.exec('BEGIN IMMEDIATE');
    try {
      for (const id of ids) {
        const page = await counsellor.get(`/people/${id}`);
        expect(page.statusCode).toBe(200);
        t.clock.advance(MINUTE);
      }
      expect(queuedWrites(t.db)).toBe(LIMIT + 1);
      expect(t.db.select().from(auditFlags).all()).toEqual([]);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    const until = Date.now() + 10_000;
    while (queuedWrites(t.db) > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(t.db.select().from(auditFlags).all()).toEqual([
      expect.objectContaining({ userId: d.counsellor.id, contactPointId: d.ldn.id, peak: 4, threshold: 3, windowStart: Date.parse('2026-11-24T10:00:00Z'), windowEnd: Date.parse('2026-11-24T10:03:00Z') }),
    ]);
  });

  it('does not flag views spread over more than an hour', async () => {
    // Four records at 0, 20, 40 and 60 minutes: no hour holds all four (the first is an hour before the last).
    for (const id of people(LIMIT + 1)) {
      await counsellor.get(`/people/${id}`);
      t.clock.advance(20 * MINUTE);
    }
    expect(await flagText(SUPERVISOR)).not.toContain(FLAG);
    expect(await flagText(SUPERVISOR, '/')).not.toContain('Many person records');
  });
});

describe('who has opened a record', () => {
  beforeEach(async () => {
    t = await createTestApp();
    d = demo(t.db);
  });
  afterEach(() => t.close());

  it("is shown to the desk's supervisors on the person's and the case's page, with a link to the record's entries", async () => {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    await counsellor.get(`/people/${kase.personId}`);
    t.clock.advance(5 * MINUTE);
    await counsellor.get(`/cases/${kase.id}`);
    t.clock.advance(5 * MINUTE);

    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    const person = await supervisor.get(`/people/${kase.personId}`);
    const personPanel = textOf(person.body.split('id="opened-heading"')[1]!.split('</section>')[0]!);
    expect(personPanel).toContain('Grace Okafor · 24 Nov 2026, 10:10');
    expect(personPanel).toContain('Amira Haddad · 24 Nov 2026, 10:00');
    expect(person.body).toContain(`href="/audit?record=person%3A${kase.personId}"`);

    const page = await supervisor.get(`/cases/${kase.id}`);
    const casePanel = textOf(page.body.split('id="opened-heading"')[1]!.split('</section>')[0]!);
    expect(casePanel).toContain('Grace Okafor · 24 Nov 2026, 10:10');
    expect(casePanel).toContain('Amira Haddad · 24 Nov 2026, 10:05');
    expect(casePanel).not.toContain('10:00');
    expect(page.body).toContain(`href="/audit?record=${kase.reference}"`);
    expect(textOf((await supervisor.get(`/audit?record=${kase.reference}&action=view`)).body)).toContain('Amira Haddad Viewed');

    expect((await counsellor.get(`/people/${kase.personId}`)).body).not.toContain('Who has opened this record');
    expect((await counsellor.get(`/cases/${kase.id}`)).body).not.toContain('Who has opened this record');
  });
});
