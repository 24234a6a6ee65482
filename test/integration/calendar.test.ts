import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/auth/policy.js';
import { addManualDeadline, confirmProposal, saveTriggerDates, setDeadlineStatus } from '../../src/deadlines/deadlines.service.js';
import { calendarFeeds } from '../../src/deadlines/deadlines.table.js';
import { loggerOptions } from '../../src/logger.js';
import { createTestApp, signIn, textOf, type Agent, type TestApp } from '../helpers/app.js';
import { TestClock } from '../helpers/clock.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';

type Property = { name: string; params: Record<string, string>; value: string };
type Component = { type: string; properties: Property[]; components: Component[] };

/**
 * A strict reader of RFC 5545 as far as a feed needs: CRLF line ends, lines of at most 75 octets, folded lines
 * joined, properties with parameters, nested BEGIN/END components that must match.
 */
function parseICalendar(text: string): Component {
  expect(text.endsWith('\r\n')).toBe(true);
  const physical = text.slice(0, -2).split('\r\n');
  for (const line of physical) {
    expect(line).not.toContain('\n');
    expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
  }
  const lines: string[] = [];
  for (const line of physical) {
    if (line.startsWith(' ') || line.startsWith('\t')) lines[lines.length - 1] += line.slice(1);
    else lines.push(line);
  }
  const root: Component = { type: '', properties: [], components: [] };
  const stack: Component[] = [root];
  for (const line of lines) {
    const match = /^([A-Z0-9-]+)((?:;[A-Z0-9-]+=[^;:]*)*):(.*)$/.exec(line);
    if (!match) throw new Error(`not a content line: ${line}`);
    const [, name, rawParams, value] = match;
    const current = stack[stack.length - 1]!;
    if (name === 'BEGIN') {
      const child: Component = { type: value!, properties: [], components: [] };
      current.components.push(child);
      stack.push(child);
    } else if (name === 'END') {
      expect(current.type).toBe(value);
      stack.pop();
    } else {
      const params = Object.fromEntries(
        (rawParams ?? '')
          .split(';')
          .filter(Boolean)
          .map((p) => p.split('=') as [string, string]),
      );
      current.properties.push({ name: name!, params, value: value!.replace(/\\,/g, ',').replace(/\\;/g, ';').replace(/\\n/gi, '\n').replace(/\\\\/g, '\\') });
    }
  }
  expect(stack).toHaveLength(1);
  expect(root.components).toHaveLength(1);
  return root.components[0]!;
}

const prop = (c: Component, name: string) => c.properties.find((p) => p.name === name);

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

async function setUp(logger?: NonNullable<Parameters<typeof createTestApp>[1]>['logger']) {
  t = await createTestApp({}, { clock: new TestClock('2026-06-05T09:00:00Z'), ...(logger ? { logger } : {}) });
  const now = t.clock.now();
  const d = demo(t.db);
  const amira = { actor: { id: d.counsellor.id, role: 'counsellor', contactPointIds: [d.ldn.id] } as Actor, clientAddress: null };
  const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Mariana Ionescu', alias: 'Mari' }, now);
  const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id, caseTypes: ['unlawful_deductions'], summary: 'Uniform deductions at Acme.' }, now);
  await saveTriggerDates(t.db, amira, kase.id, { last_deduction_date: '2026-03-15' }, now);
  await confirmProposal(t.db, amira, kase.id, { ruleId: 'uk-et-wages', computed: '2026-06-14' }, now);
  await addManualDeadline(t.db, amira, kase.id, { title: 'Send the letter before claim, by post; then call ACAS', dueDate: '2026-06-09', reminderLeadDays: 3 }, now);
  const done = await addManualDeadline(t.db, amira, kase.id, { title: 'Already done', dueDate: '2026-06-02', reminderLeadDays: 3 }, now);
  if (done.ok) await setDeadlineStatus(t.db, amira, done.value.id, 'done', now);
  // A colleague's deadline on the same case is not in Amira's calendar.
  const colleague = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.supervisor.id, assignedTo: d.supervisor.id }, now);
  await addManualDeadline(t.db, { ...amira, actor: { ...amira.actor, id: d.supervisor.id, role: 'supervisor' } }, colleague.id, { title: 'Supervisor task', dueDate: '2026-06-10', reminderLeadDays: 3 }, now);
  const counsellor = await signIn(t.app, 'counsellor@demo.test');
  return { d, kase, counsellor };
}

async function createLink(agent: Agent): Promise<string> {
  await agent.get('/deadlines/calendar');
  const res = await agent.post('/deadlines/calendar');
  expect(res.statusCode).toBe(201);
  const link = /id="link" type="text" readonly value="([^"]+)"/.exec(res.body)?.[1];
  if (!link) throw new Error('no calendar link on the page');
  return new URL(link).pathname;
}

