import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { appendEvent } from '../../src/cases/cases.service.js';
import { seedBulk } from '../../src/cli/seed-bulk.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { createTestApp, signIn, textOf, type Agent, type TestApp } from '../helpers/app.js';
import { cleanEnv } from '../helpers/env.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';

/** The rows of the list as a user reads them: reference and the visible text of each cell. */
function rowsOf(html: string): { reference: string; cells: string[] }[] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => {
    const cells = [...m[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => textOf(c[1]!).trim());
    return { reference: cells[0]!, cells };
  });
}
const refsOf = (html: string) => rowsOf(html).map((r) => r.reference);
const COLUMN = { reference: 0, person: 1, types: 2, status: 3, priority: 4, assigned: 5, activity: 6 } as const;

let t: TestApp;
let d: ReturnType<typeof demo>;
let counsellor: Agent;
/** Fixtures that share the made-up word "Quokka" (a party), so a search isolates them from any demo data. */
const fx: Record<string, { id: number; reference: string }> = {};

beforeAll(async () => {
  t = await createTestApp();
  d = demo(t.db);
  const ldn = d.ldn.id;
  const by = d.counsellor.id;
  const quokka = (name: string) => [{ name: `Quokka ${name} Ltd`, kind: 'employer' as const }];
  fx.openCare = makeCase(t.db, { contactPointId: ldn, createdBy: by, status: 'open', sector: 'care', priority: 'high', caseTypes: ['wage_theft'], parties: quokka('Care Homes') });
  fx.closedHosp = makeCase(t.db, { contactPointId: ldn, createdBy: by, status: 'closed', sector: 'hospitality', priority: 'normal', caseTypes: ['holiday_sick_pay'], parties: quokka('Hotels') });
  fx.intakeUnassigned = makeCase(t.db, { contactPointId: ldn, createdBy: by, status: 'intake', sector: 'cleaning', priority: 'urgent', caseTypes: ['passport_withheld', 'forced_labour'], assignedTo: null, parties: quokka('Cleaning') });
  fx.supervisors = makeCase(t.db, { contactPointId: ldn, createdBy: by, status: 'awaiting_outcome', sector: 'care', priority: 'low', caseTypes: ['minimum_wage'], assignedTo: d.supervisor.id, parties: quokka('Nursing') });

  const tiger = makePerson(t.db, { contactPointId: ldn, recordedBy: by, name: null, alias: 'Tigerlily', safetyFlags: ['do_not_call'] });
  fx.alias = makeCase(t.db, { contactPointId: ldn, createdBy: by, personId: tiger.id, parties: [{ name: 'Wombat Recruitment Agency', kind: 'recruitment_agency' }] });
  const dang = makePerson(t.db, { contactPointId: ldn, recordedBy: by, name: 'Đặng Thị Ngọc Quý' });
  fx.diacritics = makeCase(t.db, { contactPointId: ldn, createdBy: by, personId: dang.id });
  fx.anonymous = makeCase(t.db, { contactPointId: ldn, createdBy: by, personId: null, caseTypes: ['information_only'] });
  fx.noted = makeCase(t.db, { contactPointId: ldn, createdBy: by });
  t.db.transaction((tx) => appendEvent(tx, { caseId: fx.noted!.id, userId: by, kind: 'note', body: 'Worker kept a diary of the zanzibarite shifts.' }, t.clock.now()));
  t.db.transaction((tx) => appendEvent(tx, { caseId: fx.noted!.id, userId: by, kind: 'note', restricted: true, body: 'Disclosed a marmalade secret to the counsellor.' }, t.clock.now()));
  const xss = makePerson(t.db, { contactPointId: ldn, recordedBy: by, name: '<script>alert(1)</script> "Quoted"' });
  fx.xss = makeCase(t.db, { contactPointId: ldn, createdBy: by, personId: xss.id });

  // Another contact point's cases, with words that would match a search at LDN.
  fx.chicago = makeCase(t.db, { contactPointId: d.chi.id, createdBy: d.counsellor2.id, status: 'open', sector: 'care', parties: [{ name: 'Quokka Chicago LLC', kind: 'employer' }] });
  t.db.transaction((tx) => appendEvent(tx, { caseId: fx.chicago!.id, userId: d.counsellor2.id, kind: 'note', body: 'Also about zanzibarite shifts.' }, t.clock.now()));

  counsellor = await signIn(t.app, 'counsellor@demo.test');
});
afterAll(async () => {
  await t?.close();
});

