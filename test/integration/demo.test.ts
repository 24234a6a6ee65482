import { afterEach, describe, expect, it } from 'vitest';
import { caseStatuses, sectors } from '../../src/cases/catalogue.js';
import { seedDemo } from '../../src/demo/seed.js';
import { migrateDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { createTestApp, signIn, textOf, type TestApp } from '../helpers/app.js';

let t: TestApp | undefined;
const extra: Db[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
  for (const db of extra.splice(0)) db.$client.close();
});

/** A demo database seeded as if today were `now`. */
async function seeded(now: number) {
  t = await createTestApp({}, { seed: false });
  const started = performance.now();
  expect(await seedDemo(t.db, now)).toBe(true);
  return { db: t.db, ms: performance.now() - started };
}

type CaseRow = { id: number; reference: string; prefix: string; status: string; person_id: number | null; opened_at: number; closed_at: number | null; outcome: string | null; amount_recovered_minor: number | null; last_activity_at: number };
const all = <T>(db: Db, sql: string, ...params: unknown[]) => db.$client.prepare(sql).all(...params) as T[];
const casesOf = (db: Db) =>
  all<CaseRow>(db, 'select c.*, cp.ref_prefix as prefix from cases c join contact_points cp on cp.id = c.contact_point_id order by c.id');
const namingCount = (db: Db, name: string) => all<{ n: number }>(db, 'select count(*) as n from case_parties x join parties p on p.id = x.party_id where p.name = ?', name)[0]!.n;

// Ten weeks into a year, so that the ten months of demo history cross New Year.
const NOW = Date.UTC(2026, 2, 10, 12, 0);

