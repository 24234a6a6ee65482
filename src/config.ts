import { dirname, join } from 'node:path';
import { isIP } from 'node:net';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isInside, KEY_FORMAT, parseBackupKey, readBackupKeyFile } from './backup/key.js';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const perHour = 'must be a whole number from 1 to 100000';
/** More distinct person records than this opened by one user within an hour flags them to their supervisors. */
export const DEFAULT_AUDIT_PERSON_VIEWS_PER_HOUR = 30;

/** Who must sign in with a second factor (TOTP); anyone may set one up, and whoever has one is always asked for it. */
export const secondFactorPolicies = ['admins-supervisors', 'everyone', 'off'] as const;
export type SecondFactorPolicy = (typeof secondFactorPolicies)[number];
const keyRule = 'must be 32 random bytes in base64 (openssl rand -base64 32)';
/**
 * Outside production an unset TOTP_KEY falls back to this published key, so that the demo and tests need no secret.
 * It protects nothing: production refuses to start without a key of its own.
 */
const DEVELOPMENT_TOTP_KEY = createHash('sha256').update('UnionDesk development TOTP key - published, never for production').digest();

const megabytes = 'must be a number of megabytes greater than 0, e.g. 25';
/**
 * Outside production an unset EVIDENCE_KEY falls back to this published key (the demo and tests need no secret). It
 * protects nothing: production refuses to start without a key of its own.
 */
const DEVELOPMENT_EVIDENCE_KEY = createHash('sha256').update('UnionDesk development evidence key - published, never for production').digest();
const MB = 1024 * 1024;

const trustProxyRule = 'must be the addresses of the proxies in front of the app, comma-separated (IP addresses or CIDR ranges, e.g. 127.0.0.1 or 10.0.0.0/8)';
/** Names that proxy-addr (behind Fastify's trustProxy) knows for address ranges. */
const rangeNames = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (rangeNames.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Whose X-Forwarded-For the app believes (Fastify's trustProxy): nobody's unless told. Only addresses: `true` (every
 * hop) lets any client name its own address, and a hop count cannot tell the proxy from a client that connects
 * directly (Fastify 5.12 refuses hop counts for that reason: they trust nothing).
 */
const TrustProxy = z.string().transform((raw, ctx): string[] => {
  const entries = raw.split(',').map((e) => e.trim());
  if (entries.every(isAddressOrRange)) return entries;
  ctx.addIssue({ code: 'custom', message: /^\s*\d+\s*$/.test(raw) ? `${trustProxyRule}; a hop count is not accepted, since it would also trust a client that connects directly` : trustProxyRule });
  return z.NEVER;
});

export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('./data/uniondesk.sqlite'),
  BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  TRUST_PROXY: TrustProxy.optional(),
  AUDIT_PERSON_VIEWS_PER_HOUR: z.coerce.number({ error: perHour }).int(perHour).min(1, perHour).max(100_000, perHour).default(DEFAULT_AUDIT_PERSON_VIEWS_PER_HOUR),
  DATA_DIR: z.string().min(1).optional(),
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_EVERY: z
    .string()
    .regex(/^\d+\s*[mhd]$/, 'must be a number of minutes, hours or days, e.g. 30m, 6h or 1d')
    .transform(durationMs)
    .refine((ms) => ms >= MINUTE_MS && ms <= 30 * DAY_MS, 'must be between 1m and 30d')
    .optional(),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(10_000).default(14),
  BACKUP_KEY: z.string().optional(),
  BACKUP_KEY_FILE: z.string().min(1).optional(),
  SECOND_FACTOR: z.enum(secondFactorPolicies, { error: 'must be admins-supervisors, everyone or off' }).default('admins-supervisors'),
  TOTP_KEY: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9+/]{43}=$/, keyRule)
    .transform((v) => Buffer.from(v, 'base64'))
    .optional(),
  EVIDENCE_KEY: z.string().optional(),
  EVIDENCE_KEY_FILE: z.string().min(1).optional(),
  EVIDENCE_MAX_FILE_MB: z.coerce.number({ error: megabytes }).positive(megabytes).max(10_000, megabytes).default(25),
  EVIDENCE_MAX_CASE_MB: z.coerce.number({ error: megabytes }).positive(megabytes).max(1_000_000, megabytes).default(200),
  CLAMD_SOCKET: z.string().min(1).optional(),
  PDFTOPPM: z.string().min(1).default('pdftoppm'),
});

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

