import { supportedLocales } from '../../src/i18n/index.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchWrites } from '../../src/db/write.js';
import { sha256 } from '../../src/shared/tokens.js';
import { Agent, createTestApp, signIn, textOf, type TestApp } from '../helpers/app.js';
import { enrolSecondFactor } from '../helpers/second-factor.js';

/**
 * Bad input as a property (issue 11): every route of the app, found through its onRoute hook so that a new route is
 * fuzzed without touching this file, gets generated requests — missing, huge, wrong-type, duplicated and malformed
 * fields, invalid dates, NUL bytes, lone surrogates, RTL marks, `__proto__`, JSON, multipart and empty bodies, odd
 * ids and odd query strings — and must never answer 5xx, and after any 4xx the user data must be as it was.
 *
 * The requests start from what a browser would send: each role crawls the demo app from its dashboard and keeps the
 * forms it is shown (their actions give real ids, their fields real names and values), and most requests carry the
 * real CSRF token, so that they get past the token check to the code that parses them.
 *
 * The same requests are sent again while another process holds the database's write lock, and on a full disk
 * (DESIGN §4): none may answer 5xx but the 503 that says nothing was saved and why — with, on a plain form's page,
 * what was typed and a form that sends it again — and nothing may change after it (under the lock, nothing at all).
 *
 * `npm run fuzz -- --count 10000` sends more (FUZZ_COUNT); FUZZ_SEED replays a run that failed.
 */
const COUNT = Number(process.env.FUZZ_COUNT) || 0;
const POST_RUNS = COUNT || 900;
const GET_RUNS = COUNT ? Math.ceil(COUNT / 4) : 250;
/** Under a held lock each write waits LOCKED_PATIENCE_MS before its 503, so fewer runs. */
const LOCKED_POST_RUNS = COUNT ? Math.ceil(COUNT / 10) : 150;
const LOCKED_GET_RUNS = COUNT ? Math.ceil(COUNT / 20) : 60;
const LOCKED_PATIENCE_MS = 10;
const FULL_POST_RUNS = COUNT ? Math.ceil(COUNT / 10) : 150;
/**
 * The bounded run in `npm test` replays one fixed seed, so CI is repeatable and its coverage checks (enough requests
 * reached a write) cannot flake; `npm run fuzz` draws a new seed each time unless FUZZ_SEED is given.
 */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : COUNT ? undefined : 20261124;
/** Hang detector only: a run of 10,000 takes minutes on two cores. */
const TIMEOUT = 120_000 + (COUNT || 0) * 60;

/**
 * Tables left out of the fingerprint, because a refused request may rightly change them:
 * - audit_log: refusals (permission_denied, login_failed) and the views behind a re-rendered form are audited;
 * - sessions: every request slides the session's idle expiry (and the harness puts back a session a request ended);
 * - login_throttle, login_address_throttle, second_factor_throttle: a refused sign-in, or a wrong second-factor code,
 *   counts against the account and the client address;
 * - second_factor_pending: a session's second step, which goes with the session;
 * - sqlite_sequence: the AUTOINCREMENT counters move with each audit_log row;
 * - __drizzle_migrations: schema bookkeeping, not data;
 * - case_search_*: FTS5's own storage behind case_search, which is fingerprinted through the virtual table itself.
 */
const EXCLUDED = /^(audit_log|sessions|login_throttle|login_address_throttle|second_factor_throttle|second_factor_pending|sqlite_sequence|__drizzle_migrations|case_search_.+)$/;

type Role = 'anonymous' | 'counsellor' | 'supervisor' | 'admin';
const ROLES: Role[] = ['anonymous', 'counsellor', 'supervisor', 'admin'];
const EMAILS: Record<Exclude<Role, 'anonymous'>, string> = {
  counsellor: 'counsellor@demo.test',
  supervisor: 'supervisor@demo.test',
  admin: 'admin@demo.test',
};

type Route = { method: 'GET' | 'POST'; url: string; params: string[]; regex: RegExp };
type Field = [name: string, value: string];
type FoundForm = { role: Role; path: string; fields: Field[]; submits: Field[] };
type Client = { role: Role; agent: Agent; session: Record<string, unknown> | null };
type Sent = { method: string; url: string; headers: Record<string, string>; payload?: string | Buffer; note: string };

