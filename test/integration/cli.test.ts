import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { migrateDatabase, openDatabase } from '../../src/db/client.js';
import { seedDemo } from '../../src/demo/seed.js';
import { Agent, TEST_EVIDENCE_KEY, TEST_TOTP_KEY, textOf } from '../helpers/app.js';
import { cleanEnv } from '../helpers/env.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], input: string, env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/user-create.ts', ...args], {
    input,
    env: { ...cleanEnv(), ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('npm run user:create', () => {
  it('creates the first administrator with a password read from standard input, who can then sign in', async () => {
    dir = mkdtempSync(join(tmpdir(), 'uniondesk-cli-'));
    // No TOTP_KEY or EVIDENCE_KEY: the first administrator can be created before the server's secrets are in place.
    const env = { DATABASE_PATH: join(dir, 'prod.sqlite'), NODE_ENV: 'production' };
    const created = run(['--email', 'Chief@Union.example', '--role', 'admin', '--name', 'Chief Admin'], 'a long enough passphrase\n', env);
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain('Created admin chief@union.example');

    const again = run(['--email', 'chief@union.example', '--role', 'admin'], 'a long enough passphrase\n', env);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already exists');

    const config = loadConfig({ ...env, TOTP_KEY: TEST_TOTP_KEY, EVIDENCE_KEY: TEST_EVIDENCE_KEY, LOG_LEVEL: 'silent' });
    const db = openDatabase(config.databasePath);
    const app = await buildApp({ config, db, logger: false });
    try {
      const agent = new Agent(app);
      await agent.get('/login');
      const res = await agent.post('/login', { email: 'chief@union.example', password: 'a long enough passphrase' });
      expect(res.statusCode).toBe(303);
      // By default an administrator sets up a second factor before anything else.
      expect(res.headers.location).toBe('/account/second-factor');
      const page = textOf((await agent.get('/account/second-factor')).body);
      expect(page).toContain('Chief Admin');
      expect(page).toContain('Your role needs two-step sign-in');
    } finally {
      await app.close();
      db.$client.close();
    }
  });

  it('refuses a short password and an unknown role, creating nothing', () => {
    dir = mkdtempSync(join(tmpdir(), 'uniondesk-cli-'));
    const env = { DATABASE_PATH: join(dir, 'prod.sqlite') };
    const short = run(['--email', 'a@union.example', '--role', 'admin'], 'short\n', env);
    expect(short.status).toBe(1);
    expect(short.stderr).toContain('12 to 128 characters');
    const badRole = run(['--email', 'a@union.example', '--role', 'king'], 'a long enough passphrase\n', env);
    expect(badRole.status).toBe(1);
    const db = openDatabase(env.DATABASE_PATH);
    expect(db.$client.prepare('select count(*) n from users').get()).toEqual({ n: 0 });
    db.$client.close();
  });

  it('explains a wrong option in words, naming the option and the valid values, and creates nothing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'uniondesk-cli-'));
    const env = { DATABASE_PATH: join(dir, 'prod.sqlite') };
    // Contact points exist (the demo's), as they would once an administrator has added them.
    const db = openDatabase(env.DATABASE_PATH);
    migrateDatabase(db);
    await seedDemo(db, Date.UTC(2026, 2, 10, 12, 0), { cases: false });
    const usersBefore = db.$client.prepare('select count(*) n from users').get();
    db.$client.close();
    const pass = 'a long enough passphrase\n';

    const cases: [string[], string][] = [
      [['--email', 'a@union.example', '--role', 'boss'], '--role: Choose a role from the list. Valid roles: counsellor, supervisor, admin, coordinator.'],
      [['--email', 'not-an-email', '--role', 'admin'], '--email: Enter an email address like name@example.org.'],
      [['--email', 'a@union.example', '--role', 'counsellor'], '--contact-point: A counsellor works at exactly one contact point. Contact points: CHI, LDN.'],
      [['--email', 'a@union.example', '--role', 'supervisor'], '--contact-point: A supervisor needs at least one contact point. Contact points: CHI, LDN.'],
      [['--email', 'a@union.example', '--role', 'counsellor', '--contact-point', 'PAR'], '--contact-point: no contact point has the prefix PAR. Contact points: CHI, LDN.'],
      [['--email', 'a@union.example', '--role', 'admin', '--name', 'x'.repeat(121)], '--name: This is too long.'],
    ];
    for (const [args, message] of cases) {
      const res = run(args, pass, env);
      expect(res.status, args.join(' ')).toBe(1);
      expect(res.stderr).toBe(`${message}\nRun with --help for the usage.\n`);
    }
    const unknown = run(['--email', 'a@union.example', '--role', 'admin', '--password', 'x'], pass, env);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^Unknown option '--password'.*\nRun with --help for the usage\.\n$/s);
    expect(unknown.stderr).not.toMatch(/^\s+at /m);

    const after = openDatabase(env.DATABASE_PATH);
    expect(after.$client.prepare('select count(*) n from users').get()).toEqual(usersBefore);
    after.$client.close();
  });

  it('says in one line when the database cannot be used', () => {
    dir = mkdtempSync(join(tmpdir(), 'uniondesk-cli-'));
    const res = run(['--email', 'a@union.example', '--role', 'admin'], 'a long enough passphrase\n', { DATABASE_PATH: '/proc/uniondesk/prod.sqlite' });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/^DATABASE_PATH \/proc\/uniondesk\/prod\.sqlite: cannot create the folder \/proc\/uniondesk \(ENOENT\)\. [^\n]*\n$/);
  });

  it('with --help prints the usage and exits 0', () => {
    dir = mkdtempSync(join(tmpdir(), 'uniondesk-cli-'));
    const res = run(['--help'], '', { DATABASE_PATH: join(dir, 'x.sqlite') });
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('--role counsellor|supervisor|admin|coordinator');
  });

  it('without arguments prints the usage and exits 1', () => {
    dir = mkdtempSync(join(tmpdir(), 'uniondesk-cli-'));
    const res = run([], '', { DATABASE_PATH: join(dir, 'x.sqlite') });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('Usage: npm run user:create');
  });
});
