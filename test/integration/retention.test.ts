import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendEvent } from '../../src/cases/cases.service.js';
import { insertDocument } from '../../src/documents/documents.repo.js';
import { partners } from '../../src/partners/partners.table.js';
import { referrals } from '../../src/referrals/referrals.table.js';
import { runRetention, startRetentionScheduler } from '../../src/retention/retention.service.js';
import { Agent, createTestApp, signIn, textOf, versionOnPage, type TestApp } from '../helpers/app.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';
import { cleanEnv } from '../helpers/env.js';

let t: TestApp;
let d: ReturnType<typeof demo>;
let admin: Agent;
let supervisor: Agent;

afterEach(async () => {
  await t.close();
});

const one = <T>(sql: string, ...args: unknown[]) => t.db.$client.prepare(sql).get(...args) as T;

describe('retention periods (the administrator’s page)', () => {
  beforeEach(async () => {
    t = await createTestApp();
    d = demo(t.db);
    admin = await signIn(t.app, 'admin@demo.test');
  });

  it('lists every case type with its documented default, and saves a change (audited)', async () => {
    const page = textOf((await admin.get('/admin/retention')).body);
    expect(page).toMatch(/Wage theft \/ unpaid wages 72 months 72 months Limitation Act 1980 s\.5/);
    expect(page).toMatch(/Information and advice only 12 months 12 months/);
    const form = await admin.get('/admin/retention/information_only');
    const res = await admin.post('/admin/retention/information_only', { months: '18', version: versionOnPage(form.body) });
    expect(res.statusCode).toBe(303);
    const after = textOf((await admin.get(res.headers.location as string)).body);
    expect(after).toContain('The retention period has been saved.');
    expect(after).toMatch(/Information and advice only 18 months 12 months/);
    expect(one('select months, updated_by as by from retention_periods where case_type = ?', 'information_only')).toEqual({ months: 18, by: d.admin.id });
    expect(one(`select fields, target_id as id from audit_log where target_type = 'retention'`)).toEqual({ fields: '["months"]', id: 'information_only' });
  });

  it('re-renders bad input with its message (422) and refuses a stale form (409), saving nothing', async () => {
    const form = await admin.get('/admin/retention/wage_theft');
    const version = versionOnPage(form.body);
    for (const [months, message] of [['6y', 'Enter a whole number of months'], ['0', 'Enter between 1 and 1200 months.'], ['', 'Fill this in.']] as const) {
      const bad = await admin.post('/admin/retention/wage_theft', { months, version });
      expect(bad.statusCode).toBe(422);
      expect(textOf(bad.body)).toContain(message);
      if (months) expect(bad.body).toContain(`value="${months}"`);
    }
    expect(one('select count(*) as n from retention_periods')).toEqual({ n: 0 });
    // Two tabs open at the default: the first save wins, the second is shown the change.
    expect((await admin.post('/admin/retention/wage_theft', { months: '120', version })).statusCode).toBe(303);
    const stale = await admin.post('/admin/retention/wage_theft', { months: '96', version });
    expect(stale.statusCode).toBe(409);
    expect(textOf(stale.body)).toContain('120');
    expect(one('select months from retention_periods where case_type = ?', 'wage_theft')).toEqual({ months: 120 });
    expect((await admin.get('/admin/retention/no_such_type')).statusCode).toBe(404);
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    expect((await counsellor.get('/admin/retention')).statusCode).toBe(403);
  });

  it('lists what falls due in the next 30 days, held cases marked', async () => {
    const closedAt = Date.parse('2025-12-10T12:00:00Z');
    const due = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, caseTypes: ['information_only'], status: 'closed', closedAt });
    const held = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, caseTypes: ['information_only'], status: 'closed', closedAt });
    t.db.$client.prepare('update cases set legal_hold_since = ?, legal_hold_by = ?, legal_hold_reason = ? where id = ?').run(t.clock.now(), d.supervisor.id, 'Claim', held.id);
    const later = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, caseTypes: ['wage_theft'], status: 'closed', closedAt });
    const notDue = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, caseTypes: ['information_only'], status: 'closed', closedAt: Date.parse('2026-01-10T12:00:00Z') });
    const page = textOf((await admin.get('/admin/retention')).body);
    expect(page).toContain(`${due.reference} Information and advice only 10 Dec 2025 10 Dec 2026 —`);
    expect(page).toContain(`${held.reference} Information and advice only 10 Dec 2025 10 Dec 2026 On hold: kept`);
    expect(page).not.toContain(later.reference);
    expect(page).not.toContain(notDue.reference);
    expect(page).toContain('The retention job has not run yet.');
  });
});

