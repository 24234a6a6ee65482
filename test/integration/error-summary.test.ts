import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, formOnPage, signIn, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';

// After a 422 each problem of the error summary is a link to its field (GOV.UK's error summary pattern): the link's
// target must be an id of the page, else the link goes nowhere without JavaScript.

let t: TestApp;
let d: ReturnType<typeof demo>;
let amira: Agent;
let marisol: Agent;
let admin: Agent;
let kaseId: number;
let transferId: number;

beforeAll(async () => {
  t = await createTestApp();
  d = demo(t.db);
  amira = await signIn(t.app, 'counsellor@demo.test');
  marisol = await signIn(t.app, 'supervisor2@demo.test');
  admin = await signIn(t.app, 'admin@demo.test');
  const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id });
  kaseId = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id }).id;
  const other = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id });
  await amira.get(`/cases/${other.id}/transfer`);
  expect((await amira.post(`/cases/${other.id}/transfers`, { toContactPointId: String(d.chi.id), reason: 'Moved to Chicago.' })).statusCode).toBe(303);
  transferId = (t.db.$client.prepare('select id from transfers where case_id = ?').get(other.id) as { id: number }).id;
});
afterAll(async () => {
  await t?.close();
});

/** The summaries of a page: each with whether it can take focus, and its links with whether their target exists. */
function summaries(html: string) {
  const ids = new Set([...html.matchAll(/<[a-zA-Z][^>]*?\sid="([^"]+)"/g)].map((m) => m[1]!));
  return [...html.matchAll(/<div ([^>]*data-error-summary[^>]*)>([\s\S]*?)<\/div>/g)].map(([, attrs = '', inner = '']) => ({
    focusable: /tabindex="-1"/.test(attrs) && /\sautofocus(\s|$)/.test(` ${attrs}`),
    links: [...inner.matchAll(/<a href="#([^"]+)"/g)].map((m) => ({ id: m[1]!, found: ids.has(m[1]!) })),
  }));
}

describe('the error summary of a 422', () => {
  const cases: [string, () => Agent, () => string, () => string, Record<string, string>][] = [
    ['new person', () => amira, () => '/cases/new/person', () => '/cases/new/person', {}],
    ['transfer proposal', () => amira, () => `/cases/${kaseId}/transfer`, () => `/cases/${kaseId}/transfers`, { toContactPointId: '', reason: '' }],
    ['transfer decline', () => marisol, () => `/transfers/${transferId}`, () => `/transfers/${transferId}/decision`, { decision: 'decline', note: '' }],
    ['partner', () => admin, () => '/partners/new', () => '/partners', {}],
    ['user', () => admin, () => '/admin/users/new', () => '/admin/users', {}],
    ['contact point', () => admin, () => '/admin/contact-points/new', () => '/admin/contact-points', {}],
  ];
  it.each(cases)('%s: takes focus and links each problem to its field', async (_name, who, page, action, form) => {
    const agent = who();
    // What the browser sends (hidden fields too), with the fields a person left empty.
    const sent = formOnPage((await agent.get(page())).body, action());
    const res = await agent.post(action(), { ...sent, ...form });
    expect(res.statusCode).toBe(422);
    const found = summaries(res.body);
    expect(found).toHaveLength(1);
    expect(found[0]!.focusable).toBe(true);
    expect(found[0]!.links.length).toBeGreaterThan(0);
    expect(found[0]!.links.filter((l) => !l.found)).toEqual([]);
  });
});
