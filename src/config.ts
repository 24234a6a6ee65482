import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const perHour = 'must be a whole number from 1 to 100000';
/** More distinct person records than this opened by one user within an hour flags them to their supervisors. */
export const DEFAULT_AUDIT_PERSON_VIEWS_PER_HOUR = 30;

export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('./data/uniondesk.sqlite'),
  BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  AUDIT_PERSON_VIEWS_PER_HOUR: z.coerce.number({ error: perHour }).int(perHour).min(1, perHour).max(100_000, perHour).default(DEFAULT_AUDIT_PERSON_VIEWS_PER_HOUR),
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
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty variables count as unset, as a shell `FOO= cmd` user would expect.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(present);
  if (!parsed.success) {
    // One line (DESIGN §4), naming each bad variable.
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
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
  };
}