describe('legal hold', () => {
  beforeEach(async () => {
    t = await createTestApp();
    d = demo(t.db);
    supervisor = await signIn(t.app, 'supervisor@demo.test');
  });

  it('is set and lifted by a supervisor with a reason, shown on the case and audited without the reason', async () => {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, status: 'closed', closedAt: t.clock.now() });
    expect(textOf((await supervisor.get(`/cases/${kase.id}`)).body)).toContain('Not on legal hold');
    const empty = await supervisor.post(`/cases/${kase.id}/legal-hold`, { hold: 'set', reason: '  ', version: versionOnPage((await supervisor.get(`/cases/${kase.id}/legal-hold`)).body) });
    expect(empty.statusCode).toBe(422);
    expect(textOf(empty.body)).toContain('Fill this in.');
    const set = await supervisor.post(`/cases/${kase.id}/legal-hold`, { hold: 'set', reason: 'Tribunal claim 2201234/2026 pending.', version: versionOnPage((await supervisor.get(`/cases/${kase.id}/legal-hold`)).body) });
    expect(set.statusCode).toBe(303);
    const page = textOf((await supervisor.get(set.headers.location as string)).body);
    expect(page).toContain('The case is on legal hold');
    expect(page).toContain('On legal hold since 24 Nov 2026, set by Grace Okafor.');
    expect(page).toContain('Tribunal claim 2201234/2026 pending.');
    expect(page).toContain('Grace Okafor put the case on legal hold');
    const audit = t.db.$client.prepare(`select fields from audit_log where target_type = 'case' and action = 'update'`).all();
    expect(audit).toEqual([{ fields: '["legalHold"]' }]);
    expect(JSON.stringify(t.db.$client.prepare('select * from audit_log').all())).not.toContain('Tribunal');

    const lift = await supervisor.post(`/cases/${kase.id}/legal-hold`, { hold: 'clear', reason: 'The claim was settled.', version: versionOnPage((await supervisor.get(`/cases/${kase.id}/legal-hold`)).body) });
    expect(lift.statusCode).toBe(303);
    expect(textOf((await supervisor.get(`/cases/${kase.id}`)).body)).toContain('Grace Okafor lifted the legal hold');
    expect(one('select legal_hold_since as since from cases where id = ?', kase.id)).toEqual({ since: null });
  });

  it('is refused to a counsellor (no button, 403) and from a stale page (409)', async () => {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, status: 'open' });
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    expect((await counsellor.get(`/cases/${kase.id}`)).body).not.toContain(`/cases/${kase.id}/legal-hold`);
    expect((await counsellor.get(`/cases/${kase.id}/legal-hold`)).statusCode).toBe(403);
    const version = versionOnPage((await supervisor.get(`/cases/${kase.id}/legal-hold`)).body);
    t.db.$client.prepare('update cases set version = version + 1 where id = ?').run(kase.id);
    const stale = await supervisor.post(`/cases/${kase.id}/legal-hold`, { hold: 'set', reason: 'Prosecution may need the file.', version });
    expect(stale.statusCode).toBe(409);
    expect(textOf(stale.body)).toContain('The case changed since you opened this page');
    expect(stale.body).toContain('Prosecution may need the file.');
    expect(one('select legal_hold_since as since from cases where id = ?', kase.id)).toEqual({ since: null });
  });
});

