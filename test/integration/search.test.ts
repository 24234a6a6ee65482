import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/audit/audit.table.js';
import { appendEvent } from '../../src/cases/cases.service.js';
import { safePath } from '../../src/logger.js';
import { anonymiseCaseIn } from '../../src/retention/anonymise.js';
import { search } from '../../src/search/search.service.js';
import { createTestApp, signIn, textOf, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';

let t: TestApp;
let d: ReturnType<typeof demo>;
let counsellor: Agent;
let counsellor2: Agent;
const fx: Record<string, { id: number; reference?: string }> = {};

/** The links of one group of the results page, as a user reads them (text) and where they go. */
function group(html: string, name: 'people' | 'cases' | 'parties'): { text: string; hrefs: string[] } {
  const section = new RegExp(`<section[^>]*aria-labelledby="search-${name}"[^>]*>([\\s\\S]*?)</section>`).exec(html)?.[1] ?? '';
  return { text: textOf(section), hrefs: [...section.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&')) };
}

const find = (agent: Agent, q: string, headers: Record<string, string> = {}) => agent.get(`/search?${new URLSearchParams({ q })}`, headers);

beforeAll(async () => {
  t = await createTestApp();
  d = demo(t.db);
  const ldn = d.ldn.id;
  const by = d.counsellor.id;
  const zofia = makePerson(t.db, { contactPointId: ldn, recordedBy: by, name: 'Zofia Kowalczyk', alias: 'Zosia', phone: '+44 7700 900123', messagingHandle: '@zofia_k' });
  fx.zofia = zofia;
  fx.zofiaCase = makeCase(t.db, {
    contactPointId: ldn,
    createdBy: by,
    personId: zofia.id,
    summary: 'Night shifts at the quinoa packing plant, never paid.',
    parties: [{ name: 'Paprika Foods Ltd', kind: 'employer' }],
  });
  const marek = makePerson(t.db, { contactPointId: ldn, recordedBy: by, name: 'Marek Nowak', phone: '07700 900456' });
  fx.marek = marek;
  fx.marekCase = makeCase(t.db, { contactPointId: ldn, createdBy: by, personId: marek.id, summary: 'Deductions for a caravan.' });
  t.db.transaction((tx) => appendEvent(tx, { caseId: fx.zofiaCase!.id, userId: by, kind: 'note', restricted: true, body: 'Told me about the marmalade secret.' }, t.clock.now()));

  // An anonymised case: its reference stays findable, its person is named nowhere.
  const ghost = makePerson(t.db, { contactPointId: ldn, recordedBy: by, name: 'Gretel Vanishwood', phone: '07700 900777' });
  fx.ghostCase = makeCase(t.db, { contactPointId: ldn, createdBy: by, personId: ghost.id, summary: 'Old case.' });
  t.db.transaction((tx) => anonymiseCaseIn(tx, fx.ghostCase as { id: number; contactPointId: number }, 'retention', { actorId: null, clientAddress: null }, t.clock.now()));

  // Another contact point: the same surname, a number of its own.
  const chicago = makePerson(t.db, { contactPointId: d.chi.id, recordedBy: d.counsellor2.id, name: 'Ewa Kowalczyk', phone: '+1 312 555 0199' });
  fx.chicago = chicago;
  fx.chicagoCase = makeCase(t.db, { contactPointId: d.chi.id, createdBy: d.counsellor2.id, personId: chicago.id, summary: 'Quinoa warehouse, Chicago.' });

  // The registration number of a party.
  t.db.$client.prepare("update parties set registration_number = 'PF-448812' where name = 'Paprika Foods Ltd'").run();

  counsellor = await signIn(t.app, 'counsellor@demo.test');
  counsellor2 = await signIn(t.app, 'counsellor2@demo.test');
});
afterAll(async () => {
  await t.close();
});

describe('GET /search', () => {
  it('finds a person by name and by alias, with their case, and not the namesake of another contact point', async () => {
    for (const q of ['Kowalczyk', 'Zosia', 'zofia kowal']) {
      const res = await find(counsellor, q);
      expect(res.statusCode, q).toBe(200);
      const people = group(res.body, 'people');
      expect(people.hrefs, q).toContain(`/people/${fx.zofia!.id}`);
      expect(people.text, q).toContain('Zofia Kowalczyk');
      expect(res.body, q).not.toContain('Ewa Kowalczyk');
      expect(people.hrefs, q).not.toContain(`/people/${fx.chicago!.id}`);
    }
    const cases = group((await find(counsellor, 'Kowalczyk')).body, 'cases');
    expect(cases.hrefs).toEqual([`/cases/${fx.zofiaCase!.id}`]);
  });

  it('shows the phone masked, never the whole number', async () => {
    const res = await find(counsellor, 'Zofia');
    expect(group(res.body, 'people').text).toContain('•• •••• •••123');
    expect(res.body).not.toContain('7700 900123');
  });

  it('finds a number stored internationally, typed in any format', async () => {
    for (const q of ['+44 7700 900123', '+447700900123', '0044 7700 900123', '07700900123', '07700 900 123', '(0)7700-900123', '7700 900123', '07700 9001']) {
      const people = group((await find(counsellor, q)).body, 'people');
      expect(people.hrefs, q).toEqual([`/people/${fx.zofia!.id}`]);
    }
  });

  it('finds a number stored nationally, typed in any format', async () => {
    for (const q of ['07700 900456', '07700900456', '+44 7700 900456', '+447700900456', '0044 (0)7700 900456']) {
      const people = group((await find(counsellor, q)).body, 'people');
      expect(people.hrefs, q).toEqual([`/people/${fx.marek!.id}`]);
    }
  });

  it('finds a person by messaging handle, with or without the @', async () => {
    for (const q of ['@zofia_k', 'zofia_k']) expect(group((await find(counsellor, q)).body, 'people').hrefs, q).toEqual([`/people/${fx.zofia!.id}`]);
  });

  it('finds cases by reference, by summary and by party name', async () => {
    for (const q of [fx.zofiaCase!.reference!, 'quinoa', 'packing plant', 'Paprika']) {
      const cases = group((await find(counsellor, q)).body, 'cases');
      expect(cases.hrefs, q).toContain(`/cases/${fx.zofiaCase!.id}`);
      expect(cases.hrefs, q).not.toContain(`/cases/${fx.chicagoCase!.id}`);
    }
  });

  it('finds parties by name and by registration number', async () => {
    for (const q of ['Paprika', 'paprika foods', 'PF-448812']) {
      const parties = group((await find(counsellor, q)).body, 'parties');
      expect(parties.text, q).toContain('Paprika Foods Ltd');
      expect(parties.hrefs.some((h) => /^\/parties\/\d+$/.test(h)), q).toBe(true);
    }
  });

  it("keeps each contact point's people and cases to itself", async () => {
    const chicago = await find(counsellor2, 'Kowalczyk');
    expect(group(chicago.body, 'people').hrefs).toEqual([`/people/${fx.chicago!.id}`]);
    expect(chicago.body).not.toContain('Zofia');
    expect(group((await find(counsellor2, '+1 312 555 0199')).body, 'people').hrefs).toEqual([`/people/${fx.chicago!.id}`]);
    expect(group((await find(counsellor2, '(312) 555-0199')).body, 'people').hrefs).toEqual([`/people/${fx.chicago!.id}`]);
    // The London desk does not see the Chicago number, nor the Chicago desk the London ones.
    expect(group((await find(counsellor, '+1 312 555 0199')).body, 'people').hrefs).toEqual([]);
    expect(group((await find(counsellor2, '07700 900123')).body, 'people').hrefs).toEqual([]);
    expect(group((await find(counsellor2, 'quinoa')).body, 'cases').hrefs).toEqual([`/cases/${fx.chicagoCase!.id}`]);
  });

  it('never finds what a restricted note says', async () => {
    const res = await find(counsellor, 'marmalade');
    expect(textOf(res.body)).toContain('Nothing found for “marmalade”.');
    expect(group(res.body, 'cases').hrefs).toEqual([]);
  });

  it('shows an anonymised case by its reference only, and its person nowhere', async () => {
    const byName = await find(counsellor, 'Vanishwood');
    expect(textOf(byName.body)).toContain('Nothing found');
    expect(group((await find(counsellor, '07700 900777')).body, 'people').hrefs).toEqual([]);
    const byReference = await find(counsellor, fx.ghostCase!.reference!);
    const cases = group(byReference.body, 'cases');
    expect(cases.hrefs).toEqual([`/cases/${fx.ghostCase!.id}`]);
    expect(cases.text).toContain('No person named');
    expect(byReference.body).not.toContain('Gretel');
    expect(byReference.body).not.toContain('Old case.');
  });

  it('says so when nothing matches', async () => {
    const res = await find(counsellor, 'Xylophonequark');
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body)).toContain('Nothing found for “Xylophonequark”.');
  });

  it('asks for a term without searching when none is given', async () => {
    const res = await counsellor.get('/search');
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body)).toContain('a phone number in any format');
    expect(res.body).not.toContain('search-people');
  });

  it('refuses an overlong term with 422 and a clear message, keeping what was typed', async () => {
    const long = `Kowalczyk ${'x'.repeat(200)}`;
    const res = await find(counsellor, long);
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/id="f-q-error"[^>]*>Type at most 200 characters to search for\./);
    expect(res.body).toContain(`value="${long}"`);
    expect(res.body).not.toContain('Zofia');
    const live = await find(counsellor, long, { 'HX-Request': 'true' });
    expect(live.statusCode).toBe(422);
    expect(textOf(live.body)).toContain('Type at most 200 characters');
  });

  it('answers htmx with the grouped listbox alone', async () => {
    const res = await find(counsellor, 'Kowalczyk', { 'HX-Request': 'true' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<html');
    expect(res.body).toContain('role="listbox"');
    expect(res.body).toMatch(new RegExp(`role="option"[^>]*data-href="/people/${fx.zofia!.id}"`));
    expect(res.body).toMatch(new RegExp(`role="option"[^>]*data-href="/cases/${fx.zofiaCase!.id}"`));
    expect(res.headers['vary']).toContain('HX-Request');
  });

  it('offers "more" links to the case list and the party register when a group is full', async () => {
    for (let i = 0; i < 11; i += 1) makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, summary: `Jacaranda orchard, picker ${i}.`, parties: [{ name: `Jacaranda Farms ${i}`, kind: 'employer' }] });
    const res = await find(counsellor, 'jacaranda');
    expect(group(res.body, 'cases').hrefs).toContain('/cases?q=jacaranda');
    expect(group(res.body, 'cases').hrefs.filter((h) => /^\/cases\/\d+$/.test(h))).toHaveLength(10);
    expect(group(res.body, 'parties').hrefs).toContain('/parties?q=jacaranda');
  });

  it('is refused to a network coordinator, whose header has no search box', async () => {
    const coordinator = await signIn(t.app, 'coordinator@demo.test');
    expect((await find(coordinator, 'Kowalczyk')).statusCode).toBe(403);
    const home = await coordinator.get('/');
    expect(home.body).not.toContain('search-box-q');
    expect((await counsellor.get('/')).body).toContain('id="search-box-q"');
  });

  it('audits each person shown as viewed, never the search term', async () => {
    await find(counsellor, 'Zosia');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const entries = t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.userId, d.counsellor.id), eq(auditLog.targetType, 'person'), eq(auditLog.targetId, String(fx.zofia!.id))))
      .all();
    expect(entries.some((e) => e.action === 'view' && e.fields?.includes('search'))).toBe(true);
    const everything = JSON.stringify(t.db.select().from(auditLog).all());
    expect(everything).not.toContain('Zosia');
  });

  it('keeps the term out of the request log', () => {
    expect(safePath('/search?q=Zofia+Kowalczyk')).toBe('/search');
    expect(safePath('/cases?q=07700900123')).toBe('/cases');
  });
});

