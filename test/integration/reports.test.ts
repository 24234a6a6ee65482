import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/audit/audit.table.js';
import type { Sector } from '../../src/cases/catalogue.js';
import { appendEvent } from '../../src/cases/cases.service.js';
import { cases } from '../../src/cases/cases.table.js';
import { addDays, todayIn } from '../../src/deadlines/compute.js';
import { insertParty, linkPartyToCase } from '../../src/parties/parties.repo.js';
import { partners } from '../../src/partners/partners.table.js';
import { insertConsent } from '../../src/people/people.repo.js';
import { referrals } from '../../src/referrals/referrals.table.js';
import sharp from 'sharp';
import { createTestApp, signIn, textOf, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';

let t: TestApp;
let d: ReturnType<typeof demo>;
let supervisor: Agent;
let coordinator: Agent;

beforeEach(async () => {
  t = await createTestApp();
  d = demo(t.db);
  supervisor = await signIn(t.app, 'supervisor@demo.test');
  coordinator = await signIn(t.app, 'coordinator@demo.test');
});
afterEach(async () => {
  await t.close();
});

const DAY = 86_400_000;
const tableIds = ['months', 'case-types', 'sectors', 'nationalities', 'jurisdictions', 'outcomes', 'wages', 'referrals', 'closure-time', 'parties'];

/** The rows of one report table as the reader sees them: label → cell texts; the total row under "Total". */
function tableOf(html: string, id: string): Map<string, string[]> {
  const start = html.indexOf(`id="table-${id}"`);
  if (start < 0) throw new Error(`no table ${id}`);
  const section = html.slice(start, html.indexOf('</section>', start));
  const rows = new Map<string, string[]>();
  for (const m of section.matchAll(/<tr>\s*<th scope="row">([\s\S]*?)<\/th>([\s\S]*?)<\/tr>/g)) {
    rows.set(textOf(m[1]!).trim(), [...m[2]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => textOf(c[1]!).trim()));
  }
  return rows;
}

const numberOf = (text: string | undefined) => (text && /^[\d,]+$/.test(text) ? Number(text.replace(/,/g, '')) : null);

type PersonSpec = { nationality: string; scopes?: ('store' | 'share_with_partners' | 'anonymised_statistics')[] };

/** Distinctive words that must never leave a case: they are in names, aliases, contacts, notes and free text below. */
const SECRETS = ['Zephyrine', 'Quillfeather', 'Bluejay-Xq', '7700 900123', '@quillfeather', 'Xylophonic', 'Quagmire', 'Ombudsnote'];

/**
 * The desk of the tests. Counted: 7 care (PL), 6 cleaning (RO), 3 hospitality (PH), 1 anonymous contact (other),
 * and 5 construction cases (UA) closed 1 day ago after 10, 20, 30, 40 and 100 days. Not counted: 4 agriculture
 * cases whose people never agreed to statistics, and 1 care case whose person withdrew that consent.
 */
function seedDesk() {
  const now = t.clock.now();
  const person = (p: PersonSpec, extra: Record<string, unknown> = {}) =>
    makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, nationality: p.nationality, scopes: p.scopes, ...extra });
  const open = (sector: Sector | null, p: PersonSpec | null, over: Record<string, unknown> = {}) => {
    const personId = p ? person(p, over.person as Record<string, unknown> | undefined).id : null;
    return makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId, sector, status: 'open', ...(over.kase as object) });
  };
  const care = Array.from({ length: 7 }, (_, i) =>
    open('care', { nationality: 'PL' }, i === 0 ? { person: { name: 'Zephyrine Quillfeather', alias: 'Bluejay-Xq', phone: '+44 7700 900123', messagingHandle: '@quillfeather' }, kase: { summary: 'Quagmire summary text' } } : { kase: { amountClaimedMinor: 10_000, currency: 'GBP' } }),
  );
  // The first care case has no claim; six claims of £100.
  t.db.transaction((tx) => appendEvent(tx, { caseId: care[0]!.id, userId: d.counsellor.id, kind: 'note', body: 'Xylophonic secret note about the employer.' }, t.clock.now()));
  const cleaning = Array.from({ length: 5 }, () => open('cleaning', { nationality: 'RO' }));
  // Re-consented: first refused statistics, then agreed: the newest record counts.
  const reconsent = person({ nationality: 'RO', scopes: ['store'] });
  t.db.transaction((tx) => insertConsent(tx, { personId: reconsent.id, givenOn: '2026-11-02', recordedBy: d.counsellor.id, scopes: ['store', 'anonymised_statistics'], createdAt: now }));
  cleaning.push(makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: reconsent.id, sector: 'cleaning', status: 'open' }));
  const hospitality = Array.from({ length: 3 }, () => open('hospitality', { nationality: 'PH' }));
  const anonymous = open('other', null);
  const refused = Array.from({ length: 4 }, () => open('agriculture', { nationality: 'IN', scopes: ['store'] }));
  // Withdrawn: agreed at first, the newest record no longer includes statistics.
  const withdrew = person({ nationality: 'PL' });
  t.db.transaction((tx) => insertConsent(tx, { personId: withdrew.id, givenOn: '2026-11-03', recordedBy: d.counsellor.id, scopes: ['store'], createdAt: now }));
  makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: withdrew.id, sector: 'care', status: 'open' });

  const closed = [10, 20, 30, 40, 100].map((days) => {
    const kase = open('construction', { nationality: 'UA' });
    t.db
      .update(cases)
      .set({ status: 'closed', openedAt: now - (days + 1) * DAY, closedAt: now - DAY, lastActivityAt: now - DAY, outcome: 'resolved_paid_in_full', outcomeNote: 'Ombudsnote: paid.', amountRecoveredMinor: 100_000, currency: 'GBP' })
      .where(eq(cases.id, kase.id))
      .run();
    return kase;
  });

  // A party named in 6 counted cases of 6 people is listed; one named in 3 is not.
  const acme = t.db.transaction((tx) => insertParty(tx, { name: 'Acme Staffing Ltd', kind: 'recruitment_agency', createdAt: now, createdBy: d.counsellor.id }));
  for (const k of [...care.slice(0, 4), ...cleaning.slice(0, 2)]) t.db.transaction((tx) => linkPartyToCase(tx, k.id, acme.id, 'recruitment_agency'));
  const tiny = t.db.transaction((tx) => insertParty(tx, { name: 'Tiny Farm Ltd', kind: 'employer', createdAt: now, createdBy: d.counsellor.id }));
  for (const k of hospitality) t.db.transaction((tx) => linkPartyToCase(tx, k.id, tiny.id, 'employer'));
  // Named only in cases that are not counted: never listed, whatever their number.
  const hidden = t.db.transaction((tx) => insertParty(tx, { name: 'Refusers Ltd', kind: 'employer', createdAt: now, createdBy: d.counsellor.id }));
  for (const k of refused) t.db.transaction((tx) => linkPartyToCase(tx, k.id, hidden.id, 'employer'));

  // Referrals sent this month: 5 accepted by an immigration adviser, 2 declined.
  const partner = t.db
    .insert(partners)
    .values({ name: 'Test Advice', kind: 'immigration_advice', country: 'GB', languages: ['en'], services: [], createdAt: now, updatedAt: now })
    .returning()
    .get();
  const refer = (caseId: number, status: 'accepted' | 'declined') =>
    t.db.insert(referrals).values({ caseId, partnerId: partner.id, status, reason: 'Visa', request: 'Advice', sharedFields: [], createdAt: now, updatedAt: now, sentAt: now }).run();
  care.slice(0, 5).forEach((k) => refer(k.id, 'accepted'));
  cleaning.slice(0, 2).forEach((k) => refer(k.id, 'declined'));

  // Chicago: 6 counted care cases, seen by the coordinator only.
  for (let i = 0; i < 6; i++) makeCase(t.db, { contactPointId: d.chi.id, createdBy: d.counsellor2.id, sector: 'care', jurisdictionCountry: 'US', status: 'open' });

  return { care, cleaning, hospitality, anonymous, refused, closed };
}