describe('the retention job', () => {
  beforeEach(async () => {
    t = await createTestApp();
    d = demo(t.db);
    admin = await signIn(t.app, 'admin@demo.test');
  });

  function closedCase(name: string, over: Parameters<typeof makeCase>[1] extends infer O ? Partial<O> : never = {}) {
    const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name, phone: '+44 7700 900777', nationality: 'PL' });
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id, caseTypes: ['information_only'], status: 'closed', closedAt: t.clock.now(), summary: `Advice given to ${name}.`, ...over });
    t.db.transaction((tx) => appendEvent(tx, { caseId: kase.id, userId: d.counsellor.id, kind: 'note', body: `${name} asked about holiday pay.` }, t.clock.now()));
    return { person, kase };
  }

  it('anonymises closed cases once their period has passed (clock moved), keeps held ones and people with a live case', async () => {
    const a = closedCase('Aurelio Dueperson');
    const pdf = Buffer.from('%PDF-1.4 letter to Aurelio Dueperson');
    t.db.transaction((tx) => insertDocument(tx, { caseId: a.kase.id, kind: 'letter_before_claim', template: 'letter_before_claim@1', language: 'en', version: 1, snapshot: { name: 'Aurelio Dueperson' }, sha256: createHash('sha256').update(pdf).digest('hex'), pdf, byteSize: pdf.length, pageCount: 1, createdAt: t.clock.now(), createdBy: d.counsellor.id }));
    const partner = t.db.insert(partners).values({ name: 'Test Advice', kind: 'immigration_advice', country: 'GB', languages: ['en'], services: [], createdAt: t.clock.now(), updatedAt: t.clock.now() }).returning().get();
    t.db.insert(referrals).values({ caseId: a.kase.id, partnerId: partner.id, status: 'accepted', reason: 'Aurelio needs visa advice', request: 'Call Aurelio', sharedFields: [], createdAt: t.clock.now(), updatedAt: t.clock.now(), sentAt: t.clock.now() }).run();
    const b = closedCase('Bettina Staysperson');
    const live = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: b.person.id, caseTypes: ['wage_theft'], status: 'open' });
    const c = closedCase('Cosimo Heldperson');
    t.db.$client.prepare('update cases set legal_hold_since = ?, legal_hold_by = ?, legal_hold_reason = ? where id = ?').run(t.clock.now(), d.supervisor.id, 'Prosecution', c.kase.id);

    // Within the period: nothing happens.
    expect((await runRetention(t.db, t.clock.now(), { source: 'schedule' })).cases).toEqual([]);
    expect(one('select count(*) as n from cases where anonymised_at is not null')).toEqual({ n: 0 });

    t.clock.set('2027-11-24T06:00:00Z');
    const report = await runRetention(t.db, t.clock.now(), { source: 'schedule' });
    expect(report.cases.map((x) => [x.reference, x.person]).sort()).toEqual([[a.kase.reference, 'anonymised'], [b.kase.reference, 'kept']].sort());
    expect(report.held).toEqual([{ reference: c.kase.reference, dueOn: '2027-11-24' }]);

    expect(one('select summary, anonymised_for as why from cases where id = ?', a.kase.id)).toEqual({ summary: '', why: 'retention' });
    expect(t.db.$client.prepare('select body from case_events where case_id = ? and body is not null').all(a.kase.id)).toEqual([]);
    expect(one('select length(pdf) as n, snapshot, sha256 from documents where case_id = ?', a.kase.id)).toEqual({ n: 0, snapshot: '{}', sha256: createHash('sha256').update(pdf).digest('hex') });
    expect(one('select reason, request, status from referrals where case_id = ?', a.kase.id)).toEqual({ reason: '', request: '', status: 'accepted' });
    expect(one('select name, phone, nationality, anonymised_for as why from people where id = ?', a.person.id)).toEqual({ name: null, phone: null, nationality: 'PL', why: 'retention' });
    expect(one('select name from people where id = ?', b.person.id)).toEqual({ name: 'Bettina Staysperson' });
    expect(one('select summary, anonymised_at as at from cases where id = ?', live.id)).toEqual({ summary: 'Unpaid wages for six weeks.', at: null });
    expect(one('select summary, anonymised_at as at from cases where id = ?', c.kase.id)).toEqual({ summary: 'Advice given to Cosimo Heldperson.', at: null });
    // Found by search no more; the audit says what, by field name, done by the system.
    expect(t.db.$client.prepare(`select rowid from case_search where case_search match 'aurelio OR dueperson'`).all()).toEqual([]);
    expect(one(`select count(*) as n from audit_log where action = 'anonymise' and user_id is null`)).toEqual({ n: 3 });
    expect(JSON.stringify(t.db.$client.prepare('select * from audit_log').all())).not.toContain('Aurelio');

    // Sessions have long expired on the moved clock: sign in again.
    admin = await signIn(t.app, 'admin@demo.test');
    const page = textOf((await admin.get('/admin/retention')).body);
    expect(page).toContain('2 cases anonymised, 1 person record anonymised, 1 case kept on legal hold.');
    expect(page).toContain('2 cases anonymised so far.');
    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    const casePage = await supervisor.get(`/cases/${a.kase.id}`);
    expect(textOf(casePage.body)).toContain('The case content was anonymised: its retention period ended');
    expect(casePage.body).not.toContain(`/cases/${a.kase.id}/edit`);
    expect((await supervisor.get(`/cases/${a.kase.id}/legal-hold`)).statusCode).toBe(409);
    // The person keeps their record for their live case, but the anonymised case no longer names them.
    const kept = textOf((await supervisor.get(`/cases/${b.kase.id}`)).body);
    expect(kept).toContain('Anonymised record');
    expect(kept).not.toContain('Bettina');
    const list = textOf((await supervisor.get('/cases?status=closed')).body);
    expect(list).toContain(b.kase.reference);
    expect(list).not.toContain('Bettina');
    // A second run the same day finds nothing more to do.
    expect((await runRetention(t.db, t.clock.now(), { source: 'schedule' })).cases).toEqual([]);
    const runs = textOf((await admin.get('/admin/retention')).body);
    expect(runs).toMatch(/0 cases anonymised, 0 person records anonymised, 1 case kept on legal hold\. \(daily run\) .*2 cases anonymised, 1 person record anonymised/);
  });

  it('follows the administrator’s period (the longest of a case’s types)', async () => {
    const a = closedCase('Dorotea Twotypes', { caseTypes: ['information_only', 'wage_theft'] });
    t.clock.set('2027-12-01T06:00:00Z');
    expect((await runRetention(t.db, t.clock.now(), { source: 'schedule' })).cases).toEqual([]);
    admin = await signIn(t.app, 'admin@demo.test');
    const form = await admin.get('/admin/retention/wage_theft');
    expect((await admin.post('/admin/retention/wage_theft', { months: '6', version: versionOnPage(form.body) })).statusCode).toBe(303);
    const report = await runRetention(t.db, t.clock.now(), { source: 'schedule' });
    expect(report.cases.map((x) => x.reference)).toEqual([a.kase.reference]);
  });

  it('runs once a day in the server, on the app’s clock', async () => {
    const a = closedCase('Elvira Scheduled');
    t.clock.set('2027-11-25T06:00:00Z');
    const scheduler = startRetentionScheduler(t.db, { clock: t.clock, firstAfterMs: 0, checkEveryMs: 20 });
    try {
      await expect.poll(() => one<{ n: number }>('select count(*) as n from retention_runs').n, { timeout: 20_000 }).toBe(1);
    } finally {
      scheduler.stop();
    }
    expect(one('select summary, anonymised_for as why from cases where id = ?', a.kase.id)).toEqual({ summary: '', why: 'retention' });
    expect(one('select source, cases, people from retention_runs')).toEqual({ source: 'schedule', cases: 1, people: 1 });
  });
});