describe('the iCalendar feed', () => {
  it('serves the user’s open deadlines as valid iCalendar, with reference and title only', async () => {
    const { kase, counsellor } = await setUp();
    const path = await createLink(counsellor);
    expect(path).toMatch(/^\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);

    // Calendar apps fetch without a session.
    const res = await t.app.inject({ url: path });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const calendar = parseICalendar(res.body);
    expect(calendar.type).toBe('VCALENDAR');
    expect(prop(calendar, 'VERSION')?.value).toBe('2.0');
    expect(prop(calendar, 'PRODID')?.value).toBe('-//UnionDesk//Deadlines//EN');
    const events = calendar.components.filter((c) => c.type === 'VEVENT');
    expect(events.map((e) => [prop(e, 'DTSTART')?.params.VALUE, prop(e, 'DTSTART')?.value, prop(e, 'DTEND')?.value, prop(e, 'SUMMARY')?.value])).toEqual([
      ['DATE', '20260609', '20260610', `${kase.reference} · Send the letter before claim, by post; then call ACAS`],
      ['DATE', '20260614', '20260615', `${kase.reference} · Employment tribunal claim: unlawful deduction from wages`],
    ]);
    for (const e of events) {
      expect(prop(e, 'UID')?.value).toMatch(/^deadline-\d+@uniondesk$/);
      expect(prop(e, 'DTSTAMP')?.value).toMatch(/^\d{8}T\d{6}Z$/);
    }
    for (const secret of ['Mariana', 'Ionescu', 'Mari', 'Acme', 'Uniform', 'Already done', 'Supervisor task']) expect(res.body).not.toContain(secret);
  });

  it('stores only a hash of the token and shows the link once', async () => {
    const { counsellor } = await setUp();
    const path = await createLink(counsellor);
    const token = path.split('/').pop()!.replace('.ics', '');
    const stored = t.db.select().from(calendarFeeds).all();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);
    const page = await counsellor.get('/deadlines/calendar');
    expect(page.body).not.toContain(token);
    expect(textOf(page.body)).toContain('You have a calendar link');
    await t.app.inject({ url: path });
    expect(textOf((await counsellor.get('/deadlines/calendar')).body)).toContain('Last fetched');
  });

  it('answers 404 for a revoked, replaced, unknown or malformed token', async () => {
    const { counsellor } = await setUp();
    const first = await createLink(counsellor);
    const second = await createLink(counsellor);
    expect((await t.app.inject({ url: first })).statusCode).toBe(404);
    expect((await t.app.inject({ url: second })).statusCode).toBe(200);

    const revoked = await counsellor.post('/deadlines/calendar/revoke');
    expect(revoked.statusCode).toBe(303);
    expect(textOf((await counsellor.get(revoked.headers.location as string)).body)).toContain('The calendar link no longer works.');
    expect((await t.app.inject({ url: second })).statusCode).toBe(404);

    for (const url of ['/calendar/' + 'A'.repeat(43) + '.ics', '/calendar/short.ics', '/calendar/' + second.split('/').pop()!.replace('.ics', ''), '/calendar/%00.ics'])
      expect((await t.app.inject({ url })).statusCode, url).toBe(404);
  });

  it('stops working when the user is disabled', async () => {
    const { d, counsellor } = await setUp();
    const path = await createLink(counsellor);
    expect((await t.app.inject({ url: path })).body).toContain('BEGIN:VEVENT');
    t.db.$client.prepare('update users set active = 0 where id = ?').run(d.counsellor.id);
    const res = await t.app.inject({ url: path });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('BEGIN:VCALENDAR');
    expect(res.body).not.toContain('Send the letter before claim');
  });

  it('never writes the token to the log', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const { counsellor } = await setUp({ ...loggerOptions('trace'), stream });
    const path = await createLink(counsellor);
    const token = path.split('/').pop()!.replace('.ics', '');
    await t.app.inject({ url: path });
    await counsellor.post('/deadlines/calendar/revoke');
    await t.app.inject({ url: path });
    const log = lines.join('');
    expect(log).toContain('/calendar/[token]');
    expect(log).not.toContain(token);
  });

  it('is for case workers: an administrator has no calendar page', async () => {
    await setUp();
    const admin = await signIn(t.app, 'admin@demo.test');
    const res = await admin.get('/deadlines/calendar');
    expect(res.statusCode).toBe(403);
    expect(textOf(res.body)).toContain('You do not have access to this page');
    expect(res.body).not.toContain('action="/deadlines/calendar"');
    await admin.post('/deadlines/calendar');
    expect(t.db.select().from(calendarFeeds).all()).toEqual([]);
  });
});