describe('case list search (/cases?q=)', () => {
  const refs = (html: string) => [...html.matchAll(/href="\/cases\/(\d+)"/g)].map((m) => Number(m[1]));
  it('finds the summary, the phone in any format and the messaging handle', async () => {
    for (const q of ['quinoa', '07700900123', '+44 7700 900123', '@zofia_k', 'zofia_k']) {
      const res = await counsellor.get(`/cases?${new URLSearchParams({ q })}`);
      expect(res.statusCode, q).toBe(200);
      expect(refs(res.body), q).toContain(fx.zofiaCase!.id);
      expect(refs(res.body), q).not.toContain(fx.chicagoCase!.id);
    }
    const national = await counsellor.get(`/cases?${new URLSearchParams({ q: '+447700900456' })}`);
    expect(refs(national.body)).toContain(fx.marekCase!.id);
  });

  it('finds a summary again after it is edited', async () => {
    t.db.$client.prepare("update cases set summary = 'Kumquat grove' where id = ?").run(fx.marekCase!.id);
    const { refreshSearchRow } = await import('../../src/cases/cases.repo.js');
    t.db.transaction((tx) => refreshSearchRow(tx, fx.marekCase!.id));
    expect(refs((await counsellor.get('/cases?q=kumquat')).body)).toContain(fx.marekCase!.id);
  });
});