function durationMs(text: string): number {
  const n = Number.parseInt(text, 10);
  const unit = text.trim().slice(-1);
  return n * (unit === 'd' ? DAY_MS : unit === 'h' ? 60 * MINUTE_MS : MINUTE_MS);
}

export type BackupConfig = {
  /** Where `npm run backup` writes without --to, and the server's scheduled backups go. */
  dir: string | undefined;
  /** The schedule of the server's own backups; undefined: the server takes none. */
  everyMs: number | undefined;
  /** How many archives are kept in the folder; older ones are deleted after a verified new one. */
  keep: number;
  /** AES-256-GCM key of the archives; undefined: archives are not encrypted. */
  key: Buffer | undefined;
  /** Where the key came from (for messages; never the key itself). */
  keyFile: string | undefined;
};

export type EvidenceConfig = {
  /** DATA_DIR/evidence: outside the web root (static/ is the only folder served). */
  dir: string;
  /** AES-256-GCM key the stored files are encrypted under. */
  key: Buffer;
  /** No EVIDENCE_KEY was given and the published development key is used (never in production). */
  developmentKey: boolean;
  maxFileBytes: number;
  maxCaseBytes: number;
  /** clamd's unix socket: files are scanned before they are accepted; undefined: no scan. */
  clamdSocket: string | undefined;
  /** poppler's pdftoppm (a name on PATH or a path), which draws a PDF's first page for its thumbnail; absent: none. */
  pdftoppm: string;
};

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databasePath: string;
  baseUrl: string;
  /** Cookies get the Secure flag when the app is served over https. */
  secureCookies: boolean;
  /** The proxies whose X-Forwarded-For gives the client's address (addresses and CIDR ranges), or none (false). */
  trustProxy: string[] | false;
  logLevel: (typeof logLevels)[number];
  smtpUrl: string | undefined;
  /** More distinct person records than this opened by one user within an hour flags them to their supervisors. */
  auditPersonViewsPerHour: number;
  /** Files kept outside the database (the evidence store lives in DATA_DIR/evidence). */
  dataDir: string;
  evidence: EvidenceConfig;
  backup: BackupConfig;
  secondFactor: SecondFactorPolicy;
  /** AES-256-GCM key that second-factor secrets are stored under (src/auth/second-factor.crypto.ts). */
  totpKey: Buffer;
  /** No TOTP_KEY was given and the published development key is used (never in production). */
  developmentTotpKey: boolean;
};

export class ConfigError extends Error {}