describe('the contact-point report', () => {
  it('shows the figures computed from the fixtures, counting only consenting people and anonymous contacts', async () => {
    seedDesk();
    const res = await supervisor.get('/reports');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    // 7 care + 6 cleaning + 3 hospitality + 1 anonymous + 5 construction; neither the 4 refusals nor the withdrawal.
    expect(text).toMatch(/Cases opened 22 /);
    expect(text).toMatch(/Cases closed 5 /);

    const sectors = tableOf(res.body, 'sectors');
    expect(sectors.get('Care')).toEqual(['7']);
    expect(sectors.get('Construction')).toEqual(['5']);
    expect(sectors.get('Agriculture')).toEqual(['0']);
    expect(sectors.get('Hospitality')).toEqual(['<5']);
    expect(sectors.get('Other')).toEqual(['<5']);
    expect(sectors.get('Total')).toEqual(['22']);
    // Cleaning (6) is withheld: with it shown, hospitality and other together would be 22 − 19 = 3 cases.
    expect(sectors.get('Cleaning')).toEqual(['withheld']);

    const nationalities = tableOf(res.body, 'nationalities');
    expect(nationalities.get('Poland')).toEqual(['7']);
    expect(nationalities.get('Ukraine')).toEqual(['5']);
    expect(nationalities.get('Philippines')).toEqual(['<5']);
    expect(nationalities.get('Not recorded')).toEqual(['<5']);
    expect(nationalities.has('India')).toBe(false);

    expect(tableOf(res.body, 'jurisdictions').get('United Kingdom')).toEqual(['22']);
    expect(tableOf(res.body, 'outcomes').get('Resolved: paid in full')).toEqual(['5']);
    expect(tableOf(res.body, 'closure-time').get('All cases closed in the period')).toEqual(['5', '30 days']);
    // Six claims of £100 on the cases opened; five recoveries of £1,000 on the cases closed.
    expect(tableOf(res.body, 'wages').get('GBP')).toEqual(['6', '£600.00', '5', '£5,000.00']);
    const refs = tableOf(res.body, 'referrals').get('Immigration advice')!;
    expect(refs.slice(0, 3)).toEqual(['0', '5', '<5']);

    const parties = tableOf(res.body, 'parties');
    expect(parties.get('Acme Staffing Ltd')).toEqual(['Recruitment agency', '6']);
    expect(parties.has('Tiny Farm Ltd')).toBe(false);
    expect(parties.has('Refusers Ltd')).toBe(false);
  });

  it('shows a category of 3 people as "<5", and no total or other cell lets one work it out', async () => {
    seedDesk();
    for (const agent of [supervisor, coordinator]) {
      const html = (await agent.get(`/reports?cp=${d.ldn.id}`)).body;
      for (const id of ['sectors', 'nationalities', 'jurisdictions', 'outcomes']) {
        const rows = tableOf(html, id);
        const total = numberOf(rows.get('Total')?.[0]);
        rows.delete('Total');
        const cells = [...rows.values()].map((v) => v[0]!);
        const small = cells.filter((c) => c === '<5').length;
        const withheld = cells.filter((c) => c === 'withheld').length;
        if (total === null || small === 0) continue;
        // What a reader can work out of one "<5" cell: the rest of the total, less what the other hidden cells must hold.
        const rest = total - cells.reduce((s, c) => s + (numberOf(c) ?? 0), 0);
        const most = Math.min(4, rest - (small - 1) * 1 - withheld * 5);
        const least = withheld > 0 ? 1 : Math.max(1, rest - (small - 1) * 4);
        expect([id, least, most]).toEqual([id, 1, 4]);
      }
      expect(tableOf(html, 'sectors').get('Hospitality')).toEqual(['<5']);
    }
    const csv = (await supervisor.get('/reports/sectors.csv')).body;
    // The number column holds numbers only; a suppressed figure is an empty number with its flag set.
    expect(csv).toContain('Hospitality,,true\r\n');
    expect(csv).toContain('Cleaning,,true\r\n');
    expect(csv).toContain('Total,22,false\r\n');
  });

  it('follows the newest consent record: a withdrawal stops counting at once, an anonymous contact counts', async () => {
    const desk = seedDesk();
    const before = textOf((await supervisor.get('/reports')).body);
    expect(before).toMatch(/Cases opened 22 /);
    const someone = t.db.select().from(cases).where(eq(cases.id, desk.care[1]!.id)).get()!;
    t.db.transaction((tx) => insertConsent(tx, { personId: someone.personId!, givenOn: '2026-11-20', recordedBy: d.counsellor.id, scopes: ['store', 'share_with_partners'], createdAt: t.clock.now() }));
    const after = await supervisor.get('/reports');
    expect(textOf(after.body)).toMatch(/Cases opened 21 /);
    expect(tableOf(after.body, 'sectors').get('Total')).toEqual(['21']);
    // Another anonymous advice contact: counted.
    makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: null, sector: 'other', caseTypes: ['information_only'] });
    expect(textOf((await supervisor.get('/reports')).body)).toMatch(/Cases opened 22 /);
  });

  it('keeps to the period, counted in the contact point\'s own calendar', async () => {
    seedDesk();
    const today = todayIn('Europe/London', t.clock.now());
    // The last five days: the 17 cases opened now, and the five closed yesterday (opened 11 to 101 days ago).
    const recent = await supervisor.get(`/reports?from=${addDays(today, -5)}&to=${today}`);
    expect(recent.statusCode).toBe(200);
    expect(textOf(recent.body)).toMatch(/Cases opened 17 /);
    expect(textOf(recent.body)).toMatch(/Cases closed 5 /);
    // Until three days ago: only the five, opened then; none closed yet.
    const earlier = await supervisor.get(`/reports?from=${addDays(today, -200)}&to=${addDays(today, -3)}`);
    expect(textOf(earlier.body)).toMatch(/Cases opened 5 /);
    expect(textOf(earlier.body)).toMatch(/Cases closed 0 /);
    expect(tableOf(earlier.body, 'sectors').get('Construction')).toEqual(['5']);
  });
});

