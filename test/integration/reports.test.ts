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
    expect(csv).toContain('Hospitality,<5\r\n');
    expect(csv).toContain('Cleaning,withheld\r\n');
    expect(csv).toContain('Total,22\r\n');
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
    expect(res.body).toBe('\uFEFFName,Kind,Cases opened\r\nAcme Staffing Ltd,Recruitment agency,6\r\n');
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