/**
 * `needsTotpKey: false` for the command-line tools, which open the database but never a second factor: the first
 * administrator can be created before the server's secrets are in place.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, opts: { needsTotpKey?: boolean } = {}): Config {
  // Empty variables count as unset, as a shell `FOO= cmd` user would expect.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(present);
  // One line (DESIGN §4), naming each bad variable (never a secret's value: zod's messages do not quote it).
  const refuse = (problems: string[]): never => {
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}. See the configuration table in README.md.`);
  };
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  // Checked here rather than in the schema, so that it is told together with any other bad variable.
  if (opts.needsTotpKey !== false && present.NODE_ENV === 'production' && !present.TOTP_KEY) problems.push(`TOTP_KEY: must be set in production, ${keyRule.replace('must be ', '')}`);
  // The command-line tools never open a stored file either (they may delete one, which needs no key).
  if (opts.needsTotpKey !== false && present.NODE_ENV === 'production' && !present.EVIDENCE_KEY && !present.EVIDENCE_KEY_FILE)
    problems.push(`EVIDENCE_KEY: must be set in production (or EVIDENCE_KEY_FILE), ${KEY_FORMAT.replace('must be ', '')}`);
  if (!parsed.success || problems.length) return refuse(problems);
  const c = parsed.data;
  const backup = backupConfig(c);
  if ('problems' in backup) return refuse(backup.problems);
  const dataDir = c.DATA_DIR ?? dirname(c.DATABASE_PATH);
  const evidenceKey = evidenceKeyOf(c);
  if ('problem' in evidenceKey) return refuse([evidenceKey.problem]);
  const baseUrl = (c.BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, '');
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    databasePath: c.DATABASE_PATH,
    baseUrl,
    secureCookies: baseUrl.startsWith('https:'),
    trustProxy: c.TRUST_PROXY ?? false,
    logLevel: c.LOG_LEVEL,
    smtpUrl: c.SMTP_URL,
    auditPersonViewsPerHour: c.AUDIT_PERSON_VIEWS_PER_HOUR,
    dataDir,
    evidence: {
      dir: join(dataDir, 'evidence'),
      key: evidenceKey.key ?? DEVELOPMENT_EVIDENCE_KEY,
      developmentKey: !evidenceKey.key,
      maxFileBytes: Math.round(c.EVIDENCE_MAX_FILE_MB * MB),
      maxCaseBytes: Math.round(c.EVIDENCE_MAX_CASE_MB * MB),
      clamdSocket: c.CLAMD_SOCKET,
      pdftoppm: c.PDFTOPPM,
    },
    backup,
    secondFactor: c.SECOND_FACTOR,
    totpKey: c.TOTP_KEY ?? DEVELOPMENT_TOTP_KEY,
    developmentTotpKey: !c.TOTP_KEY,
  };
}

function evidenceKeyOf(c: z.infer<typeof ConfigSchema>): { key: Buffer | undefined } | { problem: string } {
  if (c.EVIDENCE_KEY !== undefined && c.EVIDENCE_KEY_FILE) return { problem: 'EVIDENCE_KEY, EVIDENCE_KEY_FILE: set one of them, not both' };
  if (c.EVIDENCE_KEY !== undefined) {
    const key = parseBackupKey(c.EVIDENCE_KEY);
    return key ? { key } : { problem: `EVIDENCE_KEY: ${KEY_FORMAT}` };
  }
  if (!c.EVIDENCE_KEY_FILE) return { key: undefined };
  // A key kept with the files it opens would travel with every backup of them.
  if (isInside(c.EVIDENCE_KEY_FILE, join(c.DATA_DIR ?? dirname(c.DATABASE_PATH), 'evidence')))
    return { problem: 'EVIDENCE_KEY_FILE: the key file is inside DATA_DIR/evidence; keep the key away from the files it opens' };
  try {
    return { key: readBackupKeyFile(c.EVIDENCE_KEY_FILE) };
  } catch (error) {
    return { problem: `EVIDENCE_KEY_FILE ${c.EVIDENCE_KEY_FILE}: ${(error as Error).message}` };
  }
}

function backupConfig(c: z.infer<typeof ConfigSchema>): BackupConfig | { problems: string[] } {
  const problems: string[] = [];
  if (c.BACKUP_EVERY !== undefined && !c.BACKUP_DIR) problems.push('BACKUP_EVERY: needs BACKUP_DIR, the folder the backups go to');
  let key: Buffer | undefined;
  if (c.BACKUP_KEY !== undefined && c.BACKUP_KEY_FILE) problems.push('BACKUP_KEY, BACKUP_KEY_FILE: set one of them, not both');
  else if (c.BACKUP_KEY !== undefined) {
    key = parseBackupKey(c.BACKUP_KEY) ?? undefined;
    if (!key) problems.push(`BACKUP_KEY: ${KEY_FORMAT}`);
  } else if (c.BACKUP_KEY_FILE) {
    if (c.BACKUP_DIR && isInside(c.BACKUP_KEY_FILE, c.BACKUP_DIR))
      problems.push('BACKUP_KEY_FILE: the key file is inside BACKUP_DIR; keep the key away from the backups it opens');
    else {
      try {
        key = readBackupKeyFile(c.BACKUP_KEY_FILE);
      } catch (error) {
        problems.push(`BACKUP_KEY_FILE ${c.BACKUP_KEY_FILE}: ${(error as Error).message}`);
      }
    }
  }
  if (problems.length) return { problems };
  return { dir: c.BACKUP_DIR, everyMs: c.BACKUP_EVERY, keep: c.BACKUP_KEEP, key, keyFile: c.BACKUP_KEY_FILE };
}
