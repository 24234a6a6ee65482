/**
 * npm run restore -- --from FILE: puts a backup archive back into DATABASE_PATH (and DATA_DIR/evidence) of a stopped
 * UnionDesk, after checking the whole archive; the replaced database is kept beside it. See src/backup/restore.service.ts.
 */
import { parseArgs } from 'node:util';
import { ArchiveContentError } from '../backup/archive.js';
import { ArchiveCryptoError } from '../backup/encryption.js';
import { RestoreError, restoreBackup } from '../backup/restore.service.js';
import { ConfigError, loadConfig } from '../config.js';
import { translator } from '../i18n/index.js';
import { migrationsDir } from '../paths.js';
import { systemClock } from '../shared/clock.js';
import { describeDatabaseProblem } from '../startup.js';

const { t, number, dateTime } = translator('en');

class UsageError extends Error {}

function parse() {
  try {
    return parseArgs({ options: { from: { type: 'string' }, help: { type: 'boolean' } } }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

let archive = '';
let databasePath = '';

/** The one line for a refusal: what is wrong, and that nothing was changed. */
function refusal(error: unknown): string | null {
  const file = archive;
  let reason: string | null = null;
  if (error instanceof RestoreError) reason = t(`backups.cli.${error.kind}`, { file, ...error.params });
  else if (error instanceof ArchiveCryptoError) reason = t(`backups.cli.${error.kind}`, { file });
  else if (error instanceof ArchiveContentError) reason = t(`backups.cli.${error.kind}`, { file, member: error.member ?? '', version: '?' });
  else {
    const e = error as NodeJS.ErrnoException;
    if (e?.code === 'ENOSPC' || e?.code === 'SQLITE_FULL') reason = t('backups.cli.diskFull', { code: e.code });
    else if (e?.code === 'EACCES' || e?.code === 'EPERM' || e?.code === 'EROFS') reason = t('backups.cli.notWritable', { dir: e.path ?? '', code: e.code });
    else if (e?.syscall) reason = t('backups.cli.ioError', { code: e.code ?? 'error' });
    // DATABASE_PATH a folder, or a file SQLite cannot open: the start-up check's words for it.
    else if (databasePath) reason = describeDatabaseProblem(error, databasePath) ?? null;
  }
  return reason && t('backups.cli.restoreFailed', { reason: /[.!?]$/.test(reason) ? reason : `${reason}.` });
}

async function main() {
  // Until it has said it is done: a command whose work stopped without a word must not look successful.
  process.exitCode = 1;
  const values = parse();
  if (values.help) {
    console.log(t('backups.cli.restoreUsage'));
    return;
  }
  if (!values.from) {
    console.error(t('backups.cli.restoreUsage'));
    process.exit(1);
  }
  archive = values.from;
  const config = loadConfig();
  databasePath = config.databasePath;
  const result = await restoreBackup({
    archive,
    databasePath: config.databasePath,
    dataDir: config.dataDir,
    key: config.backup.key,
    migrationsDir,
    now: systemClock.now(),
  });
  const { manifest } = result;
  console.log(
    t('backups.cli.restored', {
      archive,
      createdAt: dateTime(Date.parse(manifest.createdAt), 'UTC'),
      rows: number(manifest.database.rows),
      tables: Object.keys(manifest.database.tables).length,
      files: result.evidenceFiles,
      path: result.databasePath,
      seconds: number(Math.round(result.ms / 100) / 10),
    }),
  );
  if (result.replacedAs && result.replacedDamaged) console.log(t('backups.cli.damagedKept', { path: result.replacedAs, code: result.replacedDamaged }));
  else if (result.replacedAs) console.log(t('backups.cli.replacedKept', { path: result.replacedAs }));
  else console.log(t('backups.cli.noneReplaced', { path: result.databasePath }));
  if (result.evidenceReplacedAs) console.log(t('backups.cli.evidenceKept', { path: result.evidenceReplacedAs }));
  console.log(t('backups.cli.startAgain'));
}

main().then(
  () => (process.exitCode = 0),
  (error: unknown) => {
    const line = refusal(error);
    if (line) console.error(line);
    else if (error instanceof UsageError) console.error(`${error.message}\n${t('backups.cli.seeUsage')}`);
    else if (error instanceof ConfigError) console.error(error.message);
    else console.error(`Error: ${(error as Error).message}`);
    process.exit(1);
  },
);
