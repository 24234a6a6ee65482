import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.js';
import { TIMELINE_PAGE_SIZE, timelinePage } from '../../src/cases/case-page.service.js';
import { appendEvent } from '../../src/cases/cases.service.js';
import type { Case } from '../../src/cases/cases.table.js';
import { insertUser, setUserContactPoints } from '../../src/users/users.repo.js';
import { DEMO_PASSWORD, createTestApp, signIn, textOf, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase } from '../helpers/factories.js';

let t: TestApp;
let d: ReturnType<typeof demo>;
let counsellor: Agent; // Amira Haddad, London: writes the case and some restricted notes
let colleague: Agent; // Piotr Zielinski, London counsellor: writes other restricted notes
let supervisor: Agent; // Grace Okafor, London
let chicago: Agent;
let colleagueId: string;
let kase: Case;

type Row = Record<string, unknown>;
const sql = (query: string, ...params: unknown[]) => t.db.$client.prepare(query).all(...params) as Row[];
const htmx = { 'hx-request': 'true' };
const ENTRIES = 230;

/** The case's entries in the timeline's order (newest first, ties by id) that `viewer` may read, as the policy says. */
function visibleIds(caseId: number, viewer: { id: string; supervisor?: boolean }): number[] {
  return sql('select id, user_id, restricted from case_events where case_id = ? order by at desc, id desc', caseId)
    .filter((e) => !e.restricted || e.user_id === viewer.id || viewer.supervisor)
    .map((e) => e.id as number);
}
const renderedIds = (html: string) => [...html.matchAll(/<li class="event [^"]*" id="event-(\d+)"/g)].map((m) => Number(m[1]));
const olderHref = (html: string) => /<a class="button" href="(\/cases\/\d+\/timeline\?before=[^"]+)"/.exec(html)?.[1] ?? null;
const olderCount = (html: string) => /(\d[\d,]*) older entr(?:y|ies)/.exec(textOf(html))?.[1]?.replace(/,/g, '');

/**
 * Follows "Show older entries" from the case page to the beginning, as a browser without JavaScript does (each link
 * a page of its own) or as htmx does (each a fragment), and returns each page's entries. `between` runs after the first page.
 */
async function walk(agent: Agent, caseId: number, mode: 'page' | 'htmx', between?: () => Promise<void>) {
  const first = await agent.get(`/cases/${caseId}`);
  expect(first.statusCode).toBe(200);
  const pages = [{ ids: renderedIds(first.body), html: first.body }];
  await between?.();
  let href = olderHref(first.body);
  while (href) {
    const res = await agent.get(href, mode === 'htmx' ? htmx : {});
    expect(res.statusCode).toBe(200);
    if (mode === 'htmx') expect(res.body).not.toContain('<html');
    else expect(res.body).toContain('<html');
    pages.push({ ids: renderedIds(res.body), html: res.body });
    href = olderHref(res.body);
    if (pages.length > ENTRIES) throw new Error('the older links never end');
  }
  return pages;
}

beforeAll(async () => {
  t = await createTestApp();
  d = demo(t.db);
  colleagueId = randomUUID();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  t.db.transaction((tx) => insertUser(tx, {
    id: colleagueId,
    email: 'colleague@demo.test',
    displayName: 'Piotr Zielinski',
    role: 'counsellor',
    languages: ['en', 'pl'],
    passwordHash,
    passwordChangedAt: t.clock.now(),
    createdAt: t.clock.now(),
  }));
  t.db.transaction((tx) => setUserContactPoints(tx, colleagueId, [d.ldn.id]));
  counsellor = await signIn(t.app, 'counsellor@demo.test');
  colleague = await signIn(t.app, 'colleague@demo.test');
  supervisor = await signIn(t.app, 'supervisor@demo.test');
  chicago = await signIn(t.app, 'counsellor2@demo.test');

  // 230 entries (the creation event and 229 more) in threes at one instant, as the events of one save are, a minute
  // between threes (so page boundaries fall between entries of equal time); every tenth a restricted note of
  // Piotr's and every tenth one of Amira's.
  const start = t.clock.now() - ENTRIES * 60_000;
  kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id }, start);
  let at = start;
  t.db.transaction((tx) => {
    for (let i = 1; i < ENTRIES; i++) {
      if (i % 3 === 0) at += 60_000;
      if (i % 10 === 3) appendEvent(tx, { caseId: kase.id, userId: colleagueId, kind: 'note', restricted: true, body: `Piotr's restricted note #${i}.` }, at);
      else if (i % 10 === 7) appendEvent(tx, { caseId: kase.id, userId: d.counsellor.id, kind: 'note', restricted: true, body: `Amira's restricted note #${i}.` }, at);
      else appendEvent(tx, { caseId: kase.id, userId: i % 2 ? d.counsellor.id : d.supervisor.id, kind: (['note', 'call', 'meeting'] as const)[i % 3]!, body: `Entry #${i}.` }, at);
    }
  });
});
afterAll(async () => {
  await t?.close();
});

