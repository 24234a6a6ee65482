import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { Agent, textOf } from '../helpers/app.js';
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
    const env = { DATABASE_PATH: join(dir, 'prod.sqlite'), NODE_ENV: 'production' };
    const created = run(['--email', 'Chief@Union.example', '--role', 'admin', '--name', 'Chief Admin'], 'a long enough passphrase\n', env);
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain('Created admin chief@union.example');

    const again = run(['--email', 'chief@union.example', '--role', 'admin'], 'a long enough passphrase\n', env);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already exists');

    const config = loadConfig({ ...env, LOG_LEVEL: 'silent' });
    const db = openDatabase(config.databasePath);
    const app = await buildApp({ config, db, logger: false });
    try {
      const agent = new Agent(app);
      await agent.get('/login');
      expect((await agent.post('/login', { email: 'chief@union.example', password: 'a long enough passphrase' })).statusCode).toBe(303);
      expect(textOf((await agent.get('/')).body)).toContain('Hello, Chief Admin');
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

  it('without arguments prints the usage and exits 1', () => {
    dir = mkdtempSync(join(tmpdir(), 'uniondesk-cli-'));
    const res = run([], '', { DATABASE_PATH: join(dir, 'x.sqlite') });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('Usage: npm run user:create');
  });
});