describe('index use at scale', () => {
  it('runs every search query on indexes: no scan of cases, people, events or parties', () => {
    const client = t.db.$client;
    const prepare = client.prepare.bind(client);
    const statements: string[] = [];
    client.prepare = ((source: string) => {
      statements.push(source);
      return prepare(source);
    }) as typeof client.prepare;
    try {
      const actor = { id: d.counsellor.id, role: 'counsellor' as const, contactPointIds: [d.ldn.id] };
      for (const q of ['Kowalczyk', '07700 900123', '@zofia_k', 'PF-448812', 'quinoa plant']) search(t.db, { actor, countries: ['GB'], clientAddress: null }, q, 10, t.clock.now());
    } finally {
      client.prepare = prepare;
    }
    const reads = [...new Set(statements.filter((s) => /^\s*select/i.test(s)))];
    expect(reads.length).toBeGreaterThanOrEqual(5);
    for (const source of reads) {
      const plan = (client.prepare(`explain query plan ${source}`).all(...(source.match(/\?/g) ?? []).map(() => 1)) as { detail: string }[]).map((r) => r.detail).join('\n');
      expect(plan, source).not.toMatch(/SCAN (cases|people|case_events|parties|c)\b(?! VIRTUAL)/);
    }
  });
});

describe('migration 0021 on an existing database', () => {
  it('rebuilds the search rows with each case summary and the stored phone digits, and keeps the rest', async () => {
    const { readFileSync } = await import('node:fs');
    const client = t.db.$client;
    const before = client.prepare('select rowid, reference, people, parties, notes from case_search order by rowid').all();
    // The rows as the old table held them: no summary, no contacts (what the migration finds on a server).
    client.exec('drop table case_search');
    client.exec("create virtual table case_search using fts5(reference, people, parties, notes, tokenize = 'unicode61 remove_diacritics 2')");
    const insert = client.prepare('insert into case_search (rowid, reference, people, parties, notes) values (?, ?, ?, ?, ?)');
    for (const r of before as { rowid: number; reference: string; people: string; parties: string; notes: string }[]) insert.run(r.rowid, r.reference, r.people, r.parties, r.notes);

    const statements = readFileSync('drizzle/0021_search.sql', 'utf8').split('--> statement-breakpoint').filter((s) => !/CREATE INDEX/.test(s));
    client.transaction(() => {
      for (const s of statements) client.exec(s);
    })();

    expect(client.prepare('select rowid, reference, people, parties, notes from case_search order by rowid').all()).toEqual(before);
    const row = (id: number) => client.prepare('select summary, contacts from case_search where rowid = ?').get(id) as { summary: string; contacts: string };
    expect(row(fx.zofiaCase!.id)).toEqual({ summary: 'Night shifts at the quinoa packing plant, never paid.', contacts: '447700900123 zofia_k' });
    expect(row(fx.ghostCase!.id).contacts).toBe('');
    expect(client.prepare("select v from case_search_config where k = 'secure-delete'").get()).toEqual({ v: 1 });
    // The keys a search looks for find both kinds of stored number in the rebuilt rows.
    for (const q of ['07700 900123', '+44 7700 900123']) expect(group((await find(counsellor, q)).body, 'people').hrefs, q).toEqual([`/people/${fx.zofia!.id}`]);
    for (const q of ['07700 900456', '+44 7700 900456']) expect(group((await find(counsellor, q)).body, 'people').hrefs, q).toEqual([`/people/${fx.marek!.id}`]);
    expect(group((await find(counsellor, 'quinoa')).body, 'cases').hrefs).toContain(`/cases/${fx.zofiaCase!.id}`);
  });
});
