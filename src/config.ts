import { isIP } from 'node:net';
import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const perHour = 'must be a whole number from 1 to 100000';
/** More distinct person records than this opened by one user within an hour flags them to their supervisors. */
export const DEFAULT_AUDIT_PERSON_VIEWS_PER_HOUR = 30;

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
});

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
    trustProxy: c.TRUST_PROXY ?? false,
    logLevel: c.LOG_LEVEL,
    smtpUrl: c.SMTP_URL,
    auditPersonViewsPerHour: c.AUDIT_PERSON_VIEWS_PER_HOUR,
  };
}
