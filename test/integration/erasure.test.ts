import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../src/cases/cases.table.js';
import type { Person } from '../../src/people/people.table.js';
import { Agent, createTestApp, signIn, textOf, versionOnPage, type TestApp } from '../helpers/app.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';

// A name, alias, phone and handle found nowhere else: after erasure, not one byte of them may stay in the files.
const CANARY = { name: 'Zyxqorvath Canarybelle', alias: 'Qwillcanary', phone: '+44 7700 918273', messagingHandle: 'Signal: @zqcanaryhandle' };
const needles = [CANARY.name, 'Zyxqorvath', 'Canarybelle', CANARY.alias, CANARY.phone, '447700918273', '7700918273', 'zqcanaryhandle', 'Noteonlycanary'];

let t: TestApp;
let d: ReturnType<typeof demo>;
let supervisor: Agent;
let counsellor: Agent;
let person: Person;
let open: Case;
let closed: Case;

const rawFiles = (path: string) => ['', '-wal', '-shm'].map((s) => { try { return readFileSync(path + s); } catch { return Buffer.alloc(0); } });
/** Every needle as it could lie in the files: as typed (UTF-8), lowercase (FTS5 tokens) and uppercase. */
function foundIn(files: Buffer[]): string[] {
  const found: string[] = [];
  for (const n of needles) for (const form of [n, n.toLowerCase(), n.toUpperCase()]) if (files.some((f) => f.includes(Buffer.from(form, 'utf8')))) found.push(form);
  return [...new Set(found)];
}

beforeEach(async () => {
  t = await createTestApp();
  d = demo(t.db);
  supervisor = await signIn(t.app, 'supervisor@demo.test');
  counsellor = await signIn(t.app, 'counsellor@demo.test');
  person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, ...CANARY, phoneDigits: '447700918273', nationality: 'VN', safetyNote: 'Call Qwillcanary after 7pm' });
  open = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id, summary: `${CANARY.name} was not paid for six weeks.` });
  closed = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id, status: 'closed', closedAt: Date.parse('2026-01-10T10:00:00Z'), summary: 'An earlier advice contact.' });
  const page = await counsellor.get(`/cases/${open.id}`);
  expect(page.statusCode).toBe(200);
  const res = await counsellor.post(`/cases/${open.id}/notes`, { kind: 'note', body: `Met Zyxqorvath at the depot; Noteonlycanary said the boss keeps his passport. Phone ${CANARY.phone}.` });
  expect(res.statusCode).toBe(303);
});
afterEach(async () => {
  await t.close();
});

async function erase(agent: Agent, personId: number, form: Record<string, string>) {
  await agent.get(`/people/${personId}/erase`);
  return agent.post(`/people/${personId}/erase`, form);
}