let t: TestApp;
const routes: Route[] = [];
const errorLog: string[] = [];
const clients = new Map<Role, Client>();
/** Per route pattern: the forms that post to it, and the pages of it that the crawl opened (with who could). */
const formsTo = new Map<string, FoundForm[]>();
const pagesOf = new Map<string, { role: Role; path: string }[]>();
/** Every field name the app's forms use, with the values seen: wrong-but-plausible values for other forms. */
const fieldValues = new Map<string, Set<string>>();
/** Fields whose value a parser reads (choices, dates, numbers, hidden ids): where a wrong value goes deepest. */
const typedNames = new Set<string>();
/** Query parameter names seen in links and GET forms. */
const queryNames = new Set<string>(['q', 'page', 'sort', 'dir', 'notice', 'kind', 'person', 'all', 'from', 'to', 'cp', 'n']);
const sent = { crawl: 0, oddIds: 0, post: 0, get: 0, lockedPost: 0, lockedGet: 0, fullPost: 0, unavailable: { busy: 0, full: 0 }, sentAgain: 0 };
/** The records that keep the fuzzing roles signed in and at their desk: the harness's own users and their contact point. */
let protectedPaths: string[] = [];
const isProtected = (path: string) => protectedPaths.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}?`));

function toRoute(method: 'GET' | 'POST', url: string): Route {
  const params: string[] = [];
  const source = url
    .split('/')
    .map((segment) =>
      segment.startsWith(':')
        ? (params.push(segment.slice(1)), '([^/]+)')
        : segment === '*'
          ? '.*'
          : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return { method, url, params, regex: new RegExp(`^${source}$`) };
}

/** The route a concrete path belongs to (static routes before parametric ones, as the router decides). */
function routeOf(method: string, path: string): { route: Route; values: string[] } | null {
  const candidates = routes.filter((r) => r.method === method).sort((a, b) => a.params.length - b.params.length);
  for (const route of candidates) {
    const m = route.regex.exec(path);
    if (m) return { route, values: m.slice(1) };
  }
  return null;
}

// ---------------------------------------------------------------- reading pages as a browser would

const decode = (s: string) =>
  s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x2F;/g, '/').replace(/&amp;/g, '&');
const attr = (attrs: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(` ${attrs}`);
  return m ? decode(m[1]!) : undefined;
};
const hasAttr = (attrs: string, name: string) => new RegExp(`\\s${name}(\\s|=|$)`).test(` ${attrs}`);

function note(name: string, value: string) {
  if (name === '_csrf') return;
  let set = fieldValues.get(name);
  if (!set) fieldValues.set(name, (set = new Set()));
  if (set.size < 12) set.add(value);
}

/** The forms of a page: what submitting each unchanged would send (checked boxes, selected options, typed text). */
function formsOf(html: string): { method: string; action: string; fields: Field[]; submits: Field[] }[] {
  const out = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const [, attrs = '', body = ''] = m;
    const action = attr(attrs, 'hx-post') ?? attr(attrs, 'action') ?? '';
    const method = attr(attrs, 'hx-post') ? 'post' : (attr(attrs, 'method') ?? 'get').toLowerCase();
    const fields: Field[] = [];
    const submits: Field[] = [];
    for (const i of body.matchAll(/<input\b([^>]*)>/g)) {
      const a = i[1]!;
      const name = attr(a, 'name');
      if (!name) continue;
      const type = (attr(a, 'type') ?? 'text').toLowerCase();
      const value = attr(a, 'value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : '');
      note(name, value);
      if (!['text', 'search', 'password'].includes(type)) typedNames.add(name);
      if (type === 'submit') submits.push([name, value]);
      else if (type === 'checkbox' || type === 'radio') {
        if (hasAttr(a, 'checked')) fields.push([name, value]);
      } else fields.push([name, value]);
    }
    for (const x of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
      const name = attr(x[1]!, 'name');
      if (!name) continue;
      fields.push([name, decode(x[2]!)]);
      note(name, decode(x[2]!));
    }
    for (const s of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const name = attr(s[1]!, 'name');
      if (!name) continue;
      typedNames.add(name);
      const options = [...s[2]!.matchAll(/<option\b([^>]*)>/g)].map((o) => ({ value: attr(o[1]!, 'value') ?? '', selected: hasAttr(o[1]!, 'selected') }));
      for (const o of options) note(name, o.value);
      const chosen = options.filter((o) => o.selected);
      for (const o of chosen.length ? chosen : options.slice(0, 1)) fields.push([name, o.value]);
    }
    const elsewhere: string[] = [];
    for (const b of body.matchAll(/<button\b([^>]*)>/g)) {
      const name = attr(b[1]!, 'name');
      if (name) {
        submits.push([name, attr(b[1]!, 'value') ?? '']);
        note(name, attr(b[1]!, 'value') ?? '');
      }
      const formaction = attr(b[1]!, 'formaction');
      if (formaction) elsewhere.push(formaction);
    }
    out.push({ method, action, fields, submits });
    // A button with its own formaction (the letter preview) posts the same fields somewhere else.
    for (const other of elsewhere) out.push({ method, action: other, fields, submits: [] });
  }
  return out;
}

function cookieHeader(c: Client) {
  return [...c.agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

let ip = 0;
/** Each request from its own address, so that the per-address limits (sign-in, unknown pages) never hide a route. */
const nextAddress = () => (ip++, `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}`);

/** A request may end the session it came with (sign-out, "end this session"): put it back, so the role stays signed in. */
function keepSignedIn(c: Client) {
  if (!c.session) return;
  const row = c.session;
  // Only when it is gone: a write would fail while another process holds the lock (and a held lock ends no session).
  if (t.db.$client.prepare('SELECT 1 FROM sessions WHERE id = ?').get(row.id)) return;
  const cols = Object.keys(row);
  t.db.$client.prepare(`INSERT OR IGNORE INTO sessions (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((k) => row[k]));
}

async function send(c: Client, req: Sent): Promise<LightMyRequestResponse> {
  keepSignedIn(c);
  return t.app.inject({
    method: req.method as 'GET' | 'POST',
    url: req.url,
    payload: req.payload,
    headers: { cookie: cookieHeader(c), ...req.headers },
    remoteAddress: nextAddress(),
  });
}

async function crawl(c: Client, seeds: string[] = []) {
  const perPattern = new Map<string, number>();
  const queue = ['/', ...seeds, ...routes.filter((r) => r.method === 'GET' && r.params.length === 0 && r.url !== '/static/*').map((r) => r.url)];
  const seen = new Set<string>();
  let pages = 0;
  while (queue.length && pages < 300) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const [path = ''] = url.split('?');
    const found = routeOf('GET', path);
    if (!found) continue;
    // A few pages of each kind (different records, different states), each kind opened with and without a query.
    const count = perPattern.get(found.route.url) ?? 0;
    if (count >= (found.route.params.length ? 6 : 3)) continue;
    pages++;
    sent.crawl++;
    const res = await send(c, { method: 'GET', url, headers: {}, note: 'crawl' });
    if (res.statusCode !== 200) continue;
    perPattern.set(found.route.url, count + 1);
    let list = pagesOf.get(found.route.url);
    if (!list) pagesOf.set(found.route.url, (list = []));
    list.push({ role: c.role, path: url });
    if (!String(res.headers['content-type']).startsWith('text/html')) continue;
    for (const m of res.body.matchAll(/\s(?:href|hx-get)="([^"]+)"/g)) {
      const href = decode(m[1]!).split('#')[0]!;
      if (!href.startsWith('/') || href.startsWith('//') || href.startsWith('/static/')) continue;
      for (const [k] of new URLSearchParams(href.split('?')[1] ?? '')) queryNames.add(k);
      queue.push(href);
    }
    for (const form of formsOf(res.body)) {
      if (form.method === 'get') {
        for (const [k] of form.fields) queryNames.add(k);
        continue;
      }
      const target = routeOf('POST', form.action.split('?')[0]!);
      if (!target) continue;
      let forms = formsTo.get(target.route.url);
      if (!forms) formsTo.set(target.route.url, (forms = []));
      if (forms.filter((f) => f.role === c.role).length < 6) forms.push({ role: c.role, path: form.action, fields: form.fields, submits: form.submits });
    }
  }
}

// ---------------------------------------------------------------- the fingerprint of the user data

let tables: string[] = [];
const hashes = new Map<string, string>();

/**
 * The tables the fingerprint covers, each watched by temporary triggers (this connection only) that note a write, so
 * that only a table written to is hashed again. The FTS5 table has no triggers and is hashed every time. The note
 * table has no key on purpose: a statement's ON CONFLICT clause (an upsert) overrides the conflict handling of the
 * statements in its triggers, so an OR IGNORE there would turn a second upsert in one request into a constraint error.
 */
function watchUserTables() {
  const db = t.db.$client;
  const rows = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string; sql: string }[];
  tables = rows.map((r) => r.name).filter((name) => !EXCLUDED.test(name));
  db.exec('CREATE TEMP TABLE fuzz_written (name TEXT)');
  for (const { name, sql } of rows) {
    if (!tables.includes(name) || /^CREATE VIRTUAL/i.test(sql)) continue;
    for (const event of ['INSERT', 'UPDATE', 'DELETE'])
      db.exec(`CREATE TEMP TRIGGER "fuzz_${name}_${event}" AFTER ${event} ON main."${name}" BEGIN INSERT INTO fuzz_written VALUES ('${name}'); END`);
  }
}