describe('anonymised statistics', () => {
  it('give exactly the same figures before and after retention anonymises every closed case', async () => {
    t = await createTestApp({}, { seed: 'demo' });
    const ids = ['months', 'case-types', 'sectors', 'nationalities', 'jurisdictions', 'outcomes', 'wages', 'referrals', 'closure-time', 'parties'];
    const period = 'from=2024-01-01&to=2026-11-30';
    const figures = async () => {
      const coordinator = await signIn(t.app, 'coordinator@demo.test');
      const supervisor = await signIn(t.app, 'supervisor@demo.test');
      const out: Record<string, string> = {};
      for (const agent of [coordinator, supervisor]) {
        const who = agent === coordinator ? 'network' : 'ldn';
        for (const id of ids) out[`${who}/${id}`] = (await agent.get(`/reports/${id}.csv?${period}`)).body;
        const page = textOf((await agent.get(`/reports?${period}`)).body);
        out[`${who}/page`] = page.slice(page.indexOf('Cases opened'));
      }
      return out;
    };
    const before = await figures();
    expect(before['network/outcomes']).toMatch(/\d/);
    const closed = one<{ n: number }>(`select count(*) as n from cases where status = 'closed'`).n;
    expect(closed).toBeGreaterThan(5);

    t.clock.set('2033-06-01T06:00:00Z');
    const report = await runRetention(t.db, t.clock.now(), { source: 'schedule' });
    expect(report.cases.length).toBe(closed);
    expect(one(`select count(*) as n from cases where status = 'closed' and (anonymised_at is null or summary <> '')`)).toEqual({ n: 0 });
    expect(report.people).toBeGreaterThan(0);

    expect(await figures()).toEqual(before);
  });
});

