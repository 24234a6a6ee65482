import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/auth/policy.js';
import { caseStatuses, sectors } from '../../src/cases/catalogue.js';
import { dashboardDeadlines } from '../../src/deadlines/deadlines.service.js';
import { seedDemo } from '../../src/demo/seed.js';
import { migrateDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { referralPanel } from '../../src/referrals/referrals.service.js';
import { createTestApp, signIn, textOf, type TestApp } from '../helpers/app.js';
import { TestClock } from '../helpers/clock.js';

let t: TestApp | undefined;
const extra: Db[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
  for (const db of extra.splice(0)) db.$client.close();
});

/** A demo database seeded as if today were `now`. */
async function seeded(now: number) {
  t = await createTestApp({}, { seed: false, clock: new TestClock(now) });
  expect(await seedDemo(t.db, now)).toBe(true);
  return { db: t.db };
}

type CaseRow = { id: number; reference: string; prefix: string; status: string; person_id: number | null; opened_at: number; closed_at: number | null; outcome: string | null; amount_recovered_minor: number | null; last_activity_at: number };
const all = <T>(db: Db, sql: string, ...params: unknown[]) => db.$client.prepare(sql).all(...params) as T[];
const casesOf = (db: Db) =>
  all<CaseRow>(db, 'select c.*, cp.ref_prefix as prefix from cases c join contact_points cp on cp.id = c.contact_point_id order by c.id');
const namingCount = (db: Db, name: string) => all<{ n: number }>(db, 'select count(*) as n from case_parties x join parties p on p.id = x.party_id where p.name = ?', name)[0]!.n;

// Ten weeks into a year, so that the ten months of demo history cross New Year.
const NOW = Date.UTC(2026, 2, 10, 12, 0);

