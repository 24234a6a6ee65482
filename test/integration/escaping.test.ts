import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvent } from '../../src/cases/cases.service.js';
import { deadlines } from '../../src/deadlines/deadlines.table.js';
import { createTestApp, signIn, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';

/**
 * A name or a note is text a counsellor typed, often copied from a message: every page that shows one must escape it.
 * One person whose name is markup, and one note that is markup, looked at on every page that shows them.
 */

const NAME = 'Ana <img src=x onerror=alert(1)> Ruiz';
const NOTE = 'Employer said <script>alert("payslips")</script> on the phone.';
const RAW = ['<img src=x', '<script>alert("payslips")'];
const ESCAPED_NAME = 'Ana &lt;img src=x onerror=alert(1)&gt; Ruiz';
const ESCAPED_NOTE = '&lt;script&gt;alert(';

let t: TestApp;
let counsellor: Agent;
let supervisor: Agent;
const ids = { person: 0, kase: 0 };
let query = '';

beforeAll(async () => {
  t = await createTestApp();
  const d = demo(t.db);
  const now = t.clock.now();
  const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: NAME, phone: '+44 7700 900555' }, now);
  const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id }, now);
  makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id, status: 'closure_requested', outcome: 'advice_given' }, now);
  t.db.transaction((tx) => appendEvent(tx, { caseId: kase.id, userId: d.counsellor.id, kind: 'note', body: NOTE }, now));
  // Due in two days: on the dashboard and in the deadline list.
  t.db.insert(deadlines).values({ caseId: kase.id, title: 'Send the letter', dueDate: '2026-11-26', source: 'manual', status: 'open', ownerId: d.counsellor.id, reminderLeadDays: 14, createdAt: now, updatedAt: now }).run();
  Object.assign(ids, { person: person.id, kase: kase.id });
  query = `cp=${d.ldn.id}&from=${d.counsellor.id}`;
  counsellor = await signIn(t.app, 'counsellor@demo.test');
  supervisor = await signIn(t.app, 'supervisor@demo.test');
});
afterAll(async () => {
  await t?.close();
});

type Look = { show: () => Promise<string>; escaped: string[] };
const get = (agent: () => Agent, url: () => string, headers: Record<string, string> = {}) => async () => (await agent().get(url(), headers)).body;
const htmx = { 'hx-request': 'true' };

const PAGES: Record<string, Look> = {
  'the person page': { show: get(() => counsellor, () => `/people/${ids.person}`), escaped: [ESCAPED_NAME] },
  'the person edit form': { show: get(() => counsellor, () => `/people/${ids.person}/edit`), escaped: [ESCAPED_NAME] },
  'the intake search (htmx)': { show: get(() => counsellor, () => '/cases/new?q=Ruiz', htmx), escaped: [ESCAPED_NAME] },
  'the intake duplicate warning': {
    show: async () => {
      await counsellor.get('/cases/new/person');
      const res = await counsellor.post('/cases/new/person', {
        contactPointId: String(demo(t.db).ldn.id),
        consentGivenOn: '2026-11-20',
        consentScopes: ['store'],
        name: 'Someone Else',
        phone: '+44 7700 900555',
        preferredLanguage: 'en',
        immigrationStatus: 'unknown',
      });
      expect(res.statusCode).toBe(409);
      return res.body;
    },
    escaped: [ESCAPED_NAME],
  },
  'the intake case form': { show: get(() => counsellor, () => `/cases/new/case?person=${ids.person}`), escaped: [ESCAPED_NAME] },
  'the case list': { show: get(() => counsellor, () => '/cases'), escaped: [ESCAPED_NAME] },
  'the case page': { show: get(() => counsellor, () => `/cases/${ids.kase}`), escaped: [ESCAPED_NAME, ESCAPED_NOTE] },
  'the timeline (htmx)': { show: get(() => counsellor, () => `/cases/${ids.kase}/timeline`, htmx), escaped: [ESCAPED_NOTE] },
  'the deadline list': { show: get(() => counsellor, () => '/deadlines'), escaped: [ESCAPED_NAME] },
  'the dashboard': { show: get(() => counsellor, () => '/'), escaped: [ESCAPED_NAME] },
  'the closure review queue': { show: get(() => supervisor, () => '/supervision/closures'), escaped: [ESCAPED_NAME] },
  'the reassignment panel': { show: get(() => supervisor, () => `/supervision/reassign?${query}`), escaped: [ESCAPED_NAME] },
  'the reassignment confirmation': {
    show: async () => {
      const d = demo(t.db);
      await supervisor.get(`/supervision/reassign?${query}`);
      const res = await supervisor.post('/supervision/reassign', { cp: String(d.ldn.id), from: d.counsellor.id, cases: [String(ids.kase)], to: d.supervisor.id });
      expect(res.statusCode).toBe(200);
      return res.body;
    },
    escaped: [ESCAPED_NAME],
  },
};

describe('a name or a note that is markup', () => {
  it.each(Object.entries(PAGES))('is shown escaped on %s', async (_page, look) => {
    const body = await look.show();
    for (const raw of RAW) expect(body).not.toContain(raw);
    for (const escaped of look.escaped) expect(body).toContain(escaped);
  });
});
