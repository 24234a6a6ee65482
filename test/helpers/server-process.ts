import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { createServer } from 'node:net';
import { cleanEnv } from './env.js';

/** A port that was free a moment ago (the kernel picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export type Exit = { code: number | null; signal: NodeJS.Signals | null; ms: number };

/** A real process of ours, its output collected line by line (pino logs are JSON lines on stdout). */
export class Proc {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<Exit>;
  private waiters: { test: () => boolean; done: () => void }[] = [];

  constructor(command: string, args: string[], opts: { env?: Record<string, string>; detached?: boolean; cwd?: string } = {}) {
    const started = performance.now();
    this.child = spawn(command, args, {
      cwd: opts.cwd,
      env: { ...cleanEnv(), ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that a test can signal the group as a terminal's Ctrl-C does.
      detached: opts.detached ?? false,
    });
    this.child.stdout!.setEncoding('utf8').on('data', (s: string) => this.took(() => (this.stdout += s)));
    this.child.stderr!.setEncoding('utf8').on('data', (s: string) => this.took(() => (this.stderr += s)));
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        resolve({ code, signal, ms: performance.now() - started });
        this.took(() => {});
      }),
    );
  }

  private took(add: () => void) {
    add();
    this.waiters = this.waiters.filter((w) => (w.test() ? (w.done(), false) : true));
  }

  /** The JSON log lines written so far. */
  logs(): { msg?: string; req?: { method: string; url: string }; [k: string]: unknown }[] {
    return this.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg?: string });
  }

  /** Resolves when `test` holds on the output so far; fails if the process ends first or after `ms` (a hang detector). */
  until(what: string, test: () => boolean, ms = 15_000): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`)), ms);
      const done = () => (clearTimeout(timer), resolve());
      this.waiters.push({ test, done });
      void this.exited.then(() => {
        if (!test()) {
          clearTimeout(timer);
          reject(new Error(`process ended while waiting for ${what}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`));
        }
      });
    });
  }

  untilLog(msg: string | RegExp, count = 1, ms?: number): Promise<void> {
    const matches = () => this.logs().filter((l) => typeof l.msg === 'string' && (typeof msg === 'string' ? l.msg === msg : msg.test(l.msg))).length >= count;
    return this.until(`${count} × log "${String(msg)}"`, matches, ms);
  }

  /** Ends the process if a failed test left it running. */
  kill() {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

export type Response = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** A small HTTP client with a cookie jar and the page's CSRF token, over keep-alive connections as a browser uses. */
export class Client {
  readonly agent = new http.Agent({ keepAlive: true });
  cookies = new Map<string, string>();
  csrf = '';

  constructor(readonly port: number) {}

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  absorb(res: Response) {
    for (const line of [res.headers['set-cookie'] ?? []].flat()) {
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=');
      if (value) this.cookies.set(name!, value);
      else this.cookies.delete(name!);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (token) this.csrf = token[1]!;
    return res;
  }

  /** Starts a request and hands it back unfinished: the caller writes the body (or part of it) and ends it. */
  open(method: string, path: string, headers: Record<string, string | number> = {}) {
    const req = http.request({ host: '127.0.0.1', port: this.port, method, path, agent: this.agent, headers: { cookie: this.cookieHeader(), ...headers } });
    const response = new Promise<Response>((resolve, reject) => {
      req.once('error', reject);
      req.once('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (s: string) => (body += s));
        res.once('error', reject);
        res.once('end', () => resolve(this.absorb({ status: res.statusCode!, headers: res.headers, body })));
      });
    });
    // A test that fails early leaves requests unanswered; that must not surface as an unhandled rejection.
    response.catch(() => {});
    return { req, response };
  }

  async get(path: string) {
    const { req, response } = this.open('GET', path);
    req.end();
    return response;
  }

  async post(path: string, form: Record<string, string>) {
    const body = new URLSearchParams({ _csrf: this.csrf, ...form }).toString();
    const { req, response } = this.open('POST', path, { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) });
    req.end(body);
    return response;
  }

  async signIn(email: string, password: string) {
    await this.get('/login');
    const res = await this.post('/login', { email, password });
    if (res.status !== 303) throw new Error(`sign-in as ${email} answered ${res.status}`);
  }
}