function hashTable(name: string): string {
  const hash = createHash('sha1');
  let n = 0;
  for (const row of t.db.$client.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).raw(true).iterate() as Iterable<unknown[]>) {
    n++;
    for (const v of row) {
      if (Buffer.isBuffer(v)) hash.update(v);
      else hash.update(v === null ? '\u0001' : `${typeof v}:${String(v)}`);
      hash.update('\u0000');
    }
    hash.update('\u0002');
  }
  return `${n}:${hash.digest('hex')}`;
}

/** Per table: its row count and a hash of every value in rowid order. */
function fingerprint(): Map<string, string> {
  const db = t.db.$client;
  const written = new Set((db.prepare('SELECT DISTINCT name FROM fuzz_written').all() as { name: string }[]).map((r) => r.name));
  db.exec('DELETE FROM fuzz_written');
  for (const name of tables) if (!hashes.has(name) || written.has(name) || name === 'case_search') hashes.set(name, hashTable(name));
  return new Map(hashes);
}

const changedTables = (a: Map<string, string>, b: Map<string, string>) => [...a].filter(([k, v]) => b.get(k) !== v).map(([k, v]) => `${k} (${v.split(':')[0]} → ${b.get(k)?.split(':')[0]} rows)`);

// ---------------------------------------------------------------- generated input

const HUGE = 100 * 1024;
const huge = [
  'x'.repeat(HUGE),
  '\u0645'.repeat(HUGE / 2), // Arabic letters: 2 bytes each
  `${'\u202E'.repeat(10)}${'a\u0000'.repeat(HUGE / 2)}`,
  '9'.repeat(HUGE),
];
const WEIRD = [
  '', ' ', '  \t\n', '\u0000', 'a\u0000b', '\u0000\u0000\u0000', '\uD800', '\uDFFF', 'x\uD83D', '\uDE00y', '\uFFFE', '\uFEFF',
  '\u200F', '\u202Eevil\u202C', '\u2066x\u2069', '\u200Fمحمد\u200E', 'שלום', '\u0301', 'e\u0301', '🧑🏽‍🌾',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'null', 'undefined', 'true', 'false', '[object Object]',
  '0', '-1', '-0', '1', '1e3', '1E3', '0x10', '0b1', '0o7', ' 46', '46 ', '046', '+46', '46.0', '4.6e1', '9007199254740991', '9007199254740993',
  '99999999999999999999999', '1.5', 'NaN', 'Infinity', '-Infinity', '١٢', '１２', '²',
  '2026-02-30', '2026-13-01', '2026-00-10', '0000-00-00', '9999-12-31', '+275760-09-13', '-000001-01-01', '2026-1-1', '2026-11-24T10:00:00Z',
  '24/11/2026', 'yesterday', 'today', 'tomorrow', '25:61', '23:59:60', '-01:00',
  '€€', '€', 'usd', 'XXX', 'ABC', 'GB', 'gb', 'ZZ', 'UTC', 'Mars/Olympus', 'Europe/London',
  'on', 'off', 'yes', '<script>alert(1)</script>', '"><img src=x>', "'; DROP TABLE cases; --", '%', '%zz', '%00', '\\', '../../etc/passwd',
  'a@b', 'not an email', 'https://example.org', 'javascript:alert(1)', 'a'.repeat(201), 'a'.repeat(10_001), 'a,b,,c', '*', '"', 'NEAR(', 'a OR',
];
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
const anyUnit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('a', 'Z', '0', '9', ' ', '-', ':', '.', ',', '@', '/', '%', '&', '=', '+', '#', '?') },
  { weight: 1, arbitrary: fc.constantFrom('\u0000', '\uD800', '\uDBFF', '\uDC00', '\u200F', '\u202E', '\u2066', '\uFEFF', '\r', '\n', '\t', 'é', 'م', 'ש', '中') },
  { weight: 1, arbitrary: codeUnit },
);
const dateish = fc
  .tuple(fc.integer({ min: -1, max: 10_000 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
  .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const weirdValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...WEIRD) },
  { weight: 3, arbitrary: fc.string({ unit: anyUnit, maxLength: 30 }) },
  { weight: 2, arbitrary: dateish },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.constantFrom(...huge) },
);
const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: weirdValue },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(weirdValue, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('a', '__proto__', 'toString', '0', 'length'), weirdValue, { maxKeys: 2 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** What is done to a field of the form: dropped, replaced, repeated or made wrong (the other fields are sent as they are). */
const fieldOp = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ op: 'drop' as const }) },
  { weight: 3, arbitrary: weirdValue.map((value) => ({ op: 'replace' as const, value })) },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ op: 'plausible' as const, pick })) },
  { weight: 1, arbitrary: fc.array(weirdValue, { minLength: 1, maxLength: 3 }).map((values) => ({ op: 'repeat' as const, values })) },
  { weight: 1, arbitrary: jsonValue.map((value) => ({ op: 'json' as const, value })) },
);
type FieldOp = typeof fieldOp extends fc.Arbitrary<infer T> ? T : never;

const encodings = ['form', 'form', 'form', 'form', 'form', 'form', 'json', 'json', 'multipart', 'brokenForm', 'brokenJson', 'empty', 'text', 'noType'] as const;
type Encoding = (typeof encodings)[number];
const tokenWays = ['field', 'field', 'field', 'field', 'field', 'field', 'field', 'field', 'field', 'field', 'header', 'header', 'header', 'none', 'wrong', 'twice'] as const;
type TokenWay = (typeof tokenWays)[number];

const requestPlan = fc.record({
  routeSel: fc.nat(),
  roleSel: fc.nat(99),
  baseSel: fc.nat(),
  pathWay: fc.constantFrom('form', 'form', 'form', 'form', 'known', 'odd'),
  oddSel: fc.nat(),
  ops: fc.array(fc.tuple(fc.nat(), fieldOp), { maxLength: 6 }),
  extras: fc.array(fc.tuple(fc.oneof(fc.nat(), fc.constantFrom('__proto__', 'constructor', '__proto__[isAdmin]', 'a[b]', '', '_csrf')), fc.oneof(weirdValue, fc.constant('on'))), { maxLength: 3 }),
  encoding: fc.constantFrom(...encodings),
  token: fc.constantFrom(...tokenWays),
  htmx: fc.boolean(),
  breakAt: fc.nat(),
});
type Plan = typeof requestPlan extends fc.Arbitrary<infer T> ? T : never;