describe('npm run retention', () => {
  const cli = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/retention.ts', ...args], {
      env: { ...cleanEnv(), NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_PATH: t.config.databasePath },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('with --dry-run prints what would be anonymised and changes nothing; without, anonymises it', async () => {
    t = await createTestApp();
    d = demo(t.db);
    // Closed long before any day this test may run on: due by the system clock the command uses.
    const long = Date.parse('2001-01-10T12:00:00Z');
    const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Fiorenza Dryrun' });
    const due = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id, caseTypes: ['information_only'], status: 'closed', closedAt: long, summary: 'Advice to Fiorenza.' });
    const held = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, caseTypes: ['information_only'], status: 'closed', closedAt: long });
    t.db.$client.prepare('update cases set legal_hold_since = ?, legal_hold_by = ?, legal_hold_reason = ? where id = ?').run(t.clock.now(), d.supervisor.id, 'Claim', held.id);
    const snapshot = () => JSON.stringify([t.db.$client.prepare('select * from cases order by id').all(), t.db.$client.prepare('select * from people order by id').all(), t.db.$client.prepare('select count(*) from audit_log').get(), t.db.$client.prepare('select count(*) from retention_runs').get()]);
    const before = snapshot();

    const dry = cli(['--dry-run']);
    expect(dry.stderr).toBe('');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('Would anonymise 1 case(s) and 1 person record(s).');
    expect(dry.stdout).toContain(`${due.reference}  due 2002-01-10  timeline texts 0, documents 0, referrals 0, transfers 0; person: anonymised`);
    expect(dry.stdout).toContain(`${held.reference}  due 2002-01-10  on legal hold`);
    expect(dry.stdout).toContain('Dry run: nothing was changed.');
    expect(dry.stdout).not.toContain('Fiorenza');
    expect(snapshot()).toBe(before);

    const real = cli([]);
    expect(real.status).toBe(0);
    expect(real.stdout).toContain('Anonymised 1 case(s) and 1 person record(s).');
    expect(one('select summary from cases where id = ?', due.id)).toEqual({ summary: '' });
    expect(one('select name from people where id = ?', person.id)).toEqual({ name: null });
    expect(one('select source, cases from retention_runs')).toEqual({ source: 'cli', cases: 1 });

    const bad = cli(['--bogus']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('Usage: npm run retention');
  });
});
