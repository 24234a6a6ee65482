import { createHash } from 'node:crypto';
import { z } from 'zod';

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

export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('./data/uniondesk.sqlite'),
  BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  AUDIT_PERSON_VIEWS_PER_HOUR: z.coerce.number({ error: perHour }).int(perHour).min(1, perHour).max(100_000, perHour).default(DEFAULT_AUDIT_PERSON_VIEWS_PER_HOUR),
  SECOND_FACTOR: z.enum(secondFactorPolicies, { error: 'must be admins-supervisors, everyone or off' }).default('admins-supervisors'),
  TOTP_KEY: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9+/]{43}=$/, keyRule)
    .transform((v) => Buffer.from(v, 'base64'))
    .optional(),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databasePath: string;
  baseUrl: string;
  /** Cookies get the Secure flag when the app is served over https. */
  secureCookies: boolean;
  logLevel: (typeof logLevels)[number];
  smtpUrl: string | undefined;
  /** More distinct person records than this opened by one user within an hour flags them to their supervisors. */
  auditPersonViewsPerHour: number;
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
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  // Checked here rather than in the schema, so that it is told together with any other bad variable.
  if (opts.needsTotpKey !== false && present.NODE_ENV === 'production' && !present.TOTP_KEY) problems.push(`TOTP_KEY: must be set in production, ${keyRule.replace('must be ', '')}`);
  if (!parsed.success || problems.length) {
    // One line (DESIGN §4), naming each bad variable.
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}. See the configuration table in README.md.`);
  }
  const c = parsed.data;
  const baseUrl = (c.BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, '');
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    databasePath: c.DATABASE_PATH,
    baseUrl,
    secureCookies: baseUrl.startsWith('https:'),
    logLevel: c.LOG_LEVEL,
    smtpUrl: c.SMTP_URL,
    auditPersonViewsPerHour: c.AUDIT_PERSON_VIEWS_PER_HOUR,
    secondFactor: c.SECOND_FACTOR,
    totpKey: c.TOTP_KEY ?? DEVELOPMENT_TOTP_KEY,
    developmentTotpKey: !c.TOTP_KEY,
  };
}