describe('the demo data', () => {
  it('holds about sixty cases at both contact points, in every status', async () => {
    const { db } = await seeded(NOW);
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
    // A case handed to another desk keeps the reference of the desk that opened it.
    const openedAt = new Map(
      all<{ case_id: number; prefix: string }>(db, "select t.case_id, cp.ref_prefix as prefix from transfers t join contact_points cp on cp.id = t.from_contact_point_id where t.status = 'accepted'").map((t) => [t.case_id, t.prefix]),
    );
    expect(openedAt.size).toBe(1);
    const groups = new Map<string, CaseRow[]>();
    for (const c of cases) {
      const [prefix, year] = c.reference.split('-');
      expect(prefix).toBe(openedAt.get(c.id) ?? c.prefix);
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

/** A demo login as the policy sees it. */
function actorOf(db: Db, email: string): Actor {
  const user = all<{ id: string; role: Actor['role'] }>(db, 'select id, role from users where email = ?', email)[0]!;
  return { ...user, contactPointIds: all<{ id: number }>(db, 'select contact_point_id as id from user_contact_points where user_id = ?', user.id).map((r) => r.id) };
}

/** The items of one panel of the dashboard's deadlines card (overdue, today, week, month). */
function panel(html: string, window: string): { items: number; text: string } {
  const section = new RegExp(`<section aria-labelledby="dl-${window}-h">([\\s\\S]*?)</section>`).exec(html);
  expect(section, window).not.toBeNull();
  return { items: (section![1]!.match(/<li>/g) ?? []).length, text: textOf(section![1]!) };
}

describe('the demo desks at work', () => {
  it('shows each counsellor an overdue deadline, one due within the week and several within the month', async () => {
    t = await createTestApp({}, { seed: 'demo' });
    const desks = [
      { email: 'counsellor@demo.test', prefix: 'LDN', other: 'CHI', overdue: 'Chase the agency for the security-check timesheets', soon: 'Employer’s reply to the letter before claim due' },
      { email: 'counsellor2@demo.test', prefix: 'CHI', other: 'LDN', overdue: 'File the misclassification complaint with IDOL', soon: 'Chase the agency for pay stubs' },
    ];
    for (const desk of desks) {
      const page = await (await signIn(t.app, desk.email)).get('/');
      expect(page.statusCode).toBe(200);
      const overdue = panel(page.body, 'overdue');
      const today = panel(page.body, 'today');
      const week = panel(page.body, 'week');
      const month = panel(page.body, 'month');
      expect(overdue.items, desk.email).toBeGreaterThanOrEqual(1);
      expect(overdue.text).toContain(desk.overdue);
      expect(today.items + week.items, desk.email).toBeGreaterThanOrEqual(1);
      expect(today.text + week.text).toContain(desk.soon);
      expect(month.items, desk.email).toBeGreaterThanOrEqual(3);
      // Only the counsellor's own desk's cases, each with a reference to open.
      const listed = [overdue, today, week, month].map((p) => p.text).join(' ');
      expect(listed).toMatch(new RegExp(`${desk.prefix}-\\d{4}-\\d{5}`));
      expect(listed).not.toMatch(new RegExp(`${desk.other}-\\d{4}-\\d{5}`));
    }
  });

  it('has referral follow-ups overdue on the dashboard, referrals in every state, and sends only with consent to share', async () => {
    t = await createTestApp({}, { seed: 'demo' });
    const london = textOf((await (await signIn(t.app, 'counsellor@demo.test')).get('/')).body);
    expect(london).toMatch(/Referral follow-ups overdue LDN-\d{4}-\d{5} · JCWI – Joint Council for the Welfare of Immigrants, follow up was due .+ Follow-up overdue/);
    const chicago = textOf((await (await signIn(t.app, 'counsellor2@demo.test')).get('/')).body);
    expect(chicago).toMatch(/CHI-\d{4}-\d{5} · Legal Aid Chicago, follow up was due .+ Follow-up overdue/);

    const referrals = all<{ status: string; consent_id: number | null; scopes: string | null; person: number; sharing: string }>(
      t.db,
      `select r.status, r.consent_id, k.scopes, c.person_id as person, (select scopes from consents x where x.person_id = c.person_id order by x.id desc limit 1) as sharing
       from referrals r join cases c on c.id = r.case_id left join consents k on k.id = r.consent_id`,
    );
    expect(referrals.length).toBeGreaterThanOrEqual(5);
    expect(referrals.length).toBeLessThanOrEqual(9);
    expect(new Set(referrals.map((r) => r.status))).toEqual(new Set(['draft', 'sent', 'accepted', 'completed', 'declined']));
    for (const r of referrals.filter((r) => r.status !== 'draft')) expect(JSON.parse(r.scopes!)).toContain('share_with_partners');
    // The one waiting as a draft is for a worker who has not agreed to sharing yet.
    const drafts = referrals.filter((r) => r.status === 'draft');
    expect(drafts).toHaveLength(1);
    expect(JSON.parse(drafts[0]!.sharing)).not.toContain('share_with_partners');
    // London referred to JCWI (immigration advice) and to a legal aid partner; Chicago to US partners.
    const partnersUsed = all<{ desk: string; partner: string; kind: string; country: string }>(
      t.db,
      `select distinct cp.ref_prefix as desk, p.name as partner, p.kind, p.country from referrals r join cases c on c.id = r.case_id
       join contact_points cp on cp.id = c.contact_point_id join partners p on p.id = r.partner_id`,
    );
    expect(partnersUsed.filter((p) => p.desk === 'LDN').map((p) => p.kind)).toEqual(expect.arrayContaining(['immigration_advice', 'legal_aid']));
    expect(partnersUsed.some((p) => p.desk === 'LDN' && p.partner.startsWith('JCWI'))).toBe(true);
    for (const p of partnersUsed) expect(p.country).toBe(p.desk === 'LDN' ? 'GB' : 'US');
  });

  it('has a transfer from Chicago waiting for the London supervisor, and one accepted earlier that moved a case', async () => {
    t = await createTestApp({}, { seed: 'demo' });
    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    const home = await supervisor.get('/');
    expect(textOf(home.body)).toMatch(/Transfers to decide CHI-\d{4}-\d{5} from Chicago Worker Center/);
    const link = /href="\/transfers\/(\d+)"/.exec(home.body);
    expect(link).not.toBeNull();
    const decide = await supervisor.get(`/transfers/${link![1]}`);
    expect(decide.statusCode).toBe(200);
    expect(textOf(decide.body)).toContain('Homes for Ukraine');
    // Not the Chicago supervisor's to decide.
    expect(textOf((await (await signIn(t.app, 'supervisor2@demo.test')).get('/')).body)).not.toContain('Transfers to decide');

    // The accepted one: a London case now worked in Chicago, out of London's sight.
    const moved = all<{ id: number; reference: string; desk: string }>(
      t.db,
      `select c.id, c.reference, cp.ref_prefix as desk from transfers t join cases c on c.id = t.case_id join contact_points cp on cp.id = c.contact_point_id where t.status = 'accepted'`,
    );
    expect(moved).toHaveLength(1);
    expect(moved[0]!.reference).toMatch(/^LDN-/);
    expect(moved[0]!.desk).toBe('CHI');
    expect((await (await signIn(t.app, 'counsellor2@demo.test')).get(`/cases/${moved[0]!.id}`)).statusCode).toBe(200);
    expect((await (await signIn(t.app, 'counsellor@demo.test')).get(`/cases/${moved[0]!.id}`)).statusCode).toBe(404);
  });

  it('has generated letters: a letter before claim in two versions, a worker summary and the sent referral letters, each with its own hash', async () => {
    t = await createTestApp({}, { seed: 'demo' });
    const docs = all<{ id: number; case_id: number; kind: string; version: number; sha256: string; pdf: Buffer }>(t.db, 'select id, case_id, kind, version, sha256, pdf from documents order by id');
    const lbc = docs.filter((d) => d.kind === 'letter_before_claim');
    expect(lbc.map((d) => d.version)).toEqual([1, 2]);
    expect(lbc[0]!.case_id).toBe(lbc[1]!.case_id);
    expect(docs.filter((d) => d.kind === 'worker_summary')).toHaveLength(1);
    const sent = all<{ n: number }>(t.db, "select count(*) as n from referrals where status <> 'draft'")[0]!.n;
    expect(docs.filter((d) => d.kind === 'referral')).toHaveLength(sent);
    expect(new Set(docs.map((d) => d.sha256)).size).toBe(docs.length);
    for (const d of docs) {
      expect(d.pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(createHash('sha256').update(d.pdf).digest('hex')).toBe(d.sha256);
    }
    // The counsellor downloads the second version exactly as stored.
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    const download = await counsellor.get(`/cases/${lbc[1]!.case_id}/documents/${lbc[1]!.id}/download`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toMatch(/LDN-\d{4}-\d{5}-letter-before-claim-v2\.pdf/);
    expect(createHash('sha256').update(download.rawPayload).digest('hex')).toBe(lbc[1]!.sha256);
  });

  it('writes every change as the app does: a timeline event and an audit entry each, all in the past', async () => {
    const { db } = await seeded(NOW);
    const events = all<{ kind: string; action: string | null; at: number }>(db, "select kind, json_extract(data, '$.action') as action, at from case_events where kind in ('deadline_change', 'referral_change', 'transfer', 'letter_generated')");
    for (const e of events) expect(e.at).toBeLessThan(NOW);
    const count = (sql: string) => all<{ n: number }>(db, sql)[0]!.n;
    expect(events.filter((e) => e.action === 'confirmed' || e.action === 'added')).toHaveLength(count('select count(*) as n from deadlines'));
    expect(count("select count(*) as n from audit_log where target_type = 'deadline' and action = 'create'")).toBe(count('select count(*) as n from deadlines'));
    expect(events.filter((e) => e.kind === 'letter_generated')).toHaveLength(count('select count(*) as n from documents'));
    expect(count("select count(*) as n from audit_log where action = 'letter'")).toBe(count('select count(*) as n from documents'));
    expect(events.filter((e) => e.kind === 'referral_change').length).toBeGreaterThanOrEqual(count('select count(*) as n from referrals'));
    // Trigger dates entered, some with ACAS early conciliation; deadlines met, missed and recomputed.
    const fields = all<{ field: string }>(db, 'select distinct field from case_trigger_dates').map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['last_deduction_date', 'acas_day_a', 'acas_day_b', 'visa_expiry', 'wages_due_date']));
    const statuses = all<{ status: string }>(db, 'select distinct status from deadlines').map((s) => s.status);
    expect(statuses).toEqual(expect.arrayContaining(['open', 'done', 'missed']));
    expect(events.some((e) => e.action === 'recomputed')).toBe(true);
    expect(count("select count(*) as n from deadlines where source = 'manual'")).toBeGreaterThanOrEqual(3);
  });

  it('keeps the dashboards full whatever day the demo is seeded on', async () => {
    // A Tuesday in winter, a Sunday evening in summer time, and New Year's Day in Chicago (2 January in London).
    for (const now of [NOW, Date.UTC(2026, 5, 14, 20, 30), Date.UTC(2027, 0, 2, 3, 0)]) {
      const db = openDatabase(':memory:');
      extra.push(db);
      migrateDatabase(db);
      await seedDemo(db, now);
      const when = new Date(now).toISOString();
      for (const email of ['counsellor@demo.test', 'counsellor2@demo.test']) {
        const panels = dashboardDeadlines(db, actorOf(db, email), now)!;
        expect(panels.overdue.length, `${email} ${when}`).toBeGreaterThanOrEqual(1);
        expect(panels.today.length + panels.week.length, `${email} ${when}`).toBeGreaterThanOrEqual(1);
        expect(panels.month.length, `${email} ${when}`).toBeGreaterThanOrEqual(3);
        expect(referralPanel(db, actorOf(db, email), now)!.overdue.length, `${email} ${when}`).toBeGreaterThanOrEqual(1);
      }
      expect(referralPanel(db, actorOf(db, 'supervisor@demo.test'), now)!.transfers, when).toHaveLength(1);
    }
  });
});