describe('erasing a person (GDPR art. 17)', () => {
  it('leaves no trace of the name, alias, phone or handle in the database file, its WAL or the search index', async () => {
    // Before: the canary is in the files (the test could not pass by looking in the wrong place).
    t.db.$client.pragma('wal_checkpoint(PASSIVE)');
    expect(foundIn(rawFiles(t.config.databasePath)).length).toBeGreaterThan(0);
    const found = t.db.$client.prepare(`select rowid from case_search where case_search match 'qwillcanary'`).all();
    expect(found.length).toBe(2);

    const page = textOf((await supervisor.get(`/people/${person.id}`)).body);
    expect(page).toContain('Erase this person');
    const res = await erase(supervisor, person.id, { reason: 'Asked at the desk on 20 November, in person.', confirm: String(person.id) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/people/${person.id}?notice=erased`);
    const after = textOf((await supervisor.get(res.headers.location as string)).body);
    expect(after).toContain('The person’s data has been erased');
    expect(after).not.toContain('Zyxqorvath');

    t.db.$client.pragma('wal_checkpoint(PASSIVE)');
    expect(foundIn(rawFiles(t.config.databasePath))).toEqual([]);
    expect(t.db.$client.prepare(`select rowid from case_search where case_search match 'qwillcanary OR zyxqorvath OR noteonlycanary'`).all()).toEqual([]);

    // The open case is closed, both are anonymised; the statistical skeleton stays.
    const cases = t.db.$client.prepare('select status, cases.anonymised_for as why, summary, nationality from cases join people on people.id = cases.person_id where person_id = ? order by cases.id').all(person.id);
    expect(cases).toEqual([
      { status: 'closed', why: 'erasure', summary: '', nationality: 'VN' },
      { status: 'closed', why: 'erasure', summary: '', nationality: 'VN' },
    ]);
    expect(t.db.$client.prepare('select name, alias, phone, messaging_handle as handle, anonymised_for as why from people where id = ?').get(person.id)).toEqual({ name: null, alias: null, phone: null, handle: null, why: 'erasure' });
  });

  it('is audited by field name, without the erased values, and records who and why', async () => {
    await erase(supervisor, person.id, { reason: 'Asked at the desk on 20 November, in person.', confirm: String(person.id) });
    const entries = t.db.$client.prepare(`select action, target_type as type, target_id as id, user_id as user, fields from audit_log where action in ('erase', 'anonymise') order by id`).all() as { action: string; type: string; id: string; user: string; fields: string }[];
    expect(entries.map((e) => [e.action, e.type, e.id, e.user]).sort()).toEqual([
      ['anonymise', 'case', String(open.id), d.supervisor.id],
      ['anonymise', 'case', String(closed.id), d.supervisor.id],
      ['erase', 'person', String(person.id), d.supervisor.id],
    ]);
    expect(JSON.parse(entries.find((e) => e.action === 'erase')!.fields)).toEqual(expect.arrayContaining(['name', 'alias', 'phone', 'messagingHandle']));
    const audit = JSON.stringify(t.db.$client.prepare('select * from audit_log').all());
    for (const n of needles) expect(audit.toLowerCase()).not.toContain(n.toLowerCase());
    expect(t.db.$client.prepare('select reason, case_count as n, erased_by as by from erasures where person_id = ?').get(person.id)).toEqual({ reason: 'Asked at the desk on 20 November, in person.', n: 2, by: d.supervisor.id });
    // A second erasure is refused, and the page says it was done.
    const again = await supervisor.get(`/people/${person.id}/erase`);
    expect(textOf(again.body)).toContain('Erased on');
    expect((await supervisor.post(`/people/${person.id}/erase`, { reason: 'Asked again by phone today.', confirm: String(person.id) })).statusCode).toBe(409);
  });

  it('is refused while one of the person’s cases is on legal hold, and nothing is erased', async () => {
    await supervisor.get(`/cases/${closed.id}/legal-hold`);
    const held = await supervisor.post(`/cases/${closed.id}/legal-hold`, { hold: 'set', reason: 'Tribunal claim pending.', version: versionOnPage((await supervisor.get(`/cases/${closed.id}/legal-hold`)).body) });
    expect(held.statusCode).toBe(303);
    const page = textOf((await supervisor.get(`/people/${person.id}/erase`)).body);
    expect(page).toContain('cannot be erased while one of their cases is on legal hold');
    const res = await supervisor.post(`/people/${person.id}/erase`, { reason: 'Asked at the desk on 20 November.', confirm: String(person.id) });
    expect(res.statusCode).toBe(409);
    expect(textOf(res.body)).toContain(closed.reference);
    expect(t.db.$client.prepare('select name, anonymised_at as at from people where id = ?').get(person.id)).toEqual({ name: CANARY.name, at: null });
    expect(t.db.$client.prepare('select count(*) as n from cases where anonymised_at is not null').get()).toEqual({ n: 0 });
    expect(t.db.$client.prepare(`select count(*) as n from audit_log where action in ('erase', 'anonymise')`).get()).toEqual({ n: 0 });
  });

  it('asks for a reason and the typed person number (422 with the messages), and only a supervisor may erase', async () => {
    const bad = await erase(supervisor, person.id, { reason: 'short', confirm: '999' });
    expect(bad.statusCode).toBe(422);
    const text = textOf(bad.body);
    expect(text).toContain('Give the reason in at least 10 characters.');
    expect(text).toContain('Type the person’s number exactly as shown.');
    expect(bad.body).toContain('value="999"');
    expect(t.db.$client.prepare('select name from people where id = ?').get(person.id)).toEqual({ name: CANARY.name });

    expect(textOf((await counsellor.get(`/people/${person.id}`)).body)).not.toContain('Erase this person');
    expect((await counsellor.get(`/people/${person.id}/erase`)).statusCode).toBe(403);
    const other = await signIn(t.app, 'supervisor2@demo.test');
    expect((await other.get(`/people/${person.id}/erase`)).statusCode).toBe(404);
    // Without the CSRF token: refused, nothing erased.
    const noCsrf = await t.app.inject({ method: 'POST', url: `/people/${person.id}/erase`, headers: { cookie: [...supervisor.cookies].map(([k, v]) => `${k}=${v}`).join('; ') }, payload: { reason: 'Asked at the desk, in person.', confirm: String(person.id) } });
    expect(noCsrf.statusCode).toBe(403);
    expect(t.db.$client.prepare('select name from people where id = ?').get(person.id)).toEqual({ name: CANARY.name });
  });
});
