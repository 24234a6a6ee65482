import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cleanEnv } from './env.js';

export type CliResult = { status: number | null; stdout: string; stderr: string };

/** Runs one of our commands from the sources (as `npx tsx src/cli/NAME.ts` does), without blocking this process. */
export function runCli(name: 'backup' | 'restore', args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `src/cli/${name}.ts`, ...args], { env: { ...cleanEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** The archives in a folder, oldest first (their names sort by time). */
export const archivesIn = (dir: string) =>
  readdirSync(dir)
    .filter((n) => /^uniondesk-\d{8}T\d{6}Z(-\d+)?\.tar(\.enc)?$/.test(n))
    .sort()
    .map((n) => join(dir, n));

/** Every row of every table (SQLite's own included), in a form that compares exactly: blobs as hex, rows sorted. */
export function dumpDatabase(path: string): Record<string, string[]> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_stat%' order by name").pluck().all() as string[];
    const out: Record<string, string[]> = {};
    for (const name of tables) {
      const rows = db.prepare(`select * from "${name}"`).all() as Record<string, unknown>[];
      out[name] = rows.map((r) => JSON.stringify(r, blobsAsHex)).sort();
    }
    return out;
  } finally {
    db.close();
  }
}

/** JSON.stringify calls a Buffer's toJSON before the replacer sees it: look at the raw value instead. */
function blobsAsHex(this: Record<string, unknown>, key: string, value: unknown) {
  const raw = this[key];
  return Buffer.isBuffer(raw) ? `hex:${raw.toString('hex')}` : value;
}

export const rowCounts = (dump: Record<string, string[]>) => Object.fromEntries(Object.entries(dump).map(([t, rows]) => [t, rows.length]));