describe('the demo data', () => {
  it('holds about sixty cases at both contact points, in every status, quickly', async () => {
    const { db, ms } = await seeded(NOW);
    expect(ms).toBeLessThan(3000);
    const cases = casesOf(db);
    expect(cases.length).toBeGreaterThanOrEqual(55);
    expect(cases.length).toBeLessThanOrEqual(65);
    const ldn = cases.filter((c) => c.prefix === 'LDN');
    const chi = cases.filter((c) => c.prefix === 'CHI');
    expect(ldn.length).toBeGreaterThanOrEqual(30);
    expect(chi.length).toBeGreaterThanOrEqual(20);
    for (const desk of [ldn, chi]) expect(new Set(desk.map((c) => c.status))).toEqual(new Set(caseStatuses));

    // Closed cases carry an outcome and a closing date; some recovered money.
    const closed = cases.filter((c) => c.status === 'closed');
    for (const c of closed) {
      expect(c.outcome, c.reference).not.toBeNull();
      expect(c.closed_at, c.reference).not.toBeNull();
    }
    expect(closed.filter((c) => (c.amount_recovered_minor ?? 0) > 0).length).toBeGreaterThanOrEqual(5);
    expect(new Set(closed.map((c) => c.outcome)).size).toBeGreaterThanOrEqual(6);

    const types = all<{ t: string }>(db, 'select distinct case_type as t from case_types');
    expect(types.length).toBeGreaterThanOrEqual(18);
    const usedSectors = all<{ s: string }>(db, 'select distinct sector as s from cases').map((r) => r.s);
    expect(new Set(usedSectors)).toEqual(new Set(sectors));
  });

  it('numbers the references in opening order, per contact point and year', async () => {
    const { db } = await seeded(NOW);
    const cases = casesOf(db);
    const groups = new Map<string, CaseRow[]>();
    for (const c of cases) {
      const [prefix, year] = c.reference.split('-');
      expect(prefix).toBe(c.prefix);
      groups.set(`${prefix}-${year}`, [...(groups.get(`${prefix}-${year}`) ?? []), c]);
    }
    // The history crosses New Year: both desks have cases of both years.
    expect([...groups.keys()].sort()).toEqual(['CHI-2025', 'CHI-2026', 'LDN-2025', 'LDN-2026']);
    for (const [key, group] of groups) {
      const byOpening = [...group].sort((a, b) => a.opened_at - b.opened_at);
      expect(
        byOpening.map((c) => c.reference),
        key,
      ).toEqual(byOpening.map((_, i) => `${key}-${String(i + 1).padStart(5, '0')}`));
    }
  });

  it('has parties that recur: one agency in exactly five cases, a care employer in three, a landlord in two', async () => {
    const { db } = await seeded(NOW);
    expect(namingCount(db, 'Bright Future Recruitment Ltd')).toBe(5);
    const desks = all<{ prefix: string; n: number }>(
      db,
      `select cp.ref_prefix as prefix, count(*) as n from case_parties x join parties p on p.id = x.party_id join cases c on c.id = x.case_id
       join contact_points cp on cp.id = c.contact_point_id where p.name = 'Bright Future Recruitment Ltd' group by 1 order by 1`,
    );
    expect(desks).toEqual([
      { prefix: 'CHI', n: 1 },
      { prefix: 'LDN', n: 4 },
    ]);
    expect(namingCount(db, 'Silverleaf Homecare Ltd')).toBe(3);
    expect(namingCount(db, 'Kensal Property Management Ltd')).toBe(2);
    // No other party is named as often as the agency.
    const top = all<{ n: number }>(db, 'select count(*) as n from case_parties group by party_id order by n desc limit 2');
    expect(top[1]!.n).toBeLessThan(5);
    // The case list's search finds the five cases by the agency's name.
    expect(all(db, `select rowid from case_search where case_search match '"Bright Future Recruitment"'`)).toHaveLength(5);
  });

  it('has people of many origins, aliases, safety flags, consents with and without sharing, and anonymous contacts', async () => {
    const { db } = await seeded(NOW);
    const people = all<{ id: number; name: string | null; alias: string | null; safety_flags: string; immigration_status: string }>(db, 'select * from people');
    const names = people.map((p) => p.name ?? '');
    for (const name of ['Łukasz Nowak', 'Ștefan Popescu', 'Nguyễn Văn Thành', 'Олена Коваленко', 'María José Hernández', 'Rahim Uddin', 'Joy Dela Cruz', 'Ayşe Çerkezoğlu'])
      expect(names).toContain(name);
    expect(people.filter((p) => p.name === null && p.alias).length).toBeGreaterThanOrEqual(2);
    expect(people.filter((p) => JSON.parse(p.safety_flags).length > 0).length).toBeGreaterThanOrEqual(8);
    expect(people.some((p) => JSON.parse(p.safety_flags).includes('employer_controls_phone'))).toBe(true);
    expect(new Set(people.map((p) => p.immigration_status)).size).toBeGreaterThanOrEqual(7);

    // Every person has a consent record; most agreed to everything, some not to sharing.
    const consents = all<{ person_id: number; scopes: string }>(db, 'select person_id, scopes from consents');
    expect(new Set(consents.map((c) => c.person_id))).toEqual(new Set(people.map((p) => p.id)));
    const sharing = consents.filter((c) => JSON.parse(c.scopes).includes('share_with_partners')).length;
    expect(sharing).toBeGreaterThan(consents.length / 2);
    expect(consents.length - sharing).toBeGreaterThanOrEqual(3);

    const anonymous = casesOf(db).filter((c) => c.person_id === null);
    expect(anonymous.length).toBeGreaterThanOrEqual(2);
    expect(anonymous.length).toBeLessThanOrEqual(3);
    for (const c of anonymous) expect(c.outcome).toBe('advice_given');
  });

  it('has lived-in timelines: notes (some restricted), calls, meetings and status changes in the past, consistent with each case', async () => {
    const { db } = await seeded(NOW);
    const kinds = all<{ kind: string; n: number }>(db, 'select kind, count(*) as n from case_events group by kind');
    const count = Object.fromEntries(kinds.map((k) => [k.kind, k.n]));
    expect(count.note).toBeGreaterThanOrEqual(40);
    expect(count.call).toBeGreaterThanOrEqual(10);
    expect(count.meeting).toBeGreaterThanOrEqual(30);
    expect(count.party_change).toBeGreaterThanOrEqual(40);
    expect(count.assignment).toBeGreaterThanOrEqual(1);
    const restricted = all<{ n: number }>(db, "select count(*) as n from case_events where kind = 'note' and restricted = 1")[0]!.n;
    expect(restricted).toBeGreaterThanOrEqual(3);

    for (const c of casesOf(db)) {
      const events = all<{ at: number; kind: string; data: string | null }>(db, 'select at, kind, data from case_events where case_id = ? order by at, id', c.id);
      expect(events[0]!.at, c.reference).toBe(c.opened_at);
      for (const e of events) expect(e.at, c.reference).toBeLessThan(NOW);
      expect(c.last_activity_at, c.reference).toBe(events.at(-1)!.at);
      const statusChanges = events.filter((e) => e.kind === 'status_change').map((e) => JSON.parse(e.data!) as { to: string });
      expect(statusChanges.at(-1)!.to, c.reference).toBe(c.status);
    }
    // Spread over months, not all on one day.
    const months = all<{ m: string }>(db, "select distinct strftime('%Y-%m', at / 1000, 'unixepoch') as m from case_events");
    expect(months.length).toBeGreaterThanOrEqual(9);
  });

  it('is the same every time it is seeded', async () => {
    const { db } = await seeded(NOW);
    const other = openDatabase(':memory:');
    extra.push(other);
    migrateDatabase(other);
    await seedDemo(other, NOW);
    const snapshot = (d: Db) =>
      all(d, 'select c.reference, e.kind, e.at, e.body, e.restricted, e.data from case_events e join cases c on c.id = e.case_id order by e.id').map((r) =>
        JSON.stringify(r).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'user'),
      );
    expect(snapshot(other)).toEqual(snapshot(db));
    // Seeding a database that already has users does nothing.
    expect(await seedDemo(db, NOW)).toBe(false);
    expect(casesOf(db)).toHaveLength(casesOf(other).length);
  });

  it('shows the recurring agency to a London counsellor: five cases counted, the four London ones listed', async () => {
    t = await createTestApp({}, { seed: 'demo' });
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    const agency = all<{ id: number }>(t.db, "select id from parties where name = 'Bright Future Recruitment Ltd'")[0]!;
    const page = await counsellor.get(`/parties/${agency.id}`);
    const text = textOf(page.body);
    expect(text).toContain('Named in 5 cases across all contact points');
    expect(text).toContain('4 of them are at your contact point');
    expect(page.body.match(/LDN-\d{4}-\d{5}/g)).toHaveLength(4);
    expect(page.body).not.toMatch(/CHI-\d{4}-\d{5}/);
    // It heads the register.
    const register = textOf((await counsellor.get('/parties')).body);
    expect(register).toMatch(/Cases Bright Future Recruitment Ltd Recruitment agency United Kingdom Care Named in 5 cases/);
  });
});
