import type { FastifyRequest } from 'fastify';

/**
 * Logs never carry personal data or secrets (DESIGN §3): request logs show the path without its query string
 * (search terms live there) and one-time tokens in paths are masked; bodies, cookies and auth headers are redacted.
 */
export function safePath(url: string): string {
  return url.split('?')[0]!.replace(/\/(set-password|calendar|shared)\/[^/]+/, '/$1/[token]');
}

/**
 * An error as the log may keep it: its class, code and stack frames, never its message. A message is written by
 * whoever threw, and an unknown error's often quotes the input (`RangeError: Invalid currency code : <what was
 * typed>`, a ZodError's issues, a SqliteError's failing value), so it could carry what a user submitted.
 */
export type SafeError = { type: string; message: string; stack: string; code?: string | number; statusCode?: number; cause?: SafeError };

export function safeError(error: unknown): SafeError {
  const message = '[not logged]';
  if (!(error instanceof Error)) return { type: typeof error, message, stack: '' };
  const e = error as Error & { code?: unknown; statusCode?: unknown; cause?: unknown };
  const frames = (e.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .map((line) => line.trim());
  return {
    type: e.constructor?.name || e.name,
    message,
    stack: frames.join('\n'),
    ...(typeof e.code === 'string' || typeof e.code === 'number' ? { code: e.code } : {}),
    ...(typeof e.statusCode === 'number' ? { statusCode: e.statusCode } : {}),
    ...(e.cause !== undefined ? { cause: safeError(e.cause) } : {}),
  };
}

export function loggerOptions(level: string) {
  return {
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        'body',
        '*.password',
        '*.email',
        '*.name',
        '*.alias',
        '*.note',
        '*.token',
      ],
      censor: '[redacted]',
    },
    serializers: {
      err: safeError,
      req(request: FastifyRequest) {
        return { method: request.method, url: safePath(request.url), reqId: request.id };
      },
    },
  };
}