describe('anonymity', () => {
  it("has no name, alias, contact detail, note or free text in the coordinator's page or in any CSV", async () => {
    seedDesk();
    const pages = [await coordinator.get('/reports'), await coordinator.get(`/reports?cp=${d.ldn.id}`)];
    for (const p of pages) {
      expect(p.statusCode).toBe(200);
      for (const s of SECRETS) expect(p.body, s).not.toContain(s);
    }
    // The coordinator sees the network: London's 22 and Chicago's 6.
    expect(textOf(pages[0]!.body)).toMatch(/Cases opened 28 /);
    // Organisations may be named.
    expect(pages[0]!.body).toContain('Acme Staffing Ltd');
    for (const agent of [coordinator, supervisor]) {
      for (const id of tableIds) {
        const csv = await agent.get(`/reports/${id}.csv`);
        expect(csv.statusCode, id).toBe(200);
        for (const s of SECRETS) expect(csv.body, `${id}: ${s}`).not.toContain(s);
      }
    }
    // The supervisor's page too holds figures only.
    const own = (await supervisor.get('/reports')).body;
    for (const s of SECRETS) expect(own, s).not.toContain(s);
  });

  it('serves every table as a CSV attachment and audits each download', async () => {
    seedDesk();
    const res = await supervisor.get(`/reports/parties.csv?from=2026-01-01&to=2026-12-31&cp=${d.ldn.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="uniondesk-parties-2026-01-01-to-2026-12-31.csv"');
    expect(res.body).toBe('\uFEFFName,Kind,Cases opened,Cases opened suppressed\r\nAcme Staffing Ltd,Recruitment agency,6,false\r\n');
    const exports = t.db.select().from(auditLog).where(eq(auditLog.action, 'export')).all();
    expect(exports).toHaveLength(1);
    expect(exports[0]).toMatchObject({ userId: d.supervisor.id, targetType: 'report', targetId: 'parties', contactPointId: d.ldn.id });
    expect((await supervisor.get('/reports/nothing.csv')).statusCode).toBe(404);
  });
});

describe('who may see which report, and bad filters', () => {
  it("refuses a counsellor (403), another desk's report (403), and shows a case to no coordinator (404)", async () => {
    const desk = seedDesk();
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    expect((await counsellor.get('/reports')).statusCode).toBe(403);
    expect((await counsellor.get('/reports/sectors.csv')).statusCode).toBe(403);
    const admin = await signIn(t.app, 'admin@demo.test');
    expect((await admin.get('/reports')).statusCode).toBe(403);
    expect((await supervisor.get(`/reports?cp=${d.chi.id}`)).statusCode).toBe(403);
    expect((await supervisor.get(`/reports/sectors.csv?cp=${d.chi.id}`)).statusCode).toBe(403);
    expect((await coordinator.get(`/cases/${desk.care[0]!.id}`)).statusCode).toBe(404);
    expect(t.db.select().from(auditLog).where(eq(auditLog.targetType, 'report')).all().some((a) => a.action === 'permission_denied')).toBe(true);
  });

  it('shows the Reports entry to supervisors and coordinators only', async () => {
    expect((await supervisor.get('/')).body).toContain('href="/reports"');
    expect((await coordinator.get('/')).body).toContain('href="/reports"');
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    expect((await counsellor.get('/')).body).not.toContain('href="/reports"');
  });

  it('refuses unknown values and an inverted period with a message (422), and shows no figures', async () => {
    const cases_ = [
      ['from=2026-02-30', 'Enter a date as YYYY-MM-DD.'],
      // A wrong date with a good one: the period is not measured from it (that threw, 500).
      ['from=2026-02-30&to=2026-03-31', 'Enter a date as YYYY-MM-DD.'],
      ['from=sort&to=undefined', 'Enter a date as YYYY-MM-DD.'],
      ['from=yesterday', 'Enter a date as YYYY-MM-DD.'],
      ['from=2026-06-01&to=2026-01-01', 'The end of the period is before its start.'],
      ['from=1990-01-01&to=2026-01-01', 'Enter a date between 2000 and 2100.'],
      ['from=2001-01-01&to=2026-01-01', 'A report covers at most ten years.'],
      ['cp=abc', 'Choose a contact point from the list.'],
      ['cp=999999', 'Choose a contact point from the list.'],
    ] as const;
    for (const [query, message] of cases_) {
      const res = await coordinator.get(`/reports?${query}`);
      expect(res.statusCode, query).toBe(422);
      expect(textOf(res.body), query).toContain(message);
      expect(res.body, query).not.toContain('id="table-sectors"');
      // What was typed is shown again.
      if (query.startsWith('from=yesterday')) expect(res.body).toContain('value="yesterday"');
      expect((await coordinator.get(`/reports/sectors.csv?${query}`)).statusCode, query).toBe(422);
    }
  });
});

/** The cells of a CSV: fields split at commas outside quotes, quotes removed. */
const csvCells = (body: string) =>
  body
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((line) => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1]!.replace(/^"([\s\S]*)"$/, '$1').replaceAll('""', '"')));

/** The texts of an SVG's <text> elements, in order, unescaped. */
const svgTexts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replaceAll('&lt;', '<').replaceAll('&amp;', '&').trim());

describe('the dashboard', () => {
  it('puts the key figures first: opened, closed, median time to close and wages recovered', async () => {
    seedDesk();
    const res = await supervisor.get('/reports');
    const body = res.body;
    const keys = textOf(body.slice(body.indexOf('id="summary-heading"'), body.indexOf('id="table-months"')));
    expect(keys).toMatch(/Cases opened 22 /);
    expect(keys).toMatch(/Cases closed 5 /);
    expect(keys).toMatch(/Median time to close 30 days /);
    expect(keys).toMatch(/Wages recovered £5,000.00/);
    // Key figures come before any chart; each chart's table is behind a disclosure.
    expect(body.indexOf('id="summary-heading"')).toBeLessThan(body.indexOf('<svg'));
    const months = body.slice(body.indexOf('id="table-months"'), body.indexOf('</section>', body.indexOf('id="table-months"')));
    expect(months).toMatch(/<figure class="column-chart"[^>]*>\s*<svg[^>]*role="img"/);
    expect(months).toMatch(/<details class="report__data">\s*<summary>Show the figures as a table/);
  });

  it('filters by contact point for the coordinator, and every download link keeps the filter', async () => {
    seedDesk();
    const all = textOf((await coordinator.get('/reports')).body);
    const london = textOf((await coordinator.get(`/reports?cp=${d.ldn.id}`)).body);
    const chicago = (await coordinator.get(`/reports?cp=${d.chi.id}`)).body;
    expect(all).toMatch(/Cases opened 28 /);
    expect(london).toMatch(/Cases opened 22 /);
    expect(textOf(chicago)).toMatch(/Cases opened 6 /);
    // The filter's state is in the links: every download carries it.
    expect(chicago).toMatch(new RegExp(`href="/reports/sectors.csv\\?from=[-0-9]+&amp;to=[-0-9]+&amp;cp=${d.chi.id}"`));
    expect(chicago).toMatch(new RegExp(`href="/reports/charts/sectors.svg\\?from=[-0-9]+&amp;to=[-0-9]+&amp;cp=${d.chi.id}"`));
  });

  it('answers htmx with the dashboard alone (the filter and its figures), and a bad filter with it and a 422', async () => {
    seedDesk();
    const hx = { 'hx-request': 'true' };
    const ok = await supervisor.get('/reports?from=2026-01-01&to=2026-12-31', hx);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.vary).toContain('HX-Request');
    expect(ok.body).not.toContain('<html');
    expect(ok.body.trimStart()).toMatch(/^<div id="report-dashboard"/);
    expect(ok.body).toContain('id="table-sectors"');
    const bad = await supervisor.get('/reports?from=2026-06-01&to=2026-01-01', hx);
    expect(bad.statusCode).toBe(422);
    expect(bad.body).not.toContain('<html');
    expect(textOf(bad.body.slice(bad.body.indexOf('id="f-to-error"')))).toContain('The end of the period is before its start.');
    expect(bad.body).toContain('value="2026-06-01"');
    expect(bad.body).not.toContain('id="table-sectors"');
  });
});

describe('the CSV files', () => {
  it('have numbers in the number columns and suppression in a flag column beside each, never "<5" or "withheld"', async () => {
    seedDesk();
    for (const id of tableIds) {
      const rows = csvCells((await supervisor.get(`/reports/${id}.csv`)).body);
      const header = rows[0]!;
      for (const [i, heading] of header.entries()) {
        if (!heading.endsWith(' suppressed')) continue;
        // The flag follows its figure's column, named after it.
        expect(heading, id).toBe(`${header[i - 1]} suppressed`);
        for (const row of rows.slice(1)) {
          expect(['true', 'false'], `${id} ${row.join(',')}`).toContain(row[i]);
          if (row[i] === 'true') expect(row[i - 1], `${id} ${row.join(',')}`).toBe('');
          else expect(row[i - 1], `${id} ${row.join(',')}`).toMatch(/^\d+(\.\d\d)?$/);
        }
      }
      for (const row of rows) for (const cell of row) expect(['<5', 'withheld'], id).not.toContain(cell);
    }
  });

  it('write the months as YYYY-MM and amounts in major units', async () => {
    seedDesk();
    const months = csvCells((await supervisor.get('/reports/months.csv?from=2026-10-01&to=2026-11-30')).body);
    expect(months[0]).toEqual(['Month', 'Opened', 'Opened suppressed', 'Closed', 'Closed suppressed']);
    expect(months.map((r) => r[0])).toEqual(['Month', '2026-10', '2026-11', 'Total']);
    const wages = csvCells((await supervisor.get('/reports/wages.csv')).body);
    expect(wages[0]).toEqual(['Currency', 'Cases with a claim', 'Cases with a claim suppressed', 'Claimed', 'Claimed suppressed', 'Cases with money recovered', 'Cases with money recovered suppressed', 'Recovered', 'Recovered suppressed']);
    expect(wages[1]).toEqual(['GBP', '6', 'false', '600.00', 'false', '5', 'false', '5000.00', 'false']);
  });
});

describe('chart downloads', () => {
  it('serve each chart as an SVG attachment named with the period, drawn from the published figures only', async () => {
    seedDesk();
    const res = await supervisor.get(`/reports/charts/sectors.svg?from=2026-01-01&to=2026-12-31&cp=${d.ldn.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="uniondesk-sectors-2026-01-01-to-2026-12-31.svg"');
    expect(res.body).toMatch(/^<\?xml[^>]*>\s*<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // Heading and period, then each drawn row's label and figure as the table shows it: cleaning (6) stays withheld.
    const texts = svgTexts(res.body);
    expect(texts.slice(0, 2)).toEqual(['Cases opened by sector', '1 January 2026 to 31 December 2026 · Contact points: London Migrant Workers Desk']);
    expect(texts.slice(2)).toEqual(['Care', '7', 'Hospitality', '<5', 'Cleaning', 'withheld', 'Construction', '5', 'Other', '<5']);
    for (const s of SECRETS) expect(res.body).not.toContain(s);
    const exports = t.db.select().from(auditLog).where(eq(auditLog.action, 'export')).all();
    expect(exports.map((e) => e.targetId)).toEqual(['sectors.svg']);
  });

  it('serve the months as a column chart that writes what the table writes, and draws no withheld column', async () => {
    seedDesk();
    const page = tableOf((await supervisor.get('/reports')).body, 'months');
    page.delete('Total');
    const cells = [...page.values()].flat();
    const svg = (await supervisor.get('/reports/charts/months.svg')).body;
    const texts = svgTexts(svg);
    expect(texts).toContain('Cases opened and closed per month');
    for (const c of cells.filter((c) => c !== 'withheld')) expect(texts).toContain(c);
    expect(texts.filter((x) => x === '<5').length).toBe(cells.filter((c) => c === '<5').length);
    // One column per figure shown (zeros have no height); a withheld figure has none.
    const columns = [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"[^>]*><title>/g)].length;
    expect(columns).toBe(cells.filter((c) => c !== 'withheld' && c !== '0').length);
  });

  it('serve the same picture as a PNG at twice the size', async () => {
    seedDesk();
    const query = `from=2026-01-01&to=2026-12-31`;
    const svg = (await supervisor.get(`/reports/charts/sectors.svg?${query}`)).body;
    const res = await supervisor.get(`/reports/charts/sectors.png?${query}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-disposition']).toBe('attachment; filename="uniondesk-sectors-2026-01-01-to-2026-12-31.png"');
    const png = res.rawPayload;
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    const meta = await sharp(png).metadata();
    const width = Number(/width="(\d+)"/.exec(svg)![1]);
    expect(meta.width).toBe(width * 2);
    // Pixel for pixel the SVG's picture: the same figures, the same suppression.
    const fromSvg = await sharp(Buffer.from(svg), { density: 144 }).raw().toBuffer();
    expect((await sharp(png).raw().toBuffer()).equals(fromSvg)).toBe(true);
  });

  it('refuse a bad filter (422), a table without a chart or an unknown one (404), and another desk (403)', async () => {
    seedDesk();
    expect((await supervisor.get('/reports/charts/sectors.svg?from=2026-06-01&to=2026-01-01')).statusCode).toBe(422);
    expect((await supervisor.get('/reports/charts/sectors.png?from=yesterday')).statusCode).toBe(422);
    expect((await supervisor.get('/reports/charts/wages.svg')).statusCode).toBe(404);
    expect((await supervisor.get('/reports/charts/nothing.png')).statusCode).toBe(404);
    expect((await supervisor.get('/reports/charts/sectors.gif')).statusCode).toBe(404);
    expect((await supervisor.get(`/reports/charts/sectors.svg?cp=${d.chi.id}`)).statusCode).toBe(403);
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    expect((await counsellor.get('/reports/charts/sectors.svg')).statusCode).toBe(403);
  });
});
