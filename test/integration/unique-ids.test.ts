import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';

// An id that appears twice breaks a label's `for`, an error summary's link and aria-describedby: the browser
// takes the first, which may be the other form's field.

let t: TestApp;
let pending: { caseId: number; transferId: number };

beforeAll(async () => {
  t = await createTestApp({}, { seed: 'demo' });
  const d = demo(t.db);
  // A transfer waiting for Chicago's decision, so that its page shows both the accept and the decline form.
  const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id });
  const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id });
  const amira = await signIn(t.app, 'counsellor@demo.test');
  const proposed = await amira.post(`/cases/${kase.id}/transfers`, { toContactPointId: String(d.chi.id), reason: 'The worker has moved to Chicago.' });
  expect(proposed.statusCode).toBe(303);
  const row = t.db.$client.prepare('select id from transfers where case_id = ? order by id desc').get(kase.id) as { id: number };
  pending = { caseId: kase.id, transferId: row.id };
});
afterAll(async () => {
  await t?.close();
});

function duplicateIds(html: string): string[] {
  const counts = new Map<string, number>();
  for (const [, id] of html.matchAll(/<[a-zA-Z][^>]*?\sid=["']([^"']+)["']/g)) counts.set(id!, (counts.get(id!) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([id, n]) => `${id} ×${n}`);
}

// Files, downloads and signing out are not pages.
const notAPage = /\.(pdf|csv|zip|xlsx|ics)(\?|$)|\/download$|\/view$|\/thumbnail$|^\/logout|^\/calendar\/|^\/shared\//;
// One page of each kind (ids replaced by N), except the records whose page changes with their state: every one of those.
const kindOf = (path: string) => (/^\/(referrals|transfers)\/\d+$|^\/cases\/\d+\/transfer$/.test(path) ? path : path.replace(/\d+/g, 'N').replace(/^\/admin\/(rules|translations|retention)\/.+/, '/admin/$1/X'));

/** Every page the user reaches by following links from the dashboard (and the `extra` ones), with the ids it repeats. */
async function crawl(agent: Agent, extra: string[] = []) {
  const seen = new Set<string>(['/', ...extra].map(kindOf));
  const queue = ['/', ...extra];
  const found: Record<string, string[]> = {};
  let pages = 0;
  while (queue.length) {
    const url = queue.shift()!;
    const res = await agent.get(url);
    if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/html')) continue;
    pages += 1;
    const dups = duplicateIds(res.body);
    if (dups.length) found[url] = dups;
    for (const [, raw] of res.body.matchAll(/<a\b[^>]*?\shref="(\/[^"#]*)"/g)) {
      const href = raw!.replace(/&amp;/g, '&');
      const path = href.split('?')[0]!;
      if (notAPage.test(path) || seen.has(kindOf(path))) continue;
      seen.add(kindOf(path));
      queue.push(href);
    }
  }
  return { found, pages };
}

describe('no id appears twice on a page', () => {
  it.each([
    ['counsellor@demo.test', 30],
    ['supervisor@demo.test', 40],
    ['supervisor2@demo.test', 30],
    ['admin@demo.test', 20],
  ])('on every page %s reaches', async (email, atLeast) => {
    const agent = await signIn(t.app, email);
    const extra = email === 'counsellor@demo.test' ? [`/cases/${pending.caseId}`, `/cases/${pending.caseId}/transfer`] : email === 'supervisor2@demo.test' ? [`/transfers/${pending.transferId}`] : [];
    const { found, pages } = await crawl(agent, extra);
    expect(pages).toBeGreaterThanOrEqual(atLeast);
    expect(found).toEqual({});
  });

  it('on the main pages, named: dashboard, cases, a case, its transfer, a transfer decision, referrals, collectives, deadlines, reports, admin', async () => {
    const pagesOf = {
      'counsellor@demo.test': ['/', '/cases', `/cases/${pending.caseId}`, `/cases/${pending.caseId}/transfer`, '/referrals', '/collectives', '/deadlines', '/deadlines/calculator'],
      'supervisor2@demo.test': ['/', '/cases', `/transfers/${pending.transferId}`, '/transfers', '/referrals', '/collectives', '/deadlines', '/reports', '/supervision', '/audit'],
      'admin@demo.test': ['/', '/admin/users', '/admin/contact-points', '/admin/rules', '/admin/backups', '/admin/translations', '/admin/retention', '/partners', '/audit'],
    };
    for (const [email, urls] of Object.entries(pagesOf)) {
      const agent = await signIn(t.app, email);
      for (const url of urls) {
        const res = await agent.get(url);
        expect(res.statusCode, `${email} ${url}`).toBe(200);
        expect(duplicateIds(res.body), `${email} ${url}`).toEqual([]);
      }
    }
  });
});
