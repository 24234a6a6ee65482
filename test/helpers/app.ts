import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { migrateDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { DEMO_PASSWORD, seedDemo } from '../../src/demo/seed.js';
import { TestClock } from './clock.js';

export { DEMO_PASSWORD };

/** The TOTP_KEY of test apps (also when a test sets NODE_ENV=production, which requires one). */
export const TEST_TOTP_KEY = Buffer.alloc(32, 7).toString('base64');
/** The EVIDENCE_KEY of test servers started with NODE_ENV=production (test apps otherwise use the development key). */
export const TEST_EVIDENCE_KEY = Buffer.alloc(32, 9).toString('base64');

export type TestApp = { app: FastifyInstance; db: Db; config: Config; dir: string; clock: TestClock; close(): Promise<void> };

/** A real app on a fresh, migrated SQLite file holding the demo contact points, logins and partners (and cases with seed: 'demo'). */
export async function createTestApp(
  env: Record<string, string> = {},
  opts: {
    seed?: 'base' | 'demo' | false;
    logger?: Parameters<typeof buildApp>[0]['logger'];
    beforeReady?: (app: FastifyInstance) => void;
    onRoute?: Parameters<typeof buildApp>[0]['onRoute'];
    clock?: TestClock;
    mailer?: Parameters<typeof buildApp>[0]['mailer'];
  } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'uniondesk-test-'));
  // No second factor required unless a test asks (SECOND_FACTOR=admins-supervisors is the default of a real server).
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SECOND_FACTOR: 'off', TOTP_KEY: TEST_TOTP_KEY, EVIDENCE_KEY: TEST_EVIDENCE_KEY, DATABASE_PATH: join(dir, 'test.sqlite'), ...env });
  const db = openDatabase(config.databasePath);
  migrateDatabase(db);
  const clock = opts.clock ?? new TestClock();
  // 'base': contact points, logins and partners; 'demo': also the 60 demo cases.
  if (opts.seed !== false) await seedDemo(db, clock.now(), { cases: opts.seed === 'demo' });
  const app = await buildApp({ config, db, clock, logger: opts.logger ?? false, onRoute: opts.onRoute, mailer: opts.mailer });
  opts.beforeReady?.(app);
  await app.ready();
  return {
    app,
    db,
    config,
    dir,
    clock,
    async close() {
      await app.close();
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A minimal browser: keeps cookies, and sends the page's CSRF token with each form (or, for htmx, in its header). */
export class Agent {
  cookies = new Map<string, string>();
  /** The token of the last page's hidden `_csrf` field, which a plain form posts. */
  csrf = '';
  /** The token of the last full page's `hx-headers` (on <main>), which htmx sends as `X-CSRF-Token`. */
  htmxCsrf = '';

  constructor(readonly app: FastifyInstance) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private absorb(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number }[]) {
      if (c.value === '' || c.maxAge === 0) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (token) this.csrf = token[1]!;
    const htmxToken = /hx-headers='\{"X-CSRF-Token": "([^"]+)"\}'/.exec(res.body);
    if (htmxToken) this.htmxCsrf = htmxToken[1]!;
    return res;
  }

  async get(url: string, headers: Record<string, string> = {}) {
    return this.absorb(await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), ...headers } }));
  }

  /** Posts a form as a browser would; pass `_csrf: ''`-less forms through `postRaw` to test refusals. */
  async post(url: string, form: Record<string, string | string[]> = {}, headers: Record<string, string> = {}) {
    if (!this.csrf) await this.get('/login');
    return this.postRaw(url, { _csrf: this.csrf, ...form }, headers);
  }

  /**
   * Posts as htmx does from a page: `HX-Request: true` and the token in the `X-CSRF-Token` header that the page's
   * `hx-headers` holds, not in the form. Load a full page first; `postRaw` with `hx-request` tests refusals.
   */
  async htmxPost(url: string, form: Record<string, string | string[]> = {}, headers: Record<string, string> = {}) {
    if (!this.htmxCsrf) throw new Error('htmxPost: no page with hx-headers was loaded');
    return this.postRaw(url, form, { 'hx-request': 'true', 'x-csrf-token': this.htmxCsrf, ...headers });
  }

  /** Opens an edit form and returns the version it carries (its hidden `version` field), as a browser posts it back. */
  async formVersion(url: string): Promise<string> {
    const res = await this.get(url);
    if (res.statusCode !== 200) throw new Error(`GET ${url} answered ${res.statusCode}`);
    return versionOnPage(res.body);
  }

  /**
   * Posts a multipart form (file uploads) as a browser does: the parts in order, the page's `_csrf` first unless
   * `csrf: false` (then the form carries none).
   */
  async postMultipart(url: string, parts: MultipartPart[], opts: { csrf?: boolean; headers?: Record<string, string> } = {}) {
    if (!this.csrf) await this.get('/login');
    const all: MultipartPart[] = opts.csrf === false ? parts : [{ name: '_csrf', value: this.csrf }, ...parts];
    const { body, contentType } = multipartBody(all);
    return this.absorb(await this.app.inject({ method: 'POST', url, payload: body, headers: { cookie: this.cookieHeader(), 'content-type': contentType, ...opts.headers } }));
  }

  async postRaw(url: string, form: Record<string, string | string[]>, headers: Record<string, string> = {}) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) body.append(k, one);
    return this.absorb(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body.toString(),
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', ...headers },
      }),
    );
  }
}