/** Odd spellings of a real id: each names the same number to a lenient parser, none is a plain decimal integer. */
function oddIds(real: string): string[] {
  const out = ['0', '-1', '00', '1e3', '0x10', '%2046', '9007199254740993', '99999999999999999', 'NaN', 'abc', '%E2%80%8F1', '%00', '1%00', '%EF%BC%91', '%D9%A1', '..', '%2F1', '1;2', '1,2'];
  if (/^\d+$/.test(real)) {
    const n = Number(real);
    out.push(`0x${n.toString(16)}`, `%20${real}`, `${real}%20`, `0${real}`, `+${real}`, `${real}.0`, `${real}e0`, `${real}%09`, `${n * 10}e-1`);
  } else out.push(real.toUpperCase(), `%20${real}`, `{${real}}`, `${real}%00`, encodeURIComponent(real).replace(/-/g, '%2D'));
  return out;
}

/** Writes a string as UTF-8 percent-encoding, lone surrogates included (as WTF-8 bytes, which are not UTF-8). */
function percentEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const isHigh = code >= 0xd800 && code <= 0xdbff;
    const next = s.charCodeAt(i + 1);
    if (isHigh && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(s[i]! + s[i + 1]!);
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else out += encodeURIComponent(s[i]!);
  }
  return out;
}

const pick = <T>(list: readonly T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);

function chooseClient(route: Route, plan: Plan): Client {
  const able = [...new Set([...(formsTo.get(route.url) ?? []), ...(pagesOf.get(route.url) ?? [])].map((f) => f.role))];
  // Mostly a role that is offered this route, sometimes anyone (and someone signed out).
  const role = plan.roleSel < 80 && able.length ? pick(able, plan.baseSel)! : pick(ROLES, plan.roleSel)!;
  return clients.get(role)!;
}

/** A concrete path for the route: one a page linked to or a form posted to, another real one, or an odd id. */
function choosePath(route: Route, plan: Plan, known: string[]): string {
  const formPath = pick(known, plan.baseSel);
  if (plan.pathWay === 'form' && formPath) return formPath;
  // Real values of each parameter, from anything the crawl saw under the same route (or under the same prefix).
  const values = route.params.map((_, i) => {
    const seen = known.map((p) => routeOf(route.method, p.split('?')[0]!)?.values[i]).filter((v): v is string => !!v);
    return pick(seen.length ? seen : borrowed(route, i), plan.oddSel >> 3) ?? '1';
  });
  if (plan.pathWay === 'odd' && route.params.length) {
    const which = plan.oddSel % route.params.length;
    values[which] = pick(oddIds(values[which]!), plan.oddSel >> 2)!;
  }
  let i = 0;
  return route.url.replace(/:[A-Za-z]+/g, () => values[i++]!);
}

/** Values of a route's i-th parameter seen in any path that shares the route's prefix up to it (/transfers/:id/…). */
function borrowed(route: Route, i: number): string[] {
  const prefix = route.url.split(`:${route.params[i]}`)[0]!.replace(/:[A-Za-z]+/g, '[^/]+');
  const re = new RegExp(`^${prefix}([^/?]+)`);
  const paths = [...formsTo.values(), ...pagesOf.values()].flat().map((f) => f.path).filter((p) => !isProtected(p));
  return [...new Set(paths.map((p) => re.exec(p)?.[1]).filter((v): v is string => !!v && !/^(new|search|calendar|calculator)$/.test(v)))];
}

function applyOps(base: Field[], plan: Plan): [string, unknown][] {
  const out: [string, unknown][] = [];
  const names = [...fieldValues.keys()];
  // Most fields as the page filled them, a few changed: the request gets past the first check to the deeper ones.
  const ops = new Map<number, FieldOp>();
  const typed = base.flatMap(([name], i) => (typedNames.has(name) && name !== '_csrf' ? [i] : []));
  for (const [at, op] of plan.ops) if (base.length) ops.set(at % 2 === 0 && typed.length ? typed[(at >> 1) % typed.length]! : at % base.length, op);
  base.forEach(([name, value], i) => {
    const op = ops.get(i);
    if (name === '_csrf') return;
    switch (op?.op) {
      case undefined:
        return void out.push([name, value]);
      case 'drop':
        return;
      case 'replace':
        return void out.push([name, op.value]);
      case 'plausible':
        return void out.push([name, pick([...(fieldValues.get(name) ?? [value])], op.pick) ?? value]);
      case 'repeat':
        for (const v of [value, ...op.values]) out.push([name, v]);
        return;
      case 'json':
        return void out.push([name, op.value]);
    }
  });
  for (const [key, value] of plan.extras) out.push([typeof key === 'number' ? (pick(names, key) ?? 'x') : key, value]);
  return out;
}

