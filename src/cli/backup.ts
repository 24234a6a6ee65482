/**
 * npm run backup -- [--to DIR] [--keep N]: a consistent, checked, time-stamped archive of the live database (also
 * while the server runs) and of DATA_DIR/evidence; encrypted with BACKUP_KEY / BACKUP_KEY_FILE. See src/backup/.
 */
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { backupErrorOf, BackupError, recordBackup, takeBackup } from '../backup/backup.service.js';
import { isInside } from '../backup/key.js';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { translator } from '../i18n/index.js';
import { systemClock } from '../shared/clock.js';

const { t, number } = translator('en');

/** A mistake in the command line: its message is printed as it is, followed by a pointer to the usage. */
class UsageError extends Error {}

function parse() {
  try {
    return parseArgs({ options: { to: { type: 'string' }, keep: { type: 'string' }, help: { type: 'boolean' } } }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

const seconds = (ms: number) => number(Math.round(ms / 10) / 100);

async function main() {
  // Until it has said it is done: a command whose work stopped without a word must not look successful.
  process.exitCode = 1;
  const values = parse();
  if (values.help) {
    console.log(t('backups.cli.backupUsage'));
    return;
  }
  const config = loadConfig();
  const outDir = values.to ?? config.backup.dir;
  if (!outDir) throw new UsageError(t('backups.cli.noDir'));
  const keep = values.keep === undefined ? config.backup.keep : Number(values.keep);
  if (!Number.isInteger(keep) || keep < 1 || keep > 10_000) throw new UsageError(t('backups.cli.badKeep'));
  // The key opens every archive: next to them it protects nothing.
  if (config.backup.keyFile && isInside(config.backup.keyFile, outDir)) throw new Error(t('backups.cli.keyInside', { keyFile: config.backup.keyFile, dir: outDir }));
  const path = config.databasePath;
  if (!existsSync(path) || !statSync(path).isFile()) throw new Error(t('backups.cli.noDatabase', { path }));

  const db = openDatabase(path);
  const now = systemClock.now();
  try {
    let result;
    try {
      // This process serves nothing: the copy is one step, which no write of the server can restart (snapshot.ts).
      result = await takeBackup({ db, databasePath: path, dataDir: config.dataDir, outDir, key: config.backup.key, keep, now, wholeAtOnce: true });
    } catch (error) {
      const failure = backupErrorOf(error);
      await recordBackup(db, { startedAt: now, finishedAt: systemClock.now(), trigger: 'command' }, { ok: false, error: failure }).catch(() => {});
      throw failure;
    }
    const { manifest } = result;
    console.log(t('backups.cli.written', { file: result.file, size: t('backups.sizeMb', { size: number(Math.round(result.bytes / 100_000) / 10) }), encrypted: t(result.encrypted ? 'backups.cli.encrypted' : 'backups.cli.notEncrypted') }));
    console.log(
      t('backups.cli.contents', {
        rows: number(result.rows),
        tables: result.tables,
        files: manifest.members.length - 1,
        migrations: manifest.database.migrations,
      }),
    );
    console.log(t('backups.cli.timing', { seconds: seconds(result.ms.total), copy: seconds(result.ms.copy), check: seconds(result.ms.check), archive: seconds(result.ms.archive) }));
    if (result.removed.length) console.log(t('backups.cli.rotated', { count: result.removed.length, keep, names: result.removed.join(', ') }));
    if (!result.encrypted) console.log(t('backups.cli.plainWarning'));
    await recordBackup(db, { startedAt: now, finishedAt: systemClock.now(), trigger: 'command' }, { ok: true, result }).catch((error: unknown) =>
      console.log(t('backups.cli.notRecorded', { code: backupErrorOf(error).detail ?? 'error' })),
    );
  } finally {
    db.$client.close();
  }
}

main().then(
  () => (process.exitCode = 0),
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`${error.message}\n${t('backups.cli.seeUsage')}`);
    else if (error instanceof BackupError) console.error(t('backups.cli.failed', { reason: t(`backups.reason.${error.reason}`, { detail: error.detail ?? '—' }) }));
    else if (error instanceof ConfigError) console.error(error.message);
    else console.error(`Error: ${(error as Error).message}`);
    process.exit(1);
  },
);