export async function signIn(app: FastifyInstance, email: string, password = DEMO_PASSWORD): Promise<Agent> {
  const agent = new Agent(app);
  await agent.get('/login');
  const res = await agent.post('/login', { email, password });
  if (res.statusCode !== 303) throw new Error(`sign-in as ${email} failed: ${res.statusCode}`);
  await agent.get('/');
  return agent;
}

/** The visible text of an HTML page, tags removed and entities of interest decoded. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    // <bdi> isolates a name inside a sentence and adds no space: "Move 3 cases to <bdi>Beatriz Lima</bdi>?"
    .replace(/<\/?bdi[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** The hidden `version` of the (first) edit form on a page. */
export function versionOnPage(html: string): string {
  const found = /name="version" value="(\d+)"/.exec(html);
  if (!found) throw new Error('the page has no form carrying a version');
  return found[1]!;
}

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const attrOf = (attrs: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(` ${attrs}`);
  return m ? unescape(m[1]!) : undefined;
};

/**
 * What submitting the page's form posting to `action` would send, unchanged, as a browser builds it: inputs (checked
 * boxes only), the selected options, the textareas. A test then changes what a person would type.
 */
export function formOnPage(html: string, action: string): Record<string, string | string[]> {
  const form = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].find((m) => attrOf(m[1]!, 'action') === action);
  if (!form) throw new Error(`the page has no form posting to ${action}`);
  const fields: [string, string][] = [];
  for (const [, a = ''] of form[2]!.matchAll(/<input\b([^>]*)>/g)) {
    const name = attrOf(a, 'name');
    const type = (attrOf(a, 'type') ?? 'text').toLowerCase();
    if (!name || type === 'submit') continue;
    if ((type === 'checkbox' || type === 'radio') && !/\schecked(\s|>|$)/.test(` ${a}`)) continue;
    fields.push([name, attrOf(a, 'value') ?? (type === 'checkbox' ? 'on' : '')]);
  }
  for (const [, a = '', text = ''] of form[2]!.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const name = attrOf(a, 'name');
    if (name) fields.push([name, unescape(text)]);
  }
  for (const [, a = '', options = ''] of form[2]!.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = attrOf(a, 'name');
    if (!name) continue;
    const all = [...options.matchAll(/<option\b([^>]*)>/g)].map((o) => ({ value: attrOf(o[1]!, 'value') ?? '', selected: /\sselected(\s|>|$)/.test(` ${o[1]}`) }));
    for (const o of all.some((o) => o.selected) ? all.filter((o) => o.selected) : all.slice(0, 1)) fields.push([name, o.value]);
  }
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of fields) {
    const had = out[name];
    out[name] = had === undefined ? value : [had].flat().concat(value);
  }
  return out;
}

/** A field (`value`) or a file (`filename`, `bytes`, and the type the browser claims) of a multipart form. */
export type MultipartPart = { name: string; value: string } | { name: string; filename: string; bytes: Buffer | string; type?: string };

export function multipartBody(parts: readonly MultipartPart[]): { body: Buffer; contentType: string } {
  const boundary = '----uniondesk-test-' + Math.random().toString(16).slice(2);
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if ('value' in p) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`));
    else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.type ?? 'application/octet-stream'}\r\n\r\n`));
      chunks.push(Buffer.isBuffer(p.bytes) ? p.bytes : Buffer.from(p.bytes));
      chunks.push(Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