describe('the case list: who may see it', () => {
  it('sends a visitor who is not signed in to the sign-in page', async () => {
    const res = await t.app.inject({ url: '/cases' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login');
  });

  it.each(['admin@demo.test', 'coordinator@demo.test'])('refuses %s with 403 and shows no case', async (email) => {
    const agent = await signIn(t.app, email);
    const res = await agent.get('/cases');
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain(fx.openCare!.reference);
    expect((await agent.get('/cases?q=Quokka', { 'hx-request': 'true' })).statusCode).toBe(403);
  });

  it("lists the cases of the counsellor's own contact point and never another's, in the list or in search", async () => {
    const list = await counsellor.get('/cases');
    expect(list.statusCode).toBe(200);
    expect(textOf(list.body)).toContain('Cases');
    const refs = refsOf(list.body);
    expect(refs).toContain(fx.openCare!.reference);
    expect(refs.every((r) => r.startsWith('LDN-'))).toBe(true);
    expect(list.body).not.toContain(fx.chicago!.reference);

    const search = await counsellor.get('/cases?q=Quokka');
    expect(refsOf(search.body).sort()).toEqual([fx.openCare, fx.closedHosp, fx.intakeUnassigned, fx.supervisors].map((c) => c!.reference).sort());
    expect(refsOf((await counsellor.get('/cases?q=Quokka%20Chicago')).body)).toEqual([]);
    expect(refsOf((await counsellor.get('/cases?q=zanzibarite')).body)).toEqual([fx.noted!.reference]);
    expect(refsOf((await counsellor.get(`/cases?q=${fx.chicago!.reference}`)).body)).toEqual([]);
  });

  it("shows the other contact point's counsellor and supervisors only their own", async () => {
    const luis = await signIn(t.app, 'counsellor2@demo.test');
    expect(refsOf((await luis.get('/cases?q=Quokka')).body)).toEqual([fx.chicago!.reference]);
    const grace = await signIn(t.app, 'supervisor@demo.test');
    const refs = refsOf((await grace.get('/cases?q=Quokka')).body);
    expect(refs).toHaveLength(4);
    expect(refs).not.toContain(fx.chicago!.reference);
  });
});

describe('dates', () => {
  it('shows when a case last moved as an absolute date and time of the desk, with the relative time in its title', async () => {
    const list = await counsellor.get('/cases');
    const times = [...list.body.matchAll(/<time datetime="([^"]+)" title="([^"]+)">([^<]+)<\/time>/g)];
    expect(times.length).toBeGreaterThan(0);
    for (const [, iso, title, shown] of times) {
      expect(shown).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$/);
      expect(Number.isNaN(Date.parse(iso!))).toBe(false);
      expect(title).not.toBe(shown);
    }
    // The notes were written at the test clock's now: their case moved "just now".
    expect(times.some(([, , title]) => title === 'just now')).toBe(true);
  });
});

describe('filters', () => {
  const quokka = async (query: string) => refsOf((await counsellor.get(`/cases?q=Quokka&${query}`)).body).sort();
  const refs = (...keys: string[]) => keys.map((k) => fx[k]!.reference).sort();

  it('status narrows the list to that status; "not closed" leaves out closed cases', async () => {
    expect(await quokka('status=open')).toEqual(refs('openCare'));
    expect(await quokka('status=closed')).toEqual(refs('closedHosp'));
    expect(await quokka('status=active')).toEqual(refs('openCare', 'intakeUnassigned', 'supervisors'));
    // Without a search, every row shown has the status asked for.
    const rows = rowsOf((await counsellor.get('/cases?status=intake')).body);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.cells[COLUMN.status] === 'Intake')).toBe(true);
  });

  it('case type matches any of a case’s types', async () => {
    expect(await quokka('type=forced_labour')).toEqual(refs('intakeUnassigned'));
    expect(await quokka('type=passport_withheld')).toEqual(refs('intakeUnassigned'));
    expect(await quokka('type=minimum_wage')).toEqual(refs('supervisors'));
    const rows = rowsOf((await counsellor.get('/cases?type=holiday_sick_pay')).body);
    expect(rows.every((r) => r.cells[COLUMN.types]!.includes('Holiday, leave or sick pay unpaid'))).toBe(true);
  });

  it('sector and priority narrow the list, and combine', async () => {
    expect(await quokka('sector=care')).toEqual(refs('openCare', 'supervisors'));
    expect(await quokka('priority=urgent')).toEqual(refs('intakeUnassigned'));
    expect(await quokka('sector=care&priority=high')).toEqual(refs('openCare'));
    expect(await quokka('sector=care&priority=urgent')).toEqual([]);
    const rows = rowsOf((await counsellor.get('/cases?priority=low')).body);
    expect(rows.every((r) => r.cells[COLUMN.priority] === 'Low')).toBe(true);
  });

  it('assigned to: me, unassigned, or a colleague of the contact point', async () => {
    expect(await quokka('assigned=me')).toEqual(refs('openCare', 'closedHosp'));
    expect(await quokka('assigned=unassigned')).toEqual(refs('intakeUnassigned'));
    expect(await quokka(`assigned=${d.supervisor.id}`)).toEqual(refs('supervisors'));
    const rows = rowsOf((await counsellor.get('/cases?assigned=unassigned')).body);
    expect(rows.every((r) => r.cells[COLUMN.assigned] === 'Unassigned')).toBe(true);
    // The filter offers the people of the contact point, not those of another.
    const page = await counsellor.get('/cases');
    expect(page.body).toContain(`<option value="${d.supervisor.id}">Grace Okafor</option>`);
    expect(page.body).not.toContain(d.counsellor2.id);
  });

  it('keeps the chosen filters selected in the form', async () => {
    const res = await counsellor.get('/cases?status=open&sector=care&q=Quokka');
    expect(res.body).toContain('<option value="open" selected>');
    expect(res.body).toContain('<option value="care" selected>');
    expect(res.body).toMatch(/name="q" type="search" value="Quokka"/);
  });

  it('sorts by reference, priority and opening date, both ways', async () => {
    const byRef = refsOf((await counsellor.get('/cases?q=Quokka&sort=reference&dir=asc')).body);
    expect(byRef).toEqual([...byRef].sort());
    expect(refsOf((await counsellor.get('/cases?q=Quokka&sort=reference&dir=desc')).body)).toEqual([...byRef].reverse());
    const byPriority = rowsOf((await counsellor.get('/cases?q=Quokka&sort=priority')).body).map((r) => r.cells[COLUMN.priority]);
    expect(byPriority).toEqual(['Urgent', 'High', 'Normal', 'Low']);
    const opened = refsOf((await counsellor.get('/cases?q=Quokka&sort=opened&dir=asc')).body);
    expect(opened).toEqual(refs('openCare', 'closedHosp', 'intakeUnassigned', 'supervisors').sort());
  });
});