function buildBody(fields: [string, unknown][], plan: Plan, token: string): { payload?: string | Buffer; headers: Record<string, string>; note: string } {
  const enc: Encoding = plan.encoding;
  // A body without fields cannot carry the token: then it travels in the header, as htmx sends it.
  const way: TokenWay = plan.token === 'field' && !['form', 'brokenForm', 'json', 'multipart'].includes(enc) ? 'header' : plan.token;
  const headers: Record<string, string> = {};
  if (plan.htmx) headers['hx-request'] = 'true';
  if (way === 'header') headers['x-csrf-token'] = token;
  const tokenFields: [string, unknown][] = way === 'field' ? [['_csrf', token]] : way === 'wrong' ? [['_csrf', `${token.slice(0, -2)}xx`]] : way === 'twice' ? [['_csrf', token], ['_csrf', token]] : [];
  const all = [...tokenFields, ...fields];
  const asText = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const form = () => all.map(([k, v]) => `${percentEncode(k)}=${percentEncode(asText(v))}`).join('&');
  const json = () => `{${all.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`;
  switch (enc) {
    case 'form':
      return { payload: form(), headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, note: enc };
    case 'brokenForm': {
      const body = form();
      const at = plan.breakAt % (body.length + 1);
      const junk = pick(['%', '%E0%A4', '%FF%FE', '&&==&', '%uD800', '=%', '%%%', '&__proto__=1&', '\u0000'], plan.breakAt)!;
      return { payload: body.slice(0, at) + junk + body.slice(at), headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, note: enc };
    }
    case 'json':
      return { payload: json(), headers: { ...headers, 'content-type': 'application/json' }, note: enc };
    case 'brokenJson': {
      const body = pick([json().slice(0, -1), `${json()}x`, 'null', '[]', '"text"', '1', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', '['.repeat(5000)], plan.breakAt)!;
      return { payload: body, headers: { ...headers, 'content-type': 'application/json' }, note: enc };
    }
    case 'multipart': {
      const boundary = '----fuzz7MA4YWxkTrZu0gW';
      const parts = all.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${asText(v)}\r\n`).join('');
      return { payload: Buffer.from(`${parts}--${boundary}--\r\n`), headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` }, note: enc };
    }
    case 'empty':
      return { payload: '', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, note: enc };
    case 'text':
      return { payload: form(), headers: { ...headers, 'content-type': 'text/plain' }, note: enc };
    case 'noType':
      return { payload: undefined, headers, note: enc };
  }
}

function describeRequest(c: Client, req: Sent) {
  const body = req.payload === undefined ? '' : String(req.payload);
  return `${c.role} ${req.method} ${req.url} [${req.note}] ${JSON.stringify(req.headers)} ${body.length > 600 ? `${body.slice(0, 600)}… (${body.length} chars)` : body}`;
}

/** Sends one request and checks the two properties; the fingerprint after it is the one before the next. */
let before: Map<string, string>;
async function check(c: Client, req: Sent) {
  const logFrom = errorLog.length;
  const res = await send(c, req);
  const after = fingerprint();
  if (res.statusCode >= 500) {
    throw new Error(`${res.statusCode} for ${describeRequest(c, req)}\n${errorLog.slice(logFrom).join('').slice(0, 3000)}`);
  }
  if (res.statusCode >= 400) {
    const changed = changedTables(before, after);
    if (changed.length) throw new Error(`${res.statusCode}, yet ${changed.join(', ')} changed, for ${describeRequest(c, req)}`);
  }
  before = after;
  return res;
}

/**
 * The error texts of the page's own language (its <html lang>): a generated form may switch the account's language
 * (POST /account/language), and every page after it speaks that language.
 */
type ErrorTexts = { unavailable: Record<'busy' | 'full', string[]>; typedHeading: string; labels: Record<string, string> };
const errorTexts = new Map<string, ErrorTexts>();
function errorTextsOf(html: string): ErrorTexts {
  const lang = /<html lang="([a-z]+)"/.exec(html)?.[1] ?? 'en';
  if (!(supportedLocales as readonly string[]).includes(lang)) throw new Error(`a page in an unknown language: ${lang}`);
  let texts = errorTexts.get(lang);
  if (!texts) {
    type Catalogue = Record<'writeUnavailable' | 'signInUnavailable', Record<'busy' | 'full', string>> & { typed: { heading: string; field: Record<string, string> } };
    const errors = JSON.parse(readFileSync(`src/i18n/locales/${lang}/errors.json`, 'utf8')) as Catalogue;
    // What a 503 says for each fault (errors.writeUnavailable.*, errors.signInUnavailable.*): its first clause.
    const clause = (message: string) => message.split(/[.:،]/)[0]!;
    const unavailable = {
      busy: [clause(errors.writeUnavailable.busy), clause(errors.signInUnavailable.busy)],
      full: [clause(errors.writeUnavailable.full), clause(errors.signInUnavailable.full)],
    };
    texts = { unavailable, typedHeading: errors.typed.heading, labels: errors.typed.field };
    errorTexts.set(lang, texts);
  }
  return texts;
}
/** The fields the 503 page never gives back (src/plugins/errors.ts). */
const SECRET_FIELD = /password|passphrase|token|secret|otp/i;

/**
 * A request sent while the database cannot take writes: another process holds the lock ('busy': then nothing may
 * change, whatever the answer) or the disk is full ('full': nothing may change after a 4xx or 5xx). The only 5xx
 * allowed is the 503 that says nothing was saved and why. `typed`: the fields of a plain urlencoded form, whose 503
 * page must give back what was typed (and, without a secret among them, a form that sends it again to the same address).
 */
async function checkUnavailable(fault: 'busy' | 'full', c: Client, req: Sent, typed: [string, string][] | null) {
  const logFrom = errorLog.length;
  const res = await send(c, req);
  const after = fingerprint();
  const changed = changedTables(before, after);
  const state = fault === 'busy' ? 'under a held lock' : 'on a full disk';
  if (changed.length && (fault === 'busy' || res.statusCode >= 400)) throw new Error(`${res.statusCode} ${state}, yet ${changed.join(', ')} changed, for ${describeRequest(c, req)}`);
  if (res.statusCode >= 500 && res.statusCode !== 503) {
    throw new Error(`${res.statusCode} ${state} for ${describeRequest(c, req)}\n${errorLog.slice(logFrom).join('').slice(0, 3000)}`);
  }
  if (res.statusCode === 503) {
    sent.unavailable[fault]++;
    const text = textOf(res.body);
    // An htmx answer is a fragment without <html lang>: it may be in any of the languages.
    const said = supportedLocales.flatMap((lang) => errorTextsOf(`<html lang="${lang}">`).unavailable[fault]);
    if (!said.some((m) => text.includes(m))) throw new Error(`a 503 ${state} that does not say why nothing was saved, for ${describeRequest(c, req)}: ${text.slice(0, 500)}`);
    if (typed) checkTypedBack(res.body, c, req, typed);
  }
  before = after;
  return res;
}

/** No lone surrogate (String.prototype.isWellFormed, which Node 20's TypeScript lib does not declare). */
const wellFormed = (s: string) => !/\p{Cs}/u.test(s);

function checkTypedBack(html: string, c: Client, req: Sent, typed: [string, string][]) {
  // A field without a name is no field: the form parser drops it, as a browser never sends one.
  const fields = typed.filter(([name]) => name !== '_csrf' && name !== '');
  if (!fields.some(([, v]) => v.trim() !== '')) return;
  const fail = (what: string) => {
    throw new Error(`the 503 page ${what}, for ${describeRequest(c, req)}`);
  };
  const texts = errorTextsOf(html);
  const labelOf = (name: string) => (Object.hasOwn(texts.labels, name) ? texts.labels[name]! : name);
  if (!textOf(html).includes(texts.typedHeading)) fail('does not give back what was typed');
  // The page's own forms, not the layout's (sign out).
  const page = /<section class="[^"]*error-page">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
  const again = formsOf(page).filter((f) => f.method === 'post');
  if (fields.some(([name]) => SECRET_FIELD.test(name))) {
    if (again.length) fail('offers to send a form again without its secret field');
    return;
  }
  if (again.length !== 1) return fail('has no form to send it again');
  const form = again[0]!;
  if (form.action !== req.url) fail(`sends it again to ${form.action}`);
  // Per field name, the values in order (the parser may order the names differently). A name or value that is not
  // well-formed UTF-16 (a lone surrogate) comes back replaced, as any UTF-8 page shows it: then only the number of
  // fields is compared.
  const sentBack = form.fields.filter(([name]) => name !== '_csrf');
  const group = (list: [string, string][]) => {
    const out = new Map<string, string[]>();
    for (const [name, value] of list) out.set(name, [...(out.get(name) ?? []), value]);
    return JSON.stringify([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
  };
  const exact = fields.every(([name, value]) => wellFormed(name) && wellFormed(value));
  const [want, got] = exact ? [group(fields), group(sentBack)] : [String(fields.length), String(sentBack.length)];
  if (want !== got) fail(`sends back ${got.slice(0, 1500)} instead of ${want.slice(0, 1500)}`);
  // Each field shown under its label, or its name: a name is never looked up as a translation key of its own.
  if (exact) {
    const labels = [...page.matchAll(/<label for="typed-\d+">([\s\S]*?)<\/label>/g)].map((m) => decode(m[1]!)).sort();
    const named = fields.filter(([, v]) => v.trim() !== '').map(([name]) => labelOf(name)).sort();
    if (JSON.stringify(labels) !== JSON.stringify(named)) fail(`labels the fields ${JSON.stringify(labels).slice(0, 800)} instead of ${JSON.stringify(named).slice(0, 800)}`);
  }
  sent.sentAgain++;
}

/** A generated POST: a form the crawl found (or none), changed by the plan, to a path of its route. */
function postRequest(post: Route[], plan: Plan): { c: Client; req: Sent; fields: [string, unknown][] } {
  const route = pick(post, plan.routeSel)!;
  const c = chooseClient(route, plan);
  const forms = formsTo.get(route.url) ?? [];
  const mine = forms.filter((f) => f.role === c.role);
  const base = pick(mine.length ? mine : forms, plan.baseSel);
  const path = choosePath(route, plan, [...new Set(forms.map((f) => f.path))]);
  const submit = base ? pick(base.submits, plan.breakAt) : undefined;
  const fields = applyOps([...(base?.fields ?? []), ...(submit ? [submit] : [])], plan);
  const body = buildBody(fields, plan, c.agent.csrf);
  return { c, req: { method: 'POST', url: path, ...body }, fields };
}

/** Odd query strings: names the app uses and some it does not, with weird values. */
const queryPairs = () =>
  fc.array(fc.tuple(fc.oneof(fc.constantFrom(...queryNames), fc.constantFrom('__proto__', 'constructor', 'a[]', '')), fc.oneof(weirdValue, fc.constantFrom(...queryNames))), { maxLength: 4 });

/** A generated GET: a page the crawl opened (or another path of its route), with an odd query string. */
function getRequest(get: Route[], plan: Plan, pairs: [string, string][], keepQuery: boolean): { c: Client; req: Sent } {
  const route = pick(get, plan.routeSel)!;
  const c = chooseClient(route, plan);
  const pages = pagesOf.get(route.url) ?? [];
  const path = choosePath(route, plan, [...new Set(pages.map((p) => p.path.split('?')[0]!))]);
  const known = keepQuery ? (pick(pages, plan.baseSel)?.path.split('?')[1] ?? '') : '';
  const qs = [known, ...pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v.length > 2000 ? v.slice(0, 2000) : v)}`)].filter(Boolean).join('&');
  const headers: Record<string, string> = plan.htmx ? { 'hx-request': 'true' } : {};
  return { c, req: { method: 'GET', url: qs ? `${path}?${qs}` : path, headers, note: 'query' } };
}

/** The value a urlencoded body carries for a generated field (buildBody's asText). */
const asFieldText = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/**
 * Under a held lock most generated requests are refused before they write; half of them are therefore the crawled
 * form as the page filled it, with only odd extra fields, so that they reach a write unit and its 503.
 */
const lockedPlan = fc.oneof(
  requestPlan,
  requestPlan.map((p): Plan => ({ ...p, pathWay: 'form', ops: [], encoding: 'form', token: 'field' })),
);

let holder: Database.Database | null = null;
/** Another process's lock: a second connection to the same file inside BEGIN IMMEDIATE (as test/integration/faults.test.ts). */
function holdLock() {
  holder = new Database(t.config.databasePath);
  holder.exec('BEGIN IMMEDIATE');
  // A write gives up after this long; the property is the same for any patience.
  watchWrites(t.db, { log: t.app.log, patienceMs: { save: LOCKED_PATIENCE_MS, signIn: LOCKED_PATIENCE_MS } });
}
function releaseLock() {
  if (holder?.inTransaction) holder.exec('ROLLBACK');
  holder?.close();
  holder = null;
}

beforeAll(async () => {
  const stream = new Writable({ write: (chunk, _enc, done) => (errorLog.push(String(chunk)), done()) });
  t = await createTestApp(
    {},
    {
      seed: 'demo',
      logger: { level: 'error', stream },
      onRoute: (r) => {
        for (const m of [r.method].flat()) if ((m === 'GET' || m === 'POST') && r.url !== '/static/*') routes.push(toRoute(m as 'GET' | 'POST', r.url));
      },
    },
  );
  // A second factor for a fuzzing user (its settings and new recovery codes) and for one who is not (the
  // administrator's reset). Set up before the session is kept: setting one up rotates the session.
  await enrolSecondFactor(await signIn(t.app, 'coordinator@demo.test'), t.clock.now());
  for (const role of ROLES) {
    const agent = role === 'anonymous' ? new Agent(t.app) : await signIn(t.app, EMAILS[role]);
    if (role === 'anonymous') await agent.get('/login');
    if (role === 'supervisor') await enrolSecondFactor(agent, t.clock.now());
    const sessionId = agent.cookies.get('uniondesk_session');
    // The table is keyed on the SHA-256 of the cookie's id.
    const session = sessionId ? (t.db.$client.prepare('SELECT * FROM sessions WHERE id = ?').get(sha256(sessionId)) as Record<string, unknown>) : null;
    clients.set(role, { role, agent, session });
  }
  // What a desk has done before: a second session of each user (to end from the account page), a calendar feed
  // (to revoke), a one-time password link for a user who is not fuzzing (to open as someone signed out).
  for (const role of ROLES) if (role !== 'anonymous') await signIn(t.app, EMAILS[role]);
  await clients.get('counsellor')!.agent.post('/deadlines/calendar');
  // A sent referral sharing a file with its partner: the sharing form, and a link to revoke (src/partner-links).
  const sharing = t.db.$client
    .prepare("SELECT r.id, r.case_id AS caseId FROM referrals r JOIN cases c ON c.id = r.case_id JOIN contact_points cp ON cp.id = c.contact_point_id WHERE r.status IN ('sent', 'accepted') AND cp.ref_prefix = 'LDN' ORDER BY r.id LIMIT 1")
    .get() as { id: number; caseId: number } | undefined;
  if (sharing) {
    const counsellor = clients.get('counsellor')!.agent;
    await counsellor.get(`/cases/${sharing.caseId}/evidence`);
    await counsellor.postMultipart(`/cases/${sharing.caseId}/evidence`, [{ name: 'category', value: 'other' }, { name: 'files', filename: 'hours.txt', bytes: 'Worked 62 hours.\n', type: 'text/plain' }]);
    const file = t.db.$client.prepare('SELECT id FROM evidence_files WHERE case_id = ? ORDER BY id DESC LIMIT 1').get(sharing.caseId) as { id: number } | undefined;
    await counsellor.get(`/referrals/${sharing.id}`);
    if (file) await counsellor.post(`/referrals/${sharing.id}/links`, { evidenceIds: String(file.id), expiresInDays: '14' });
  }
  const admin = clients.get('admin')!.agent;
  const coordinator = t.db.$client.prepare("SELECT id FROM users WHERE email = 'coordinator@demo.test'").get() as { id: string };
  const link = /\/set-password\/[A-Za-z0-9_-]+/.exec((await admin.post(`/admin/users/${coordinator.id}/password-link`)).body)?.[0];
  // Records in states the dashboard's links may not reach within the crawl's budget: cases with trigger dates
  // (deadline proposals), transfers.
  const ids = (sql: string) => (t.db.$client.prepare(sql).all() as { id: number }[]).map((r) => r.id);
  const records = [
    ...ids('SELECT DISTINCT case_id AS id FROM case_trigger_dates').map((id) => `/cases/${id}/deadlines`),
    ...ids('SELECT id FROM transfers').map((id) => `/transfers/${id}`),
    ...ids('SELECT case_id AS id FROM transfers').map((id) => `/cases/${id}/transfer`),
    ...ids('SELECT referral_id AS id FROM partner_links').map((id) => `/referrals/${id}`),
  ];
  for (const c of clients.values()) await crawl(c, c.role === 'anonymous' ? (link ? [link] : []) : records);
  // The administrator's forms are fuzzed on the other desk and the users who are not fuzzing: a request that
  // deactivated the London desk or a fuzzing user would take that role's access away for the rest of the run.
  const agents = (t.db.$client.prepare(`SELECT id FROM users WHERE email IN (${Object.values(EMAILS).map(() => '?').join(', ')})`).all(...Object.values(EMAILS)) as { id: string }[]).map((u) => u.id);
  const desk = t.db.$client.prepare("SELECT id FROM contact_points WHERE ref_prefix = 'LDN'").get() as { id: number };
  protectedPaths = [...agents.map((id) => `/admin/users/${id}`), `/admin/contact-points/${desk.id}`];
  for (const [url, forms] of formsTo) formsTo.set(url, forms.filter((f) => !isProtected(f.path)));
  watchUserTables();
  before = fingerprint();
}, 60_000);

afterAll(async () => {
  releaseLock();
  console.log(
    `fuzz: ${routes.length} routes; ${sent.crawl} pages crawled, ${sent.oddIds} odd ids, ${sent.post} generated POST and ${sent.get} generated GET requests; ` +
      `under a held lock ${sent.lockedPost} POST (${sent.unavailable.busy} answered 503) and ${sent.lockedGet} GET; on a full disk ${sent.fullPost} POST (${sent.unavailable.full} answered 503); ` +
      `${sent.sentAgain} 503 pages with the typed form to send again`,
  );
  await t?.close();
});

describe('bad input, generated (issue 11)', () => {
  it('finds the routes through onRoute, and a form or a page for nearly every one of them', () => {
    const post = routes.filter((r) => r.method === 'POST');
    expect(post.length).toBeGreaterThan(40);
    const unreached = post.filter((r) => !formsTo.has(r.url)).map((r) => r.url);
    // The demo has no deadline proposal waiting (confirm, edit-proposal, dismiss), no changed rule (recompute) and no
    // transfer this desk could cancel; those routes are sent the ids of their neighbours (/cases/:id, /transfers/:id).
    // Nor has it an account awaiting a supervisor's confirmation (/supervision/accounts/:id/confirm), nor a local holiday
    // to remove (/contact-points/:id/holidays/:holidayId/delete): London and Chicago keep none beyond their public holidays.
    // No fuzzing client is half signed in, so none sees the code page (/login/code): second-factor.test.ts sends it bad input.
    // A bulk intake's column and confirm steps (/collectives/:id/import/:token/…) exist only after a sheet is uploaded
    // (multipart, which the crawl does not send): collective.test.ts sends them bad input. The demo's groups hold no
    // shared file or shared deadline yet (/collectives/:id/evidence/:fileId/delete, /collectives/:id/deadlines/:deadlineId):
    // collective-shared.test.ts sends them bad input.
    expect(unreached.length, unreached.join(', ')).toBeLessThanOrEqual(12);
  });

  it('opens a record only by its plain decimal id: every other spelling of a real id is 404, on every route with an id', async () => {
    const idParam = /(^id|Id|^version)$/;
    const misspell = (real: string) =>
      /^[1-9]\d*$/.test(real)
        ? [`0x${Number(real).toString(16)}`, `%20${real}`, `${real}%20`, `0${real}`, `+${real}`, `${real}.0`, `${real}e0`, `${real}%00`]
        : [real.toUpperCase(), `%20${real}`, `${real}%20`, `{${real}}`];
    const tried: string[] = [];
    for (const route of routes.filter((r) => r.params.some((p) => idParam.test(p)))) {
      const uses: { role: Role; path: string; fields: Field[] }[] = route.method === 'GET' ? (pagesOf.get(route.url) ?? []).map((p) => ({ ...p, fields: [] })) : (formsTo.get(route.url) ?? []);
      const use = uses.find((u) => u.role !== 'anonymous');
      if (!use) continue;
      const c = clients.get(use.role)!;
      const path = use.path.split('?')[0]!;
      const values = routeOf(route.method, path)!.values;
      for (const [i, param] of route.params.entries()) {
        if (!idParam.test(param)) continue;
        for (const odd of misspell(values[i]!)) {
          const oddValues = values.map((v, j) => (j === i ? odd : v));
          let k = 0;
          const url = route.url.replace(/:[A-Za-z]+/g, () => oddValues[k++]!);
          const payload = route.method === 'POST' ? new URLSearchParams([['_csrf', c.agent.csrf], ...use.fields.filter(([name]) => name !== '_csrf')]).toString() : undefined;
          const headers: Record<string, string> = payload === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' };
          const res = await check(c, { method: route.method, url, payload, headers, note: 'odd id' });
          expect(res.statusCode, `${c.role} ${route.method} ${url} (the record is ${path})`).toBe(404);
          tried.push(`${route.method} ${route.url}`);
          sent.oddIds++;
        }
      }
    }
    // Cases, people, parties, partners, referrals, transfers, deadlines, documents, users, contact points, rule versions.
    expect(new Set(tried).size).toBeGreaterThan(35);
  });

  it(
    'POST: never a 5xx, and nothing changed after a 4xx',
    async () => {
      const post = routes.filter((r) => r.method === 'POST');
      await fc.assert(
        fc.asyncProperty(requestPlan, async (plan) => {
          const { c, req } = postRequest(post, plan);
          sent.post++;
          await check(c, req);
        }),
        { numRuns: POST_RUNS, seed: SEED, endOnFailure: true },
      );
    },
    TIMEOUT,
  );

  it(
    'GET: never a 5xx with odd ids and odd query strings, and nothing changed after a 4xx',
    async () => {
      const get = routes.filter((r) => r.method === 'GET');
      await fc.assert(
        fc.asyncProperty(requestPlan, queryPairs(), fc.boolean(), async (plan, pairs, keepQuery) => {
          const { c, req } = getRequest(get, plan, pairs, keepQuery);
          sent.get++;
          await check(c, req);
        }),
        { numRuns: GET_RUNS, seed: SEED, endOnFailure: true },
      );
    },
    TIMEOUT,
  );

  describe('while another process holds the write lock', () => {
    it(
      'POST: nothing changed, whatever the answer; no 5xx but a 503 that says nothing was saved and gives back what was typed',
      async () => {
        const post = routes.filter((r) => r.method === 'POST');
        holdLock();
        try {
          await fc.assert(
            fc.asyncProperty(lockedPlan, async (plan) => {
              const { c, req, fields } = postRequest(post, plan);
              const plainForm = plan.encoding === 'form' && !plan.htmx;
              sent.lockedPost++;
              await checkUnavailable('busy', c, req, plainForm ? fields.map(([k, v]): [string, string] => [k, asFieldText(v)]) : null);
            }),
            { numRuns: LOCKED_POST_RUNS, seed: SEED, endOnFailure: true },
          );
        } finally {
          releaseLock();
        }
        // Most generated requests are refused before they write; enough of them get as far as a write unit.
        expect(sent.unavailable.busy).toBeGreaterThan(LOCKED_POST_RUNS / 5);
        expect(sent.sentAgain).toBeGreaterThan(LOCKED_POST_RUNS / 20);
      },
      TIMEOUT,
    );

    it(
      'GET: pages keep answering, never a 5xx, and nothing changed',
      async () => {
        const get = routes.filter((r) => r.method === 'GET');
        holdLock();
        try {
          await fc.assert(
            fc.asyncProperty(requestPlan, queryPairs(), fc.boolean(), async (plan, pairs, keepQuery) => {
              const { c, req } = getRequest(get, plan, pairs, keepQuery);
              sent.lockedGet++;
              const res = await checkUnavailable('busy', c, req, null);
              // A read never waits for the lock: its audit entry is written once the database takes writes again.
              expect(res.statusCode, describeRequest(c, req)).toBeLessThan(500);
            }),
            { numRuns: LOCKED_GET_RUNS, seed: SEED, endOnFailure: true },
          );
        } finally {
          releaseLock();
        }
      },
      TIMEOUT,
    );
  });

  it(
    'POST on a full disk: no 5xx but a 503 that says the disk is full and gives back what was typed, and nothing changed after it',
    async () => {
      const post = routes.filter((r) => r.method === 'POST');
      const sqlite = t.db.$client;
      // The file may not grow: what needs a new page fails with SQLITE_FULL, as on a full disk (as faults.test.ts).
      // Before each request the pages that deletions freed are filled, in a table the fingerprint does not cover, so
      // that the disk stays full. On a real full disk every write fails, whatever room its pages have left (the WAL
      // cannot grow); here a row that fits beside others would be saved. So while a request runs, each row written to
      // any table also adds 5 kB to the filler (temporary triggers, this connection only), which needs a new page: a
      // request that writes anything meets the full disk, and how many do no longer depends on where the pages of
      // the random ids and tokens happen to split.
      sqlite.exec('CREATE TABLE fuzz_filler (b BLOB)');
      sqlite.exec('CREATE TEMP TABLE fuzz_disk (full INTEGER)');
      sqlite.exec('INSERT INTO fuzz_disk VALUES (0)');
      const everyTable = (sqlite.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'case_search_%' AND name != 'fuzz_filler'").all() as { name: string }[]).map((r) => r.name);
      for (const name of everyTable)
        for (const event of ['INSERT', 'UPDATE', 'DELETE'])
          sqlite.exec(`CREATE TEMP TRIGGER "fuzz_full_${name}_${event}" AFTER ${event} ON main."${name}" WHEN (SELECT full FROM fuzz_disk) BEGIN INSERT INTO main.fuzz_filler VALUES (randomblob(5000)); END`);
      const diskFull = sqlite.prepare('UPDATE fuzz_disk SET full = ?');
      sqlite.exec('VACUUM');
      sqlite.pragma(`max_page_count = ${sqlite.pragma('page_count', { simple: true }) as number}`);
      // VACUUM may renumber rowids (the fingerprint's order, kept by VACUUM): every table is hashed afresh.
      hashes.clear();
      before = fingerprint();
      const fill = sqlite.prepare('INSERT INTO fuzz_filler VALUES (randomblob(?))');
      const fillDisk = () => {
        for (const size of [3000, 300, 30, 1])
          for (;;)
            try {
              fill.run(size);
            } catch (error) {
              if ((error as { code?: string }).code !== 'SQLITE_FULL') throw error;
              break;
            }
      };
      try {
        await fc.assert(
          fc.asyncProperty(lockedPlan, async (plan) => {
            // A session the last request ended comes back only with room for it: the roles stay signed in.
            sqlite.exec('DELETE FROM fuzz_filler');
            for (const c of clients.values()) keepSignedIn(c);
            fillDisk();
            const { c, req, fields } = postRequest(post, plan);
            const plainForm = plan.encoding === 'form' && !plan.htmx;
            sent.fullPost++;
            diskFull.run(1);
            try {
              await checkUnavailable('full', c, req, plainForm ? fields.map(([k, v]): [string, string] => [k, asFieldText(v)]) : null);
            } finally {
              diskFull.run(0);
            }
          }),
          { numRuns: FULL_POST_RUNS, seed: SEED, endOnFailure: true },
        );
      } finally {
        sqlite.pragma('max_page_count = 1073741823');
        for (const name of everyTable) for (const event of ['INSERT', 'UPDATE', 'DELETE']) sqlite.exec(`DROP TRIGGER temp."fuzz_full_${name}_${event}"`);
        sqlite.exec('DROP TABLE fuzz_disk');
        sqlite.exec('DROP TABLE fuzz_filler');
      }
      // Most generated requests are refused before they write (seeds 1–5 and the CI seed: 10–19 of 150 reached the
      // full disk): the phase must meet the fault.
      expect(sent.unavailable.full).toBeGreaterThan(FULL_POST_RUNS / 30);
    },
    TIMEOUT,
  );
});