describe('the timeline of a long case', () => {
  it('shows the latest entries in order, not the oldest, and links to the older ones', async () => {
    expect(sql('select count(*) as n from case_events where case_id = ?', kase.id)[0]!.n).toBe(ENTRIES);
    const res = await counsellor.get(`/cases/${kase.id}`);
    const expected = visibleIds(kase.id, d.counsellor);
    expect(renderedIds(res.body)).toEqual(expected.slice(0, TIMELINE_PAGE_SIZE));
    const text = textOf(res.body);
    expect(text).toContain('Entry #229.');
    expect(text).not.toContain('Entry #1.');
    expect(text).not.toContain('created the case');
    expect(text).toContain('Show older entries');
    expect(olderCount(res.body)).toBe(String(expected.length - TIMELINE_PAGE_SIZE));
    const last = sql('select at, id from case_events where id = ?', expected[TIMELINE_PAGE_SIZE - 1])[0]!;
    expect(olderHref(res.body)).toBe(`/cases/${kase.id}/timeline?before=${last.at}-${last.id}`);
  });

  it('renders a bounded page for a case of 230 entries', async () => {
    const res = await supervisor.get(`/cases/${kase.id}`);
    expect(renderedIds(res.body)).toHaveLength(TIMELINE_PAGE_SIZE);
    expect(Buffer.byteLength(res.body)).toBeLessThan(50_000);
  });

  it.each(['page', 'htmx'] as const)('walks every entry exactly once, in order, by the older links (%s), even when an entry is added meanwhile', async (mode) => {
    const expected = visibleIds(kase.id, d.counsellor);
    let added = 0;
    const pages = await walk(counsellor, kase.id, mode, async () => {
      t.clock.advance(60_000);
      const res = await counsellor.post(`/cases/${kase.id}/notes`, { kind: 'note', body: `Added while reading (${mode}).` });
      expect(res.statusCode).toBe(303);
      added = sql('select max(id) as id from case_events where case_id = ?', kase.id)[0]!.id as number;
    });
    const walked = pages.flatMap((p) => p.ids);
    expect(walked).toEqual(expected);
    expect(new Set(walked).size).toBe(walked.length);
    expect(walked).not.toContain(added);
    for (const p of pages) expect(p.ids.length).toBeLessThanOrEqual(TIMELINE_PAGE_SIZE);
    expect(pages.map((p) => p.ids.length)).toEqual([50, 50, 50, 50, expected.length - 200]);
    // The last page says where the timeline begins and ends with the case's creation.
    expect(textOf(pages.at(-1)!.html)).toContain('Amira Haddad created the case (Open)');
    if (mode === 'page') expect(textOf(pages.at(-1)!.html)).toContain('This is where the timeline begins.');
    // The entry added meanwhile is at the top of the case page.
    expect(renderedIds((await counsellor.get(`/cases/${kase.id}`)).body)[0]).toBe(added);
  });

  it('never shows a restricted note to another counsellor, on any page, and shows them all to a supervisor', async () => {
    for (const [who, agent, viewer, hidden] of [
      ['Amira', counsellor, { id: d.counsellor.id }, "Piotr's restricted note"],
      ['Piotr', colleague, { id: colleagueId }, "Amira's restricted note"],
      ['supervisor', supervisor, { id: d.supervisor.id, supervisor: true }, null],
    ] as const) {
      for (const mode of ['page', 'htmx'] as const) {
        const pages = await walk(agent, kase.id, mode);
        expect(pages.flatMap((p) => p.ids), `${who} ${mode}`).toEqual(visibleIds(kase.id, viewer));
        const text = pages.map((p) => textOf(p.html)).join('\n');
        if (hidden) expect(text, who).not.toContain(hidden);
        else for (const note of ["Piotr's restricted note #3.", "Amira's restricted note #227."]) expect(text).toContain(note);
        // The counts say nothing of entries the reader may not see.
        let remaining = visibleIds(kase.id, viewer).length;
        for (const p of pages.slice(0, -1)) {
          remaining -= p.ids.length;
          expect(olderCount(p.html), `${who} ${mode}`).toBe(String(remaining));
        }
      }
    }
    expect(sql('select count(*) as n from case_events where case_id = ? and restricted = 1', kase.id)[0]!.n).toBe(46);
  });

  it('records one audited view for the case page and one for each page of older entries', async () => {
    const views = () => sql("select user_id from audit_log where action = 'view' and target_type = 'case' and target_id = ?", String(kase.id));
    const before = views().length;
    const pages = await walk(supervisor, kase.id, 'htmx');
    expect(views().slice(before)).toEqual(pages.map(() => ({ user_id: d.supervisor.id })));
  });

  it('keeps the htmx timeline fragment: the latest entries and the older link', async () => {
    const res = await counsellor.get(`/cases/${kase.id}/timeline`, htmx);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<html');
    expect(res.body).toContain('id="timeline-list"');
    expect(renderedIds(res.body)).toEqual(visibleIds(kase.id, d.counsellor).slice(0, TIMELINE_PAGE_SIZE));
    expect(olderHref(res.body)).not.toBeNull();
    // The older page appends to that list and puts the focus on its first entry.
    const older = await counsellor.get(olderHref(res.body)!, htmx);
    expect(older.body).toContain('hx-swap-oob="beforeend:#timeline-list"');
    expect(older.body).toMatch(/<li class="event [^"]*" id="event-\d+" tabindex="-1" autofocus>/);
    expect(older.body.match(/autofocus/g)).toHaveLength(1);
  });

  it('shows a short case whole, with no older link', async () => {
    const small = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
    const res = await counsellor.get(`/cases/${small.id}`);
    expect(renderedIds(res.body)).toEqual(visibleIds(small.id, d.counsellor));
    expect(olderHref(res.body)).toBeNull();
    expect(textOf(res.body)).not.toContain('Show older entries');
  });

  it('answers a malformed cursor with 400 and a foreign case with 404, never showing an entry', async () => {
    for (const before of ['abc', '1-2-3', '12', '-1-2', '99999999999999999-1', '9007199254740993-1', '1.5-2'])
      for (const headers of [{}, htmx]) {
        const res = await counsellor.get(`/cases/${kase.id}/timeline?before=${encodeURIComponent(before)}`, headers);
        expect(res.statusCode, before).toBe(400);
        expect(renderedIds(res.body), before).toEqual([]);
      }
    const twice = await counsellor.get(`/cases/${kase.id}/timeline?before=1-2&before=3-4`);
    expect(twice.statusCode).toBe(400);
    const foreign = await chicago.get(`/cases/${kase.id}/timeline?before=${Number.MAX_SAFE_INTEGER}-1`);
    const missing = await chicago.get(`/cases/99999999/timeline?before=${Number.MAX_SAFE_INTEGER}-1`);
    expect(foreign.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(foreign.body).not.toContain(kase.reference);
    expect(textOf(foreign.body)).not.toContain('Entry #');
  });

  it('shows an empty older page before the first entry as the beginning', async () => {
    const res = await counsellor.get(`/cases/${kase.id}/timeline?before=0-0`);
    expect(res.statusCode).toBe(200);
    expect(renderedIds(res.body)).toEqual([]);
    expect(textOf(res.body)).toContain('This is where the timeline begins.');
    expect(textOf(res.body)).toContain(`Older timeline entries of ${kase.reference}`);
  });

  it('reads each page from the (case_id, at, id) index, without sorting', () => {
    const client = t.db.$client;
    const prepare = client.prepare.bind(client);
    const statements: string[] = [];
    client.prepare = ((source: string) => {
      statements.push(source);
      return prepare(source);
    }) as typeof client.prepare;
    try {
      const actor = { id: d.counsellor.id, role: 'counsellor' as const, contactPointIds: [d.ldn.id] };
      const first = timelinePage(t.db, actor, kase);
      const [at, id] = first.older!.cursor.split('-').map(Number) as [number, number];
      timelinePage(t.db, actor, kase, { at, id });
    } finally {
      client.prepare = prepare;
    }
    const timelineQueries = statements.filter((s) => /from "case_events"/.test(s));
    expect(timelineQueries.length).toBeGreaterThanOrEqual(3);
    for (const source of timelineQueries) {
      const plan = (client.prepare(`explain query plan ${source}`).all(...(source.match(/\?/g) ?? []).map(() => 1)) as { detail: string }[]).map((r) => r.detail);
      expect(plan.join('\n'), source).toMatch(/SEARCH case_events USING (COVERING )?INDEX case_events_case \(case_id=\?/);
      expect(plan.join('\n'), source).not.toMatch(/TEMP B-TREE|SCAN case_events/);
    }
  });
});