describe('search', () => {
  const search = async (q: string) => refsOf((await counsellor.get(`/cases?q=${encodeURIComponent(q)}`)).body);

  it('finds a case by the alias of its person, and shows the alias and the safety marker', async () => {
    expect(await search('tigerli')).toEqual([fx.alias!.reference]);
    const row = rowsOf((await counsellor.get('/cases?q=Tigerlily')).body)[0]!;
    expect(row.cells[COLUMN.person]).toContain('Tigerlily');
    expect(row.cells[COLUMN.person]).toMatch(/Safety\s*: Do not call/);
  });

  it('finds by party name, by a word of a note, by reference and by a name typed without accents', async () => {
    expect(await search('wombat recruit')).toEqual([fx.alias!.reference]);
    expect(await search('zanzibarite')).toEqual([fx.noted!.reference]);
    expect(await search(fx.intakeUnassigned!.reference)).toEqual([fx.intakeUnassigned!.reference]);
    expect(await search('Thi Ngoc Quy')).toEqual([fx.diacritics!.reference]);
  });

  it('finds names with letters FTS5 does not fold (Đ, ł, ı) when typed in plain Latin, and as written', async () => {
    expect(await search('Dang Thi')).toEqual([fx.diacritics!.reference]);
    expect(await search('Đặng')).toEqual([fx.diacritics!.reference]);
    const lukasz = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Łukasz Yılmaz' }).id });
    expect(await search('Lukasz Yilmaz')).toEqual([lukasz.reference]);
    expect(await search('Łukasz')).toEqual([lukasz.reference]);
  });

  it('does not find a case by the text of a restricted note', async () => {
    expect(await search('marmalade')).toEqual([]);
    expect(textOf((await counsellor.get('/cases?q=marmalade')).body)).toContain('No cases match these filters.');
  });

  it('shows an anonymous contact as such', async () => {
    const rows = rowsOf((await counsellor.get('/cases?type=information_only')).body);
    expect(rows.find((r) => r.reference === fx.anonymous!.reference)?.cells[COLUMN.person]).toBe('Anonymous contact');
  });

  it('treats FTS5 syntax in a search as plain words, never as an error', async () => {
    for (const q of ['"', 'AND', 'OR NOT', 'NEAR(', 'reference:LDN', '*', '^x', '(Quokka', 'Quokka"', '- + :', 'a"b"c', '\u0000']) {
      const res = await counsellor.get(`/cases?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(200);
    }
    expect(await search('(Quokka')).toHaveLength(4);
    expect(await search('reference:Quokka')).toEqual([]);
    // Only punctuation: nothing to search for, so nothing is found (never the whole list).
    expect(await search('*')).toEqual([]);
  });

  it('escapes what was typed and what was stored', async () => {
    const res = await counsellor.get(`/cases?q=${encodeURIComponent('<script>alert(1)</script> "Quoted"')}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(res.body).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt; &quot;Quoted&quot;"');
    expect(refsOf(res.body)).toEqual([fx.xss!.reference]);
    // Once in the search box, once in the person column.
    expect(res.body.match(/&lt;script&gt;alert\(1\)&lt;\/script&gt; &quot;Quoted&quot;/g)).toHaveLength(2);
    expect(rowsOf(res.body)[0]!.cells[COLUMN.person]).toBe('<script>alert(1)</script> "Quoted"');
  });
});

describe('bad query values', () => {
  it.each([
    ['status=evil', 'Status: not a status of the list.'],
    ['page=-1', 'Page: use a page number from 1.'],
    ['page=abc', 'Page: use a page number from 1.'],
    ['page=1.5', 'Page: use a page number from 1.'],
    ['sort=evil', 'Sort by: not a sort order of the list.'],
    ['dir=sideways', 'Order: use ascending or descending.'],
    ['type=wage_theft&type=forced_labour', 'Case type: not a case type of the list.'],
    ['sector=%00', 'Sector: not a sector of the list.'],
    ['priority=URGENT', 'Priority: not a priority of the list.'],
    ['assigned=not-a-user', 'Assigned to: not someone at your contact point.'],
    ['assigned=00000000-0000-4000-8000-000000000000', 'Assigned to: not someone at your contact point.'],
    [`q=${'x'.repeat(201)}`, 'Search: use at most 200 characters.'],
  ])('%s answers 422 with a notice and the list without that filter', async (query, message) => {
    const res = await counsellor.get(`/cases?${query}`);
    expect(res.statusCode).toBe(422);
    const text = textOf(res.body);
    expect(text).toContain('Some filters in this address are not valid. They were ignored');
    expect(text).toContain(message);
    expect(refsOf(res.body).length).toBeGreaterThan(0);
  });

  it('names the ignored filter next to its field, and keeps the valid ones', async () => {
    const res = await counsellor.get('/cases?status=evil&q=Quokka&sector=care');
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/id="f-status-error">Choose a value from the list\./);
    expect(res.body).toContain('aria-invalid="true"');
    expect(refsOf(res.body).sort()).toEqual([fx.openCare!.reference, fx.supervisors!.reference].sort());
  });

  it('a colleague of another contact point cannot be used as an assignee filter', async () => {
    const res = await counsellor.get(`/cases?assigned=${d.counsellor2.id}`);
    expect(res.statusCode).toBe(422);
    expect(res.body).not.toContain(fx.chicago!.reference);
  });

  it('ignores parameters it does not know', async () => {
    const res = await counsellor.get('/cases?utm_source=x&foo[bar]=1');
    expect(res.statusCode).toBe(200);
    expect(refsOf(res.body)).toEqual(refsOf((await counsellor.get('/cases')).body));
    expect(refsOf(res.body)).toContain(fx.openCare!.reference);
  });
});

describe('htmx', () => {
  it('answers an htmx request with the list fragment only, pushes the clean URL, and varies on HX-Request', async () => {
    const res = await counsellor.get('/cases?q=Quokka&status=&type=&sector=care&priority=&assigned=&sort=activity&dir=desc', { 'hx-request': 'true' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<html');
    expect(res.body).not.toContain('<form');
    expect(res.body).toContain('<table');
    expect(String(res.headers.vary)).toContain('HX-Request');
    expect(res.headers['hx-push-url']).toBe('/cases?q=Quokka&sector=care');
    expect(refsOf(res.body)).toHaveLength(2);

    const full = await counsellor.get('/cases?q=Quokka');
    expect(full.body).toContain('<html');
    expect(full.body).toContain('id="case-list"');
    expect(String(full.headers.vary)).toContain('HX-Request');
  });

  it('wires the form for live filtering, with the URL following, and keeps names out of the history cache', async () => {
    const res = await counsellor.get('/cases');
    expect(res.body).toMatch(/<form[^>]+method="get" action="\/cases"[^>]+hx-get="\/cases" hx-target="#case-list" hx-push-url="true"/);
    expect(res.body).toMatch(/name="q"[\s\S]*?hx-trigger="keyup changed delay:300ms, search" hx-include="closest form"/);
    expect(res.body).toMatch(/<select id="f-status" name="status"[\s\S]*?hx-get="\/cases" hx-include="closest form"/);
    expect(res.body).toMatch(/id="case-list"[^>]*hx-history="false"/);
  });

  it('answers a history restore (the back button) with the whole page', async () => {
    const res = await counsellor.get('/cases?q=Quokka', { 'hx-request': 'true', 'hx-history-restore-request': 'true' });
    expect(res.body).toContain('<html');
    expect(refsOf(res.body)).toHaveLength(4);
  });

  it('shows the notice inside the fragment for an htmx request with a bad value', async () => {
    const res = await counsellor.get('/cases?sort=evil', { 'hx-request': 'true' });
    expect(res.statusCode).toBe(422);
    expect(res.body).not.toContain('<html');
    expect(textOf(res.body)).toContain('Sort by: not a sort order of the list.');
  });
});

describe('pagination', () => {
  let many: string[];
  beforeAll(() => {
    many = Array.from({ length: 30 }, (_, i) =>
      makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, parties: [{ name: `Platypus Logistics ${i}`, kind: 'employer' }] }).reference,
    );
  });

  it('shows 25 cases a page with the total, and links to the next and previous pages', async () => {
    const first = await counsellor.get('/cases?q=Platypus');
    const firstRefs = refsOf(first.body);
    expect(firstRefs).toHaveLength(25);
    expect(textOf(first.body)).toContain('30 cases · Showing 1–25');
    expect(textOf(first.body)).toContain('Page 1 of 2');
    expect(first.body).toContain('href="/cases?q=Platypus&amp;page=2"');
    expect(first.body).not.toContain('rel="prev"');

    const second = await counsellor.get('/cases?q=Platypus&page=2');
    const secondRefs = refsOf(second.body);
    expect(secondRefs).toHaveLength(5);
    expect(textOf(second.body)).toContain('Showing 26–30');
    expect(second.body).toContain('rel="prev"');
    expect(second.body).not.toContain('rel="next"');
    expect([...firstRefs, ...secondRefs].sort()).toEqual([...many].sort());
  });

  it('keeps the filters in the page links, and a page past the end says so', async () => {
    const res = await counsellor.get('/cases?q=Platypus&sort=reference&dir=asc');
    expect(res.body).toContain('href="/cases?q=Platypus&amp;sort=reference&amp;dir=asc&amp;page=2"');
    const past = await counsellor.get('/cases?q=Platypus&page=9');
    expect(past.statusCode).toBe(200);
    expect(textOf(past.body)).toContain('There are no cases on this page.');
  });
});

describe('npm run seed:bulk', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'uniondesk-bulk-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fills a database whose references, sequences and search index agree, and where demo logins work', async () => {
    const path = join(dir, 'bulk.sqlite');
    const result = await seedBulk({ cases: 400, databasePath: path, seed: 7 });
    expect(result.cases).toBe(400);
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_PATH: path });
    const db = openDatabase(path);
    const sqlite = db.$client;
    try {
      // The demo cases are there too, so that the demo logins find a lived-in desk.
      const demoCases = result.firstCaseId - 1;
      expect(sqlite.prepare('select count(*) n from cases').get()).toEqual({ n: demoCases + 400 });
      expect(sqlite.prepare('select count(*) n from case_search').get()).toEqual({ n: demoCases + 400 });
      // Every bulk case has a timeline of 2 to 10 events.
      expect(sqlite.prepare('select min(n) lo, max(n) hi from (select count(*) n from case_events where case_id >= ? group by case_id)').get(result.firstCaseId)).toEqual({ lo: 2, hi: 10 });
      // The sequence of each contact point and year is the highest reference number used.
      const sequences = sqlite.prepare('select cp.ref_prefix p, s.year y, s.last_number n from case_sequences s join contact_points cp on cp.id = s.contact_point_id').all() as { p: string; y: number; n: number }[];
      for (const s of sequences) {
        const max = sqlite.prepare('select max(cast(substr(reference, -5) as integer)) m from cases where reference like ?').get(`${s.p}-${s.y}-%`) as { m: number };
        expect(max.m, `${s.p}-${s.y}`).toBe(s.n);
      }
      // No restricted note reaches the search index: words found only in restricted notes find nothing.
      expect((sqlite.prepare('select count(*) n from case_events where restricted = 1').get() as { n: number }).n).toBeGreaterThan(0);
      expect(
        sqlite.prepare("select count(*) n from case_search where case_search match 'assault OR pregnant OR undocumented OR sexual OR moneylender OR conviction' and rowid >= ?").get(result.firstCaseId),
      ).toEqual({ n: 0 });

      const app = await buildApp({ config, db, logger: false });
      try {
        const agent = await signIn(app, 'counsellor@demo.test');
        const list = await agent.get('/cases');
        expect(list.statusCode).toBe(200);
        expect(refsOf(list.body)).toHaveLength(25);
        expect(refsOf(list.body).every((r) => r.startsWith('LDN-'))).toBe(true);
        // The busiest party at London is found by its name.
        const party = sqlite
          .prepare(
            `select p.name from parties p join case_parties x on x.party_id = p.id join cases c on c.id = x.case_id
             join contact_points cp on cp.id = c.contact_point_id where cp.ref_prefix = 'LDN' group by p.id order by count(*) desc limit 1`,
          )
          .get() as { name: string };
        expect(refsOf((await agent.get(`/cases?q=${encodeURIComponent(party.name)}`)).body).length).toBeGreaterThan(0);
      } finally {
        await app.close();
      }
    } finally {
      sqlite.close();
    }
  });

  it('refuses to run with NODE_ENV=production', () => {
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/seed-bulk.ts', '--cases', '10', '--database', join(dir, 'prod.sqlite')], {
      env: { ...cleanEnv(), NODE_ENV: 'production' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('refuses to run with NODE_ENV=production');
  });
});
